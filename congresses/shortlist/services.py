"""Writes of the short list: one row, or the whole list from Excel (all rows or none)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from congresses.dossier.selectors import dossier_locked
from congresses.models import Congress, Nominee
from congresses.shortlist.selectors import reference_date
from congresses.shortlist.values import COLUMNS, clean_row

FIELDS = [field for field, _header in COLUMNS]


def check_editable(congress: Congress) -> None:
    if dossier_locked(congress):
        raise ValidationError(_("Hồ sơ đã được duyệt xong và khóa: không sửa danh sách trích ngang nữa."))


@transaction.atomic
def nominee_save(*, congress: Congress, raw: dict, nominee: Nominee | None = None, by=None) -> Nominee:
    """Add or change one row from raw values (as typed); ValidationError by field otherwise."""
    check_editable(congress)
    values, errors = clean_row(raw, on=reference_date(congress))
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    if nominee is None:
        last = Nominee.objects.filter(congress=congress).aggregate(m=Max("position"))["m"]
        nominee = Nominee(congress=congress, position=(last or 0) + 1)
    elif nominee.congress_id != congress.pk:
        raise ValidationError(_("Dòng không thuộc danh sách này."))
    for field, value in values.items():
        setattr(nominee, field, value)
    nominee.full_clean()
    nominee.save()
    return nominee


@transaction.atomic
def nominee_delete(*, nominee: Nominee, by=None) -> None:
    check_editable(nominee.congress)
    nominee.delete()


@transaction.atomic
def shortlist_replace(*, congress: Congress, rows: list[dict], by=None) -> int:
    """Replace the whole list by `rows` (already checked); returns the number of rows."""
    check_editable(congress)
    Nominee.objects.filter(congress=congress).delete()
    nominees = []
    for position, values in enumerate(rows, start=1):
        nominee = Nominee(congress=congress, position=position, **values)
        nominee.full_clean(exclude=["congress"])
        nominees.append(nominee)
    Nominee.objects.bulk_create(nominees, batch_size=500)
    return len(nominees)
