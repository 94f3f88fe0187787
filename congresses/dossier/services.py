"""The dossier of a congress on top of the approvals chain: the case opened with the round's chain
for the unit's level and the round's document list, each upload a new version of one document
(checked with lib.uploads), the dossier sent up. Decisions and meetings are the approvals app's
(its pages), since every level decides there."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import services as approvals
from approvals.services import ItemSpec, StepSpec
from committees.models import Committee
from congresses.models import ChainStep, Congress, DocumentVersion
from lib.uploads import checked_upload


def _ancestor(unit: Committee, tier: str) -> Committee:
    ancestor = unit.ancestors().filter(tier=tier, kind=Committee.Kind.FRONT).order_by("-depth").first()
    if ancestor is None:
        raise ValidationError(
            _("%(unit)s không có cấp trên ở %(tier)s để duyệt hồ sơ.")
            % {"unit": unit.name, "tier": Committee.Tier(tier).label.lower()}
        )
    return ancestor


def chain_specs(congress: Congress) -> list[StepSpec]:
    """The round's chain for the unit's level, each step bound to a committee (the unit's ancestor
    at that tier) or to none (the Party committee of the same level, recorded by the unit)."""
    specs = []
    for step in congress.level.chain.all():
        if step.kind == ChainStep.Kind.PARTY:
            specs.append(StepSpec(label=step.label or str(step.get_kind_display()), committee=None))
        else:
            ancestor = _ancestor(congress.committee, step.kind)
            specs.append(StepSpec(label=_("Ban Thường trực %(name)s") % {"name": ancestor.name}, committee=ancestor))
    return specs


def _end_of(day: datetime.date | None) -> datetime.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


@transaction.atomic
def dossier_open(*, congress: Congress) -> Congress:
    """Open (or bring up to date, before it is sent) the congress's dossier."""
    level = congress.level
    case = approvals.case_open(
        subject=congress.committee,
        owner_key=congress.owner_key,
        title=_("Hồ sơ duyệt Đại hội %(unit)s nhiệm kỳ %(term)s")
        % {"unit": congress.committee.name, "term": congress.round.term},
        link=reverse("congresses-congress", args=[congress.pk]),
        steps=chain_specs(congress),
        items=[ItemSpec(key=d.key, label=d.label, required=d.required) for d in congress.round.documents.all()],
        submit_deadline=_end_of(level.submit_deadline),
        approve_deadline=_end_of(level.approve_deadline),
    )
    if congress.case_id != case.pk:
        congress.case = case
        congress.save(update_fields=["case"])
    return congress


@transaction.atomic
def document_upload(*, congress: Congress, key: str, upload, by) -> DocumentVersion:
    """A new version of one dossier document: the file is checked by its content
    (lib.uploads.checked_upload), stored, and submitted to the chain (a returned document reopens alone)."""
    if congress.case_id is None:
        dossier_open(congress=congress)
    if not congress.round.documents.filter(key=key).exists():
        raise ValidationError(_("Hồ sơ không có tài liệu “%(key)s”.") % {"key": key})
    try:
        name, kind = checked_upload(upload, limit_mb=settings.UPLOAD_MAX_FILE_MB, default_name=key)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    number = (DocumentVersion.objects.filter(congress=congress, key=key).aggregate(m=Max("number"))["m"] or 0) + 1
    version = DocumentVersion(
        congress=congress, key=key, number=number, original_name=name, kind=kind, size=upload.size, uploaded_by=by
    )
    version.file.save(f"{congress.pk}-{key}-{number}.{kind}", upload, save=False)
    try:
        version.save()
        approvals.item_submit(
            case=congress.case, key=key, link=reverse("congresses-document-download", args=[version.pk]), by=by
        )
    except Exception:
        version.file.delete(save=False)  # the transaction rolls back: no file without its row
        raise
    return version


@transaction.atomic
def dossier_send(*, congress: Congress, by) -> Congress:
    if congress.case_id is None:
        dossier_open(congress=congress)
    approvals.case_send(case=congress.case, by=by)
    return congress
