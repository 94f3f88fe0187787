"""Writes to plans: create, edit a draft, issue (number from the committee's yearly register),
correct an issued plan (a new version, the old text kept as a PlanRevision), close.

Plans know nothing of the apps built on them. The reporting duties of a plan belong to `reports`;
issuing a plan together with its duties is `plan_issue_with_duties` (reports/duties/services.py),
which calls `plan_issue` here.
"""

import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee
from lib.uploads import KINDS, checked_upload

from .models import Milestone, Plan, PlanAttachment, PlanRevision, Recipient

# The text fields of a plan a person writes; the same list is copied into a revision snapshot.
TEXT_FIELDS = [
    "kind",
    "symbol",
    "place",
    "issued_on",
    "title",
    "preamble",
    "legal_bases",
    "purpose",
    "content",
    "organisation",
    "closing_text",
    "signer_on_behalf",
    "signer_position",
    "signer_name",
]

USER_FIELDS = ["created_by", "issued_by"]  # null for plans recorded by a script

_RECIPIENT_PURPOSE = re.compile(r"^(?P<name>.*?)\s*(?P<purpose>\((?:[^()]|\([^()]*\))*\))\s*$")
_MILESTONE_DATE = re.compile(r"\s*\|\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _ensure_draft(plan: Plan) -> None:
    if plan.state != Plan.State.DRAFT:
        raise ValidationError(_("Kế hoạch đã ban hành, không sửa trực tiếp được. Dùng chức năng “Điều chỉnh”."))


# --- text helpers (also used by the forms and the demo) -------------------------------------
def parse_recipient_line(line: str) -> tuple[str, str]:
    """ "- BTT Ủy ban MTTQVN tỉnh (B/c);" -> ("BTT Ủy ban MTTQVN tỉnh", "(B/c)")."""
    text = line.strip().lstrip("-–•").strip().rstrip(";.,").strip()
    match = _RECIPIENT_PURPOSE.match(text)
    if match and match.group("name"):
        return match.group("name").strip().rstrip(",;"), match.group("purpose")
    return text, ""


def recipients_text(plan: Plan) -> str:
    return "\n".join(str(r) for r in plan.recipients.all())


def parse_milestone_line(line: str) -> tuple[str, str, datetime.date | None]:
    """ "Cấp phường: hoàn thành giữa tháng 6/2022 | 15/06/2022" -> (level, description, date)."""
    text = line.strip().lstrip("-–•").strip()
    due = None
    match = _MILESTONE_DATE.search(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            due = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(
                _("Ngày không hợp lệ trong dòng tiến độ: %(line)s") % {"line": line.strip()}
            ) from None
        text = text[: match.start()].strip()
    level, sep, description = text.partition(":")
    if not sep:
        return "", text, due
    return level.strip(), description.strip(), due


def milestones_text(plan: Plan) -> str:
    lines = []
    for m in plan.milestones.all():
        line = f"{m.level_label}: {m.description}" if m.level_label else m.description
        if m.due_date:
            line += f" | {m.due_date:%d/%m/%Y}"
        lines.append(line)
    return "\n".join(lines)


def _set_recipients(plan: Plan, text: str) -> None:
    plan.recipients.all().delete()
    rows = []
    for position, line in enumerate(line for line in text.splitlines() if line.strip().lstrip("-").strip()):
        name, purpose = parse_recipient_line(line)
        recipient = Recipient(plan=plan, name=name, purpose=purpose, position=position)
        recipient.full_clean()
        rows.append(recipient)
    Recipient.objects.bulk_create(rows)


def _set_milestones(plan: Plan, text: str) -> None:
    plan.milestones.all().delete()
    rows = []
    for position, line in enumerate(line for line in text.splitlines() if line.strip().lstrip("-").strip()):
        level, description, due = parse_milestone_line(line)
        milestone = Milestone(plan=plan, level_label=level, description=description, due_date=due, position=position)
        milestone.full_clean(exclude=["level_label"])
        rows.append(milestone)
    Milestone.objects.bulk_create(rows)


# --- services ---------------------------------------------------------------------------------
@transaction.atomic
def plan_create(*, committee: Committee, by, recipients: str = "", milestones: str = "", **fields) -> Plan:
    plan = Plan(committee=committee, created_by=by, **fields)
    if not plan.place:
        plan.place = committee.document_place
    plan.full_clean(exclude=USER_FIELDS)
    plan.save()
    _set_recipients(plan, recipients)
    _set_milestones(plan, milestones)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, by, recipients: str | None = None, milestones: str | None = None, **fields) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _ensure_draft(plan)
    for name, value in fields.items():
        if name not in TEXT_FIELDS:
            raise ValueError(f"{name} is not an editable field of a plan")
        setattr(plan, name, value)
    plan.full_clean(exclude=USER_FIELDS)
    plan.save()
    if recipients is not None:
        _set_recipients(plan, recipients)
    if milestones is not None:
        _set_milestones(plan, milestones)
    return plan


def plan_number_next(*, committee: Committee, year: int) -> int:
    """The next free number of the committee's register for the year (call inside a lock)."""
    last = Plan.objects.filter(committee=committee, year=year, number__isnull=False).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


@transaction.atomic
def plan_issue(*, plan: Plan, by, number: int | None = None, issued_on: datetime.date | None = None) -> Plan:
    """Give the plan its number from the committee's yearly register and lock its contents.

    `number` is for recording a plan already numbered on paper; otherwise the next free number
    is taken. The committee row is locked so that two issues never compute the same number; the
    unique constraint (committee, year, number) is the last word.
    """
    Committee.objects.select_for_update().filter(pk=plan.committee_id).first()
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != Plan.State.DRAFT:
        raise ValidationError(_("Kế hoạch này đã được ban hành."))
    issued_on = issued_on or plan.issued_on or timezone.localdate()
    year = issued_on.year
    if number is None:
        number = plan_number_next(committee=plan.committee, year=year)
    elif number < 1:
        raise ValidationError({"number": _("Số văn bản phải là số nguyên dương.")})
    elif Plan.objects.filter(committee=plan.committee, year=year, number=number).exclude(pk=plan.pk).exists():
        raise ValidationError(
            {
                "number": _("Số %(number)s/%(symbol)s đã được dùng cho một kế hoạch khác trong năm %(year)s.")
                % {"number": f"{number:02d}", "symbol": plan.symbol, "year": year}
            }
        )
    plan.number, plan.year, plan.issued_on = number, year, issued_on
    plan.state = Plan.State.ISSUED
    plan.issued_by, plan.issued_at = by, timezone.now()
    plan.full_clean(exclude=USER_FIELDS)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ValidationError({"number": _("Số văn bản này đã được dùng cho một kế hoạch khác trong năm.")}) from None
    return plan


def plan_snapshot(plan: Plan) -> dict:
    data = {name: getattr(plan, name) for name in TEXT_FIELDS}
    data["issued_on"] = plan.issued_on.isoformat() if plan.issued_on else None
    data["document_number"] = plan.document_number
    data["recipients"] = [[r.name, r.purpose] for r in plan.recipients.all()]
    data["milestones"] = [
        [m.level_label, m.description, m.due_date.isoformat() if m.due_date else None] for m in plan.milestones.all()
    ]
    data["attachments"] = [a.original_name for a in plan.attachments.order_by("uploaded_at", "pk")]
    return data


@transaction.atomic
def plan_correct(
    *, plan: Plan, by, note: str, recipients: str | None = None, milestones: str | None = None, **fields
) -> Plan:
    """Correct an issued plan: the text before is kept as a PlanRevision, the version goes up.
    The number and the date of issue do not change."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != Plan.State.ISSUED:
        raise ValidationError(_("Chỉ điều chỉnh được kế hoạch đã ban hành."))
    if not note.strip():
        raise ValidationError({"note": _("Xin ghi lý do điều chỉnh.")})
    PlanRevision.objects.create(plan=plan, version=plan.version, snapshot=plan_snapshot(plan), note=note, created_by=by)
    for name, value in fields.items():
        if name not in TEXT_FIELDS or name in ("issued_on", "symbol"):
            raise ValueError(f"{name} cannot be corrected")
        setattr(plan, name, value)
    plan.version += 1
    plan.full_clean(exclude=USER_FIELDS)
    plan.save()
    if recipients is not None:
        _set_recipients(plan, recipients)
    if milestones is not None:
        _set_milestones(plan, milestones)
    return plan


@transaction.atomic
def plan_close(*, plan: Plan, by) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != Plan.State.ISSUED:
        raise ValidationError(_("Chỉ kết thúc được kế hoạch đã ban hành."))
    plan.state, plan.closed_at = Plan.State.CLOSED, timezone.now()
    plan.save(update_fields=["state", "closed_at", "updated_at"])
    return plan


@transaction.atomic
def plan_delete_draft(*, plan: Plan, by) -> None:
    _ensure_draft(plan)
    files = [(a.file.storage, a.file.name) for a in plan.attachments.all()]
    plan.delete()
    for storage, path in files:
        transaction.on_commit(lambda storage=storage, path=path: storage.delete(path))


# --- attachments ------------------------------------------------------------------------------
def _check_attachments_changeable(plan: Plan, note: str) -> None:
    """A draft takes attachments freely; an issued plan only as a correction (with a reason); a
    closed plan never."""
    if plan.state == Plan.State.CLOSED:
        raise ValidationError(_("Kế hoạch đã kết thúc, không thay đổi tệp đính kèm được."))
    if plan.state == Plan.State.ISSUED and not note.strip():
        raise ValidationError({"note": _("Kế hoạch đã ban hành: xin ghi lý do điều chỉnh.")})


@transaction.atomic
def plan_record_correction(*, plan: Plan, by, note: str) -> PlanRevision:
    """A correction of an issued plan made outside its text (its attachments; a reporting duty
    added by reports): the plan as it was is kept in a PlanRevision with the reason, the version
    goes up."""
    revision = PlanRevision.objects.create(
        plan=plan, version=plan.version, snapshot=plan_snapshot(plan), note=note.strip(), created_by=by
    )
    plan.version += 1
    plan.save(update_fields=["version", "updated_at"])
    return revision


def _record_attachment_correction(plan: Plan, by, note: str) -> None:
    """On an issued plan, a change of attachments is a correction: a new version, the old list
    kept in a PlanRevision."""
    if plan.state == Plan.State.ISSUED:
        plan_record_correction(plan=plan, by=by, note=note)


@transaction.atomic
def plan_attachment_add(*, plan: Plan, uploaded_file, by, note: str = "") -> PlanAttachment:
    """Store one file of the plan under a generated name, after checking its size and its real
    type (from the content; the extension must agree with it)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _check_attachments_changeable(plan, note)
    try:  # the one upload check (lib.uploads): size, real type, extension agreeing
        name, kind = checked_upload(uploaded_file, limit_mb=settings.UPLOAD_MAX_FILE_MB, default_name="tep-dinh-kem")
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    extensions = KINDS[kind][1]
    _record_attachment_correction(plan, by, note)
    attachment = PlanAttachment(plan=plan, original_name=name, size=uploaded_file.size, uploaded_by=by)
    uploaded_file.seek(0)
    attachment.file.save(f"{uuid.uuid4().hex}{extensions[0]}", uploaded_file, save=False)
    try:
        attachment.full_clean(exclude=["uploaded_by"])
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def plan_attachment_remove(*, attachment: PlanAttachment, by, note: str = "") -> None:
    plan = Plan.objects.select_for_update().get(pk=attachment.plan_id)
    _check_attachments_changeable(plan, note)
    _record_attachment_correction(plan, by, note)
    storage, path = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path))
