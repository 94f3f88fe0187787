"""Every write of the approval chain. Keyword-only, atomic; each begins by taking the case's row
lock (`_lock`), so two people acting on one dossier at once are served one after the other and the
second sees what the first did (two approvers of the last document never both advance the case).

Refusals raise ApprovalError (a ValidationError) whose message says, in Vietnamese, what is wrong;
messages about one form field are keyed by that field (comment, held_on, conclusions, minutes)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.access import get_access
from committees.models import Committee
from lib.uploads import checked_upload

from . import emails, signals
from .models import Case, Decision, Item, Meeting, Step

Outcome = Decision.Outcome


class ApprovalError(ValidationError):
    """A write the chain refuses; the message says why (Vietnamese, through gettext)."""


@dataclass(frozen=True)
class StepSpec:
    """One level of a chain, as the owning app sets it: a committee whose standing committee
    decides, or (committee None) a level outside the Front recorded by the subject unit."""

    label: str
    committee: Committee | None = None


@dataclass(frozen=True)
class ItemSpec:
    """One document of the dossier: `key` is the owner's slug for it ("chuong-trinh")."""

    key: str
    label: str
    required: bool = True


def _now() -> datetime:
    return timezone.now()


def _lock(case: Case) -> Case:
    """The case, fresh from the database, with its row lock held to the end of the transaction
    (PostgreSQL: SELECT ... FOR UPDATE; SQLite: the write lock taken at BEGIN IMMEDIATE)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _steps(case: Case) -> list[Step]:
    return list(case.steps.select_related("committee").order_by("position"))


def current_step(steps: list[Step]) -> Step | None:
    """The step whose turn it is: the last one the dossier reached (None before it is sent)."""
    reached = [s for s in steps if s.reached_at is not None]
    return reached[-1] if reached else None


def _latest(item: Item, step: Step) -> Decision | None:
    return Decision.objects.filter(item=item, step=step).order_by("-pk").first()


def _check_open(case: Case, message: str) -> None:
    if case.is_locked:
        raise ApprovalError(message, code="locked")


def _check_preparer(case: Case, by) -> None:
    if not get_access(by).can_prepare_dossier(case.subject):
        raise ApprovalError(
            _("Chỉ cán bộ của %(unit)s mới nộp, gửi được hồ sơ này.") % {"unit": case.subject.name}, code="forbidden"
        )


def _step_of(case: Case, step: Step, steps: list[Step]) -> Step:
    """`step` as stored, refused unless it is one of the case's steps."""
    for s in steps:
        if s.pk == step.pk:
            return s
    raise ApprovalError(
        _("“%(step)s” không có trong các cấp phê duyệt của hồ sơ này.") % {"step": step.label}, code="not_in_chain"
    )


def _check_turn(case: Case, step: Step, steps: list[Step], by) -> None:
    """Refuse unless the dossier is at `step` now and `by` may act for that level."""
    if not case.is_sent:
        raise ApprovalError(_("Hồ sơ chưa được gửi đi nên chưa đến lượt cấp nào xét duyệt."), code="not_sent")
    current = current_step(steps)
    if step.position > current.position:
        raise ApprovalError(
            _("Chưa đến lượt %(step)s: hồ sơ đang chờ %(current)s xét duyệt.")
            % {"step": step.label, "current": current.label},
            code="not_yet",
        )
    if step.position < current.position:
        raise ApprovalError(
            _("%(step)s đã thông qua hồ sơ; hồ sơ đang ở %(current)s.")
            % {"step": step.label, "current": current.label},
            code="turn_passed",
        )
    if not get_access(by).can_decide_step(step.committee, subject=case.subject):
        if step.is_outside:
            message = _("%(step)s là cấp ngoài Mặt trận: chỉ cán bộ của %(unit)s ghi nhận ý kiến của cấp này.")
        else:
            message = _("Chỉ Ban Thường trực của %(step)s mới xét duyệt được ở cấp này.")
        raise ApprovalError(message % {"step": step.label, "unit": case.subject.name}, code="wrong_level")


# --- opening a case ---------------------------------------------------------------------------
def _check_specs(steps: list[StepSpec], items: list[ItemSpec], submit_deadline, approve_deadline) -> None:
    if not steps:
        raise ApprovalError(_("Hồ sơ phải có ít nhất một cấp phê duyệt."), code="no_steps")
    if not items:
        raise ApprovalError(_("Hồ sơ phải có ít nhất một tài liệu."), code="no_items")
    keys = [spec.key for spec in items]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise ApprovalError(_("Mã tài liệu bị trùng: %(keys)s.") % {"keys": ", ".join(doubled)}, code="duplicate_key")
    if submit_deadline and approve_deadline and approve_deadline < submit_deadline:
        raise ApprovalError(
            {"approve_deadline": _("Hạn phê duyệt phải sau hạn đơn vị gửi hồ sơ.")}, code="deadlines_order"
        )


def _create_case(values: dict) -> Case:
    case = Case(**values)
    case.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # the same owner_key opened at the same moment by another request
        return _lock(Case.objects.get(owner_key=values["owner_key"]))
    return case


def _set_steps(case: Case, specs: list[StepSpec]) -> None:
    stored = _steps(case)
    if [(s.label, s.committee_id) for s in stored] == [
        (p.label, p.committee.pk if p.committee else None) for p in specs
    ]:
        return
    if case.is_sent:
        raise ApprovalError(_("Hồ sơ đã gửi đi: không đổi được các cấp phê duyệt."), code="steps_fixed")
    case.steps.all().delete()
    for position, spec in enumerate(specs, 1):
        step = Step(case=case, position=position, label=spec.label, committee=spec.committee)
        step.full_clean()
        step.save()


def _set_items(case: Case, specs: list[ItemSpec]) -> None:
    stored = {item.key: item for item in case.items.all()}
    wanted = [spec.key for spec in specs]
    if case.is_sent and set(stored) != set(wanted):
        raise ApprovalError(_("Hồ sơ đã gửi đi: không thêm, bớt tài liệu được."), code="items_fixed")
    case.items.exclude(key__in=wanted).delete()
    for position, spec in enumerate(specs, 1):
        item = stored.get(spec.key) or Item(case=case, key=spec.key)
        if item.pk and (item.label, item.required, item.position) == (spec.label, spec.required, position):
            continue
        item.label, item.required, item.position = spec.label, spec.required, position
        item.full_clean(validate_unique=False)
        item.save()


@transaction.atomic
def case_open(
    *,
    subject: Committee,
    owner_key: str,
    title: str,
    link: str = "",
    steps: list[StepSpec],
    items: list[ItemSpec],
    submit_deadline: datetime | None = None,
    approve_deadline: datetime | None = None,
) -> Case:
    """Open the dossier of `subject` for the owner's `owner_key`, or bring the open one up to date.

    Idempotent on owner_key: calling it again returns the same case, with title, link and deadlines
    updated. Before the dossier is sent, the chain is replaced and the documents are matched by key
    (new ones added, ones no longer listed removed, labels and order updated; what was submitted is
    kept). Once sent, the chain and the set of documents are fixed (a change is refused; labels may
    still change); once locked, nothing changes (refused if anything would)."""
    _check_specs(steps, items, submit_deadline, approve_deadline)
    values = {
        "subject": subject,
        "owner_key": owner_key,
        "title": title,
        "link": link,
        "submit_deadline": submit_deadline,
        "approve_deadline": approve_deadline,
    }
    case = Case.objects.select_for_update().filter(owner_key=owner_key).first() or _create_case(values)
    if case.subject_id != subject.pk:
        raise ApprovalError(
            _("Mã hồ sơ %(key)s đã dùng cho đơn vị khác (%(unit)s).") % {"key": owner_key, "unit": case.subject.name},
            code="owner_key_taken",
        )
    changed = [name for name, value in values.items() if name != "subject" and getattr(case, name) != value]
    if changed:
        _check_open(case, _("Hồ sơ đã được phê duyệt xong và đã khóa: không sửa được."))
        for name in changed:
            setattr(case, name, values[name])
        case.full_clean(validate_unique=False)
        case.save(update_fields=changed)
    if case.is_locked:
        if [(s.label, s.committee_id) for s in _steps(case)] != [
            (p.label, p.committee.pk if p.committee else None) for p in steps
        ] or list(case.items.values_list("key", "label", "required")) != [(i.key, i.label, i.required) for i in items]:
            raise ApprovalError(_("Hồ sơ đã được phê duyệt xong và đã khóa: không sửa được."), code="locked")
        return case
    _set_steps(case, steps)
    _set_items(case, items)
    return case


# --- the unit: documents and sending ---------------------------------------------------------
@transaction.atomic
def item_submit(*, case: Case, key: str, link: str, by) -> Item:
    """A new version of one document (version + 1, submitted now, `link` to read it).

    Before the dossier is sent, any document may be replaced. Once sent, a document waiting for the
    current level may be replaced (the level decides on the newest version), a returned document is
    submitted again and waits again at the level that returned it (the others keep their
    approvals); a document the current level already approved, a document not in the dossier when
    it was sent, and anything in a locked dossier are refused."""
    case = _lock(case)
    _check_preparer(case, by)
    _check_open(case, _("Hồ sơ đã được phê duyệt xong và đã khóa: không nộp phiên bản mới được."))
    item = case.items.filter(key=key).first()
    if item is None:
        raise ApprovalError(_("Hồ sơ không có tài liệu “%(key)s”.") % {"key": key}, code="no_such_item")
    if case.is_sent:
        if not item.is_submitted:
            raise ApprovalError(
                _("Hồ sơ đã gửi đi mà chưa có “%(item)s”: không bổ sung tài liệu này được.") % {"item": item.label},
                code="not_in_dossier",
            )
        step = current_step(_steps(case))
        latest = _latest(item, step)
        if latest and latest.outcome == Outcome.APPROVED and latest.item_version == item.version:
            raise ApprovalError(
                _("“%(item)s” đã được %(step)s thông qua; chỉ nộp lại khi bị trả lại.")
                % {"item": item.label, "step": step.label},
                code="already_approved",
            )
    item.version += 1
    item.submitted_at = _now()
    item.link = link
    item.full_clean(validate_unique=False)
    item.save(update_fields=["version", "submitted_at", "link"])
    return item


def _reach(case: Case, step: Step, now: datetime) -> None:
    step.reached_at = now
    step.save(update_fields=["reached_at"])
    if step.committee_id:
        emails.case_reached_step(case=case, step=step)


@transaction.atomic
def case_send(*, case: Case, by) -> Case:
    """The unit sends its dossier up: it reaches the first level. Refused when a required document
    is missing (all of them are named), when it was already sent, or when it is locked. The next
    levels are reached by the chain itself, when the level below has approved every document."""
    locked = _lock(case)
    _check_preparer(locked, by)
    _check_open(locked, _("Hồ sơ đã được phê duyệt xong và đã khóa."))
    if locked.is_sent:
        raise ApprovalError(
            _("Hồ sơ đã được gửi đi lúc %(at)s.")
            % {"at": timezone.localtime(locked.sent_at).strftime("%H:%M %d/%m/%Y")},
            code="already_sent",
        )
    missing = [item.label for item in locked.items.filter(required=True, version=0).order_by("position", "pk")]
    if missing:
        raise ApprovalError(
            _("Chưa gửi được: còn thiếu tài liệu bắt buộc: %(items)s.") % {"items": "; ".join(missing)},
            code="missing_required",
        )
    now = _now()
    locked.sent_at = now
    locked.save(update_fields=["sent_at"])
    _reach(locked, _steps(locked)[0], now)
    case.sent_at = now
    return locked


# --- the levels: meetings and decisions -------------------------------------------------------
@transaction.atomic
def meeting_record(*, case: Case, step: Step, held_on: date, conclusions: str, minutes=None, by) -> Meeting:
    """The meeting at which the level whose turn it is examined the dossier. For a level outside
    the Front the subject unit records it, and the minutes file is required (it is the only trace
    of that level's decision here)."""
    case = _lock(case)
    steps = _steps(case)
    step = _step_of(case, step, steps)
    _check_open(case, _("Hồ sơ đã được phê duyệt xong và đã khóa."))
    _check_turn(case, step, steps, by)
    errors = {}
    conclusions = (conclusions or "").strip()
    if not conclusions:
        errors["conclusions"] = _("Hãy ghi kết luận của cuộc họp.")
    if held_on is None:
        errors["held_on"] = _("Hãy nhập ngày họp (dd/mm/yyyy).")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("Ngày họp %(d)s chưa tới: chỉ ghi cuộc họp đã diễn ra.") % {
            "d": held_on.strftime("%d/%m/%Y")
        }
    if minutes is None and step.is_outside:
        errors["minutes"] = _("Hãy đính kèm biên bản cuộc họp của %(step)s.") % {"step": step.label}
    name = ""
    if minutes is not None:
        try:
            name, _kind = checked_upload(minutes, limit_mb=settings.UPLOAD_MAX_FILE_MB, default_name="bien-ban")
        except ValidationError as exc:
            errors["minutes"] = exc.messages[0]
    if errors:
        raise ApprovalError(errors, code="bad_meeting")
    meeting = Meeting(
        case=case, step=step, held_on=held_on, conclusions=conclusions, minutes_name=name, recorded_by=by, at=_now()
    )
    if minutes is not None:
        meeting.minutes.save(name, minutes, save=False)
    try:
        meeting.full_clean()
        meeting.save()
    except Exception:
        if meeting.minutes:
            meeting.minutes.delete(save=False)
        raise
    return meeting


def _all_approved(case: Case, step: Step) -> bool:
    """Every document of the dossier approved by `step`, in its current version."""
    latest: dict[int, Decision] = {}
    for decision in Decision.objects.filter(step=step).order_by("pk"):
        latest[decision.item_id] = decision
    for item in case.items.filter(version__gt=0):
        decision = latest.get(item.pk)
        if decision is None or decision.outcome != Outcome.APPROVED or decision.item_version != item.version:
            return False
    return True


@transaction.atomic
def decision_record(
    *,
    case: Case,
    step: Step,
    key: str,
    outcome: str,
    comment: str = "",
    by,
    meeting: Meeting | None = None,
    item_version: int | None = None,
) -> Decision:
    """The level at `step` approves or returns one document (a return needs a comment).

    Refused: a step not in the chain, a level whose turn has not come or has passed, a person who
    does not act for that level, a document not submitted, a locked dossier, and (when the caller
    passes the `item_version` it showed) a document that got a newer version meanwhile. A level
    outside the Front needs the `meeting` recorded for it. The same decision twice (a double click)
    is recorded once. When the level has approved every document, the dossier goes up to the next
    level (its standing committee is emailed), or, after the last level, it is locked."""
    case = _lock(case)
    steps = _steps(case)
    step = _step_of(case, step, steps)
    _check_open(case, _("Hồ sơ đã được phê duyệt xong và đã khóa: không thay đổi quyết định được."))
    _check_turn(case, step, steps, by)
    item = case.items.filter(key=key).first()
    if item is None:
        raise ApprovalError(_("Hồ sơ không có tài liệu “%(key)s”.") % {"key": key}, code="no_such_item")
    if not item.is_submitted:
        raise ApprovalError(_("“%(item)s” chưa được nộp.") % {"item": item.label}, code="not_submitted")
    if item_version is not None and item_version != item.version:
        raise ApprovalError(
            _("“%(item)s” vừa có phiên bản mới (lần %(v)d): hãy xem lại trước khi quyết định.")
            % {"item": item.label, "v": item.version},
            code="stale_version",
        )
    if outcome not in Outcome.values:
        raise ApprovalError(_("Quyết định không hợp lệ."), code="bad_outcome")
    comment = (comment or "").strip()
    if outcome == Outcome.RETURNED and not comment:
        raise ApprovalError(
            {"comment": _("Hãy ghi ý kiến khi trả lại “%(item)s”.") % {"item": item.label}}, code="comment_required"
        )
    if meeting is not None and meeting.step_id != step.pk:
        raise ApprovalError(_("Cuộc họp đã chọn không phải của %(step)s.") % {"step": step.label}, code="wrong_meeting")
    if meeting is None and step.is_outside:
        raise ApprovalError(
            _("%(step)s là cấp ngoài Mặt trận: hãy ghi cuộc họp (ngày họp, kết luận, biên bản) trước khi ghi ý kiến.")
            % {"step": step.label},
            code="meeting_required",
        )
    latest = _latest(item, step)
    if latest is not None and (latest.outcome, latest.item_version, latest.comment, latest.meeting_id) == (
        outcome,
        item.version,
        comment,
        meeting.pk if meeting else None,
    ):
        return latest
    decision = Decision(
        item=item,
        step=step,
        outcome=outcome,
        comment=comment,
        by=by,
        at=_now(),
        meeting=meeting,
        item_version=item.version,
    )
    decision.full_clean()
    decision.save()
    if outcome == Outcome.RETURNED:
        emails.item_returned(case=case, decision=decision)
    elif _all_approved(case, step):
        now = _now()
        later = [s for s in steps if s.position > step.position]
        if later:
            _reach(case, later[0], now)
        else:
            case.locked_at = now
            case.save(update_fields=["locked_at"])
    signals.decision_recorded.send(sender=Case, case=case, decision=decision, locked=case.is_locked)
    return decision


@transaction.atomic
def case_unlock(*, case: Case, by, reason: str) -> Case:
    """The last level reopens an approved (locked) dossier, with a reason: each document is
    returned by that level with the reason as its comment (a Decision, kept like any other), so
    the unit changes and submits again and the new versions wait at that level. The unit is
    emailed; owners hear of it through signals.case_unlocked.

    Refused: a dossier not locked, a person who does not decide at the last level, no reason."""
    case = _lock(case)
    steps = _steps(case)
    if not case.is_locked:
        raise ApprovalError(_("Hồ sơ chưa được phê duyệt xong nên không có gì để mở khóa."), code="not_locked")
    last = steps[-1]
    if not get_access(by).can_decide_step(last.committee, subject=case.subject):
        raise ApprovalError(
            _("Chỉ %(step)s, cấp đã phê duyệt sau cùng, mới mở khóa được hồ sơ này.") % {"step": last.label},
            code="wrong_level",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ApprovalError({"reason": _("Hãy ghi lý do mở khóa.")}, code="reason_required")
    now = _now()
    for item in case.items.filter(version__gt=0).order_by("position", "pk"):
        decision = Decision(
            item=item,
            step=last,
            outcome=Outcome.RETURNED,
            comment=reason,
            by=by,
            at=now,
            item_version=item.version,
        )
        decision.full_clean()
        decision.save()
    case.locked_at = None
    case.save(update_fields=["locked_at"])
    emails.case_unlocked(case=case, step=last, reason=reason, at=now)
    signals.case_unlocked.send(sender=Case, case=case, step=last, reason=reason, by=by)
    return case
