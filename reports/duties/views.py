"""Reporting duties of a plan, issuing the plan with them, and per-committee extensions.
Only the plan's own standing committee (access.can_manage) gets here; everyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from plans.forms import apply_service_errors
from plans.models import Plan
from reports.duties import services
from reports.duties.forms import DutyCorrectionForm, DutyForm, ExtensionForm, IssueForm
from reports.models import ReportingDuty, Submission


def _get_plan_for_manager(request, pk: int) -> Plan:
    """The plan if the person may write it (its own standing committee), else 404."""
    plan = Plan.objects.select_related("committee").filter(pk=pk).first()
    if plan is None or not get_access(request.user).can_manage(plan.committee):
        raise Http404
    return plan


def _get_duty_for_manager(request, pk: int) -> ReportingDuty:
    duty = ReportingDuty.objects.select_related("plan", "plan__committee").filter(pk=pk).first()
    if duty is None:
        raise Http404
    _get_plan_for_manager(request, duty.plan_id)
    return duty


def _draft_only(request, plan: Plan):
    if plan.state != Plan.State.DRAFT:
        messages.warning(
            request,
            _(
                "Kế hoạch đã ban hành: yêu cầu báo cáo đã ban hành không sửa được. Muốn thêm một yêu cầu, "
                "dùng “Bổ sung yêu cầu báo cáo (đính chính)”."
            ),
        )
        return redirect("plans-detail", plan.pk)
    return None


def _duty_form_page(request, plan: Plan, duty: ReportingDuty | None):
    if response := _draft_only(request, plan):
        return response
    initial = DutyForm.initial_for(duty) if duty else {"targets": ReportingDuty.Targets.CHILDREN}
    form = DutyForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_save(plan=plan, by=request.user, duty=duty, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu yêu cầu báo cáo."))
            return redirect("plans-detail", plan.pk)
    return render(request, "reports/duty_form.html", {"form": form, "plan": plan, "duty": duty})


@login_required
def duty_create(request, plan_pk: int):
    plan = _get_plan_for_manager(request, plan_pk)
    if plan.state == Plan.State.ISSUED:  # a duty is added to an issued plan only by a correction
        return redirect("reports-duty-correct", plan.pk)
    return _duty_form_page(request, plan, None)


@login_required
def duty_correct(request, plan_pk: int):
    """Add a duty to an issued plan by a correction (đính chính, bổ sung): recorded on the plan,
    mailed to the committees named."""
    plan = _get_plan_for_manager(request, plan_pk)
    if plan.state != Plan.State.ISSUED:
        if plan.state == Plan.State.DRAFT:
            return redirect("reports-duty-create", plan.pk)
        messages.warning(request, _("Kế hoạch đã kết thúc: không bổ sung yêu cầu báo cáo được nữa."))
        return redirect("plans-detail", plan.pk)
    form = DutyCorrectionForm(
        request.POST or None,
        plan=plan,
        initial={"targets": ReportingDuty.Targets.CHILDREN, "corrected_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            duty = services.duty_add_by_correction(plan=plan, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "deadline" in exc.error_dict:
                form.add_error("deadline_date", exc.error_dict.pop("deadline"))
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã bổ sung yêu cầu “%(title)s” vào kế hoạch; %(n)d đơn vị được gửi thư thông báo.")
                % {"title": duty.title, "n": duty.committees.count()},
            )
            return redirect("plans-detail", plan.pk)
    return render(request, "reports/duty_form.html", {"form": form, "plan": plan, "duty": None, "correction": True})


@login_required
def duty_edit(request, pk: int):
    duty = _get_duty_for_manager(request, pk)
    return _duty_form_page(request, duty.plan, duty)


@login_required
@require_POST
def duty_delete(request, pk: int):
    duty = _get_duty_for_manager(request, pk)
    try:
        services.duty_delete(duty=duty, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xóa yêu cầu báo cáo."))
    return redirect("plans-detail", duty.plan_id)


@login_required
def plan_issue(request, pk: int):
    plan = _get_plan_for_manager(request, pk)
    if plan.state != Plan.State.DRAFT:
        messages.info(request, _("Kế hoạch này đã được ban hành."))
        return redirect("plans-detail", plan.pk)
    duties = list(plan.duties.select_related("outline").prefetch_related("committees"))
    now = timezone.now()
    past = [d for d in duties if d.deadline <= now]
    for duty in past:
        duty.deadline_text = timezone.localtime(duty.deadline).strftime("%d/%m/%Y %H:%M")
    form = IssueForm(
        request.POST or None, initial={"issued_on": plan.issued_on or timezone.localdate()}, past_duties=past
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_issue_with_duties(
                plan=plan, by=request.user, number=form.cleaned_data["number"], issued_on=form.cleaned_data["issued_on"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ban hành Kế hoạch số %(number)s; các đơn vị phải báo cáo đã được gửi thư thông báo.")
                % {"number": plan.document_number},
            )
            return redirect("plans-detail", plan.pk)
    return render(request, "reports/duty_issue.html", {"form": form, "plan": plan, "duties": duties, "past": past})


@login_required
def extension_create(request, submission_pk: int):
    submission = Submission.objects.select_related("duty", "duty__plan", "committee").filter(pk=submission_pk).first()
    if submission is None:
        raise Http404
    plan = _get_plan_for_manager(request, submission.duty.plan_id)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_grant(
                submission=submission,
                new_deadline=form.new_deadline(),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "new_deadline" in exc.error_dict:
                form.add_error("new_date", exc.error_dict.pop("new_deadline"))
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã gia hạn cho %(name)s.") % {"name": submission.committee.name})
            return redirect("plans-detail", plan.pk)
    extensions = submission.extensions.select_related("granted_by")
    return render(
        request,
        "reports/duty_extension.html",
        {"form": form, "plan": plan, "submission": submission, "extensions": extensions},
    )
