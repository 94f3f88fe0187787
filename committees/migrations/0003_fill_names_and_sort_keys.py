"""Fill Committee.sort_name and Committee.tier for existing committees, and Profile.full_name for existing accounts.

Accounts made before profiles kept the name split the Western way (last_name = family name,
first_name = the rest, as the demo loader did): the full name is put back in Vietnamese order,
once, here; from now on it is stored as written and first_name/last_name are not used."""

import unicodedata

from django.conf import settings
from django.db import migrations

from committees.models import tier_for
from lib.vnsort import sort_key


def forwards(apps, schema_editor):
    Committee = apps.get_model("committees", "Committee")
    tiers = {}
    for committee in Committee.objects.order_by("depth", "pk").only("pk", "name", "level", "kind", "parent_id"):
        tiers[committee.pk] = tier_for(committee.level, committee.kind, tiers.get(committee.parent_id))
        Committee.objects.filter(pk=committee.pk).update(sort_name=sort_key(committee.name), tier=tiers[committee.pk])
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Profile = apps.get_model("committees", "Profile")
    have = set(Profile.objects.values_list("user_id", flat=True))
    new = []
    for user in User.objects.exclude(pk__in=have).only("pk", "first_name", "last_name").iterator():
        name = " ".join(f"{user.last_name} {user.first_name}".split())
        new.append(Profile(user_id=user.pk, full_name=unicodedata.normalize("NFC", name)))
    Profile.objects.bulk_create(new, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0002_names_and_sorting"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
