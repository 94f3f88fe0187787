"""Data of bench/rush.py, run in the site's own settings: `rush_data.py N` builds a city with N
wards, each with an officer (password PASSWORD) owing one report due 10 minutes from now, and prints
them as JSON; `rush_data.py check` prints what the rush left (submitted, late, several versions)."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")


def build(n: int) -> dict:
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from bench.rush import PASSWORD
    from committees.models import Committee, Membership
    from plans.models import Plan
    from reports.models import Outline, OutlineItem, ReportingDuty, Submission

    User = get_user_model()
    now = timezone.now()
    with transaction.atomic():
        city = Committee.objects.create(name="Ủy ban MTTQ thành phố Thử", level="Thành phố", code="rush-city")
        wards = [
            Committee.objects.create(name=f"Ủy ban MTTQ phường {i + 1}", level="Phường", code=f"rush-{i}", parent=city)
            for i in range(n)
        ]
        hashed = make_password(PASSWORD)
        users = User.objects.bulk_create([User(username=f"canbo{i}", password=hashed) for i in range(n)])
        Membership.objects.bulk_create(
            [Membership(user=u, committee=w, role="officer") for u, w in zip(users, wards, strict=True)]
        )
        outline = Outline.objects.create(committee=city, title="Đề cương")
        items = [
            OutlineItem.objects.create(outline=outline, title=f"Mục {k + 1}", label=f"{k + 1}.", position=k, required=k == 0)
            for k in range(3)
        ]
        plan = Plan.objects.create(committee=city, state="issued", title="Kế hoạch", number=1, year=2026, issued_on=now.date())
        duty = ReportingDuty.objects.create(plan=plan, outline=outline, title="Báo cáo", deadline=now + timedelta(minutes=10))
        subs = Submission.objects.bulk_create([Submission(duty=duty, committee=w) for w in wards])
    subs = {s.committee_id: s.pk for s in Submission.objects.filter(duty=duty)}
    return {
        "officers": [
            {"username": u.username, "submission": subs[w.pk], "items": [i.pk for i in items]}
            for u, w in zip(users, wards, strict=True)
        ]
    }


def check() -> dict:
    from django.db.models import Count

    from reports.models import Submission

    subs = Submission.objects.with_status().annotate(n_versions=Count("versions"))
    return {
        "submitted": subs.filter(state="submitted").count(),
        "late": subs.filter(state="submitted", late=True).count(),
        "multi_version": subs.filter(n_versions__gt=1).count(),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(check() if sys.argv[1] == "check" else build(int(sys.argv[1]))))
