"""Reporting duties of a plan: who reports, by when, on which outline; issuing the plan with its
duties (numbers, empty submissions, notice emails); per-committee extensions."""

import datetime
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee
from plans.models import Plan
from plans.services import plan_issue, plan_record_correction
from reports import emails
from reports.models import Extension, Outline, ReportingDuty, Submission, SubmissionEvent

END_OF_DAY = datetime.time(23, 59, 59)


def local_deadline(day: datetime.date, at: datetime.time | None = None) -> datetime.datetime:
    """ "chậm nhất ngày 14/6/2022" means the end of that day, Vietnam time."""
    return datetime.datetime.combine(day, at or END_OF_DAY, tzinfo=ZoneInfo(settings.TIME_ZONE))


# --- targets ----------------------------------------------------------------------------------
def duty_resolve_targets(
    *, plan: Plan, targets: str, target_level: str = "", committees: Iterable[Committee] = ()
) -> list[Committee]:
    """The committees a duty names: the front committees directly below the plan's committee,
    every committee below it at one administrative level (Committee.Tier: "commune" is xã, phường,
    thị trấn and đặc khu together), its member organisations, or a hand-picked
    list (each of them below the plan's committee)."""
    T = ReportingDuty.Targets
    below = Committee.objects.below(plan.committee).filter(is_active=True)
    if targets == T.CHILDREN:
        qs = below.filter(parent=plan.committee, kind=Committee.Kind.FRONT)
    elif targets == T.MEMBER_ORGS:
        qs = below.filter(parent=plan.committee, kind=Committee.Kind.MEMBER_ORG)
    elif targets == T.LEVEL:
        if not target_level.strip():
            raise ValidationError({"target_level": _("Xin chọn cấp của các đơn vị phải báo cáo.")})
        level = target_level.strip()
        if level in Committee.Tier.values:
            qs = below.filter(tier=level, kind=Committee.Kind.FRONT)
        else:  # a duty written before levels were tiers names the unit word
            qs = below.filter(level__iexact=level, kind=Committee.Kind.FRONT)
    elif targets == T.LIST:
        picked = list(committees)
        outside = [c for c in picked if not c.is_within(plan.committee) or c.pk == plan.committee_id]
        if outside:
            raise ValidationError(
                {
                    "committees": _("Không thuộc phạm vi của đơn vị ban hành: %(names)s")
                    % {"names": ", ".join(map(str, outside))}
                }
            )
        qs = below.filter(pk__in=[c.pk for c in picked])
    else:
        raise ValidationError({"targets": _("Cách chọn đơn vị không hợp lệ.")})
    return list(qs.in_sibling_order())


def levels_below(committee: Committee) -> list[tuple[str, str]]:
    """The administrative levels (Committee.Tier) present below `committee`, top first, as (value,
    label): "Cấp xã" takes xã, phường, thị trấn and đặc khu together."""
    present = set(Committee.objects.below(committee).filter(kind=Committee.Kind.FRONT).values_list("tier", flat=True))
    return [(tier.value, tier.label) for tier in Committee.Tier if tier.value in present]


def outlines_for_plan(plan: Plan):
    """Outlines a plan may use: its committee's own, and templates of the committees above it."""
    from django.db.models import Q

    return Outline.objects.filter(
        Q(committee=plan.committee) | Q(committee_id__in=plan.committee.ancestor_ids, is_template=True)
    ).order_by("-updated_at")


# --- duties -----------------------------------------------------------------------------------
def approval_tiers_in_order(tiers: Iterable[str]) -> list[str]:
    """Approval levels (Committee.Tier values) lowest first, each once; an unknown one refused."""
    order = list(reversed(Committee.Tier.values))  # commune, district, province
    unknown = sorted(set(tiers) - set(order))
    if unknown:
        raise ValidationError({"approval_tiers": _("Cấp phê duyệt không hợp lệ: %(t)s.") % {"t": ", ".join(unknown)}})
    return [t for t in order if t in set(tiers)]


MAX_DEADLINE_YEARS = 5  # a term: no reporting deadline (or extension) lies further ahead


def check_deadline_in_range(deadline: datetime.datetime, *, field: str) -> None:
    """Refuse a deadline more than MAX_DEADLINE_YEARS ahead (a typo like 31/12/9999 would otherwise
    be stored and break every date computed from it)."""
    latest = timezone.localdate().replace(month=1, day=1)
    latest = latest.replace(year=latest.year + MAX_DEADLINE_YEARS + 1)
    if timezone.localtime(deadline).date() >= latest:
        raise ValidationError(
            {
                field: _("Hạn nộp %(deadline)s quá xa: hạn phải trước ngày %(latest)s.")
                % {"deadline": timezone.localtime(deadline).strftime("%d/%m/%Y"), "latest": latest.strftime("%d/%m/%Y")}
            }
        )


def _check_duty(plan: Plan, duty: ReportingDuty) -> None:
    added_by_correction = duty.pk is None and duty.correction_date is not None and plan.state == Plan.State.ISSUED
    if plan.state != Plan.State.DRAFT and not added_by_correction:
        raise ValidationError(_("Kế hoạch đã ban hành: không thêm, sửa hay xóa yêu cầu báo cáo được nữa."))
    if not outlines_for_plan(plan).filter(pk=duty.outline_id).exists():
        raise ValidationError({"outline": _("Đề cương này không thuộc đơn vị ban hành kế hoạch.")})
    if duty.deadline:
        check_deadline_in_range(duty.deadline, field="deadline")
    if plan.issued_on and duty.deadline and timezone.localtime(duty.deadline).date() < plan.issued_on:
        raise ValidationError(
            {
                "deadline": _("Hạn nộp (%(deadline)s) trước ngày ban hành kế hoạch (%(date)s).")
                % {
                    "deadline": timezone.localtime(duty.deadline).strftime("%d/%m/%Y %H:%M"),
                    "date": plan.issued_on.strftime("%d/%m/%Y"),
                }
            }
        )


@transaction.atomic
def duty_save(
    *,
    plan: Plan,
    by,
    duty: ReportingDuty | None = None,
    outline: Outline,
    title: str,
    deadline: datetime.datetime,
    targets: str = ReportingDuty.Targets.CHILDREN,
    target_level: str = "",
    committees: Iterable[Committee] = (),
    page_limit: int | None = None,
    instructions: str | None = None,
    approval_tiers: Iterable[str] = (),
    **options,
) -> ReportingDuty:
    """Create (duty=None) or change a duty of a draft plan; the named committees are resolved now
    and stored, so the list a person saw is the list that reports. `approval_tiers`: the levels
    above each reporting committee that approve its report in turn (reports.approval), stored
    lowest first; none: the plan's committee reviews as usual."""
    duty = duty or ReportingDuty(plan=plan)
    duty.approval_tiers = approval_tiers_in_order(approval_tiers)
    duty.outline, duty.title, duty.deadline = outline, title, deadline
    duty.targets, duty.target_level, duty.page_limit = targets, target_level, page_limit
    if instructions is not None:
        duty.instructions = instructions
    for name, value in options.items():
        if name not in ("block_over_limit", "allow_late", "submitters"):
            raise ValueError(f"{name} is not a duty option")
        setattr(duty, name, value)
    _check_duty(plan, duty)
    resolved = duty_resolve_targets(plan=plan, targets=targets, target_level=target_level, committees=committees)
    if not resolved:
        raise ValidationError({"targets": _("Không có đơn vị nào phải báo cáo theo lựa chọn này.")})
    duty.full_clean()
    duty.save()
    duty.committees.set(resolved)
    return duty


@transaction.atomic
def duty_add_by_correction(
    *, plan: Plan, by, reason: str, corrected_on: datetime.date | None, notify: bool = True, **fields
) -> ReportingDuty:
    """Add a reporting duty to a plan already issued, by a correction (đính chính, bổ sung): the
    duty records the date and the reason, the plan keeps a PlanRevision and goes up a version, each
    committee named gets its empty submission and a notice email (notify=False: none). `fields`
    are those of duty_save."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != Plan.State.ISSUED:
        raise ValidationError(
            _("Chỉ bổ sung yêu cầu báo cáo được cho kế hoạch đang thực hiện (đã ban hành, chưa kết thúc).")
        )
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Xin ghi lý do đính chính, bổ sung.")
    if corrected_on is None:
        errors["corrected_on"] = _("Xin nhập ngày đính chính (dd/mm/yyyy).")
    elif plan.issued_on and corrected_on < plan.issued_on:
        errors["corrected_on"] = _("Ngày đính chính (%(date)s) trước ngày ban hành kế hoạch (%(issued)s).") % {
            "date": corrected_on.strftime("%d/%m/%Y"),
            "issued": plan.issued_on.strftime("%d/%m/%Y"),
        }
    elif corrected_on > timezone.localdate():
        errors["corrected_on"] = _("Ngày đính chính không được sau hôm nay.")
    deadline = fields.get("deadline")
    if deadline is not None and deadline <= timezone.now():
        errors["deadline"] = _("Hạn nộp của yêu cầu bổ sung phải sau lúc này (%(now)s).") % {
            "now": timezone.localtime().strftime("%d/%m/%Y %H:%M")
        }
    if errors:
        raise ValidationError(errors)
    duty = duty_save(
        plan=plan,
        by=by,
        duty=ReportingDuty(plan=plan, correction_date=corrected_on, correction_reason=reason),
        **fields,
    )
    plan_record_correction(
        plan=plan,
        by=by,
        note=_("Đính chính ngày %(date)s, bổ sung yêu cầu báo cáo “%(title)s”: %(reason)s")
        % {"date": corrected_on.strftime("%d/%m/%Y"), "title": duty.title, "reason": reason},
    )
    link = reverse("plans-detail", args=[plan.pk])
    for committee in duty.committees.all():
        Submission.objects.get_or_create(duty=duty, committee=committee)
        if notify:
            emails.duty_added(plan=plan, duty=duty, committee=committee, link=link)
    return duty


@transaction.atomic
def duty_delete(*, duty: ReportingDuty, by) -> None:
    if duty.plan.state != Plan.State.DRAFT:
        raise ValidationError(_("Kế hoạch đã ban hành: không xóa yêu cầu báo cáo được nữa."))
    duty.delete()


# --- issuing ----------------------------------------------------------------------------------
@transaction.atomic
def plan_issue_with_duties(
    *, plan: Plan, by, number: int | None = None, issued_on: datetime.date | None = None, notify: bool = True
) -> Plan:
    """Issue the plan (its number from the register), create one empty submission per duty and
    committee, and queue a notice email to each address of each committee (notify=False: no
    email, for recording plans of the past)."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.state != Plan.State.DRAFT:
        raise ValidationError(_("Kế hoạch này đã được ban hành."))
    duties = list(plan.duties.select_related("outline").prefetch_related("committees"))
    if not duties:
        raise ValidationError(
            _(
                "Chưa có yêu cầu báo cáo nào: xin thêm ít nhất một yêu cầu (đơn vị phải báo cáo, hạn nộp) trước khi ban hành."
            )
        )
    day = issued_on or plan.issued_on or timezone.localdate()
    for duty in duties:
        if not duty.committees.all():
            raise ValidationError(_("Yêu cầu “%(title)s” chưa có đơn vị nào phải báo cáo.") % {"title": duty.title})
        if timezone.localtime(duty.deadline).date() < day:
            raise ValidationError(
                _("Hạn nộp của “%(title)s” (%(deadline)s) trước ngày ban hành kế hoạch (%(date)s).")
                % {
                    "title": duty.title,
                    "deadline": timezone.localtime(duty.deadline).strftime("%d/%m/%Y"),
                    "date": day.strftime("%d/%m/%Y"),
                }
            )
    plan = plan_issue(plan=plan, by=by, number=number, issued_on=day)
    link = reverse("plans-detail", args=[plan.pk])
    for duty in duties:
        for committee in duty.committees.all():
            Submission.objects.get_or_create(duty=duty, committee=committee)
            if notify:
                emails.plan_issued(plan=plan, duty=duty, committee=committee, link=link)
    return plan


# --- extensions -------------------------------------------------------------------------------
@transaction.atomic
def extension_grant(*, submission: Submission, new_deadline: datetime.datetime, reason: str, by) -> Extension:
    """A later deadline for one committee: recorded as an Extension, copied to the submission."""
    submission = Submission.objects.select_for_update().select_related("duty", "duty__plan").get(pk=submission.pk)
    if submission.duty.plan.state != Plan.State.ISSUED:
        raise ValidationError(_("Chỉ gia hạn được khi kế hoạch đang thực hiện."))
    if not reason.strip():
        raise ValidationError({"reason": _("Xin ghi lý do gia hạn.")})
    check_deadline_in_range(new_deadline, field="new_deadline")
    if new_deadline <= submission.deadline:
        raise ValidationError(
            {
                "new_deadline": _("Hạn mới phải sau hạn hiện tại (%(deadline)s).")
                % {"deadline": timezone.localtime(submission.deadline).strftime("%d/%m/%Y %H:%M")}
            }
        )
    extension = Extension(submission=submission, new_deadline=new_deadline, reason=reason.strip(), granted_by=by)
    extension.full_clean(exclude=["granted_by"])
    extension.save()
    submission.extended_deadline = new_deadline
    submission.save(update_fields=["extended_deadline"])
    SubmissionEvent.objects.create(
        submission=submission,
        action=SubmissionEvent.Action.EXTENDED,
        actor=by,
        note=_("Gia hạn đến %(deadline)s: %(reason)s")
        % {"deadline": timezone.localtime(new_deadline).strftime("%d/%m/%Y %H:%M"), "reason": extension.reason},
    )
    emails.extension_granted(submission=submission, extension=extension)
    return extension
