"""Plans: list, write, read, correct, download as Word.

Plans know nothing of the apps built on them. Who reads an issued plan, the blocks and buttons of
the plan page and the annexes of its Word document come from those apps through `plans.registry`
(reports adds the reporting duties, and issues a plan together with them: reports/duties/views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from lib.uploads import stored_file_response

from . import registry, services
from .forms import PlanAttachmentDeleteForm, PlanAttachmentForm, PlanCorrectForm, PlanForm, apply_service_errors
from .models import Plan, PlanAttachment
from .plan_docx import plan_docx_bytes, plan_docx_filename

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _get_plan_for_user(request, pk: int, *, manage: bool = False) -> Plan:
    """The plan if the person may read it (manage=True: write it), else 404."""
    access = get_access(request.user)
    plan = Plan.objects.visible_to(access).select_related("committee").filter(pk=pk).first()
    if plan is None or (manage and not access.can_manage(plan.committee)):
        raise Http404
    return plan


@login_required
def plan_list(request):
    access = get_access(request.user)
    plans = Plan.objects.visible_to(access).select_related("committee").order_by("-issued_on", "-created_at")
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "can_create": bool(access.standing_committees) or access.is_superuser},
    )


@login_required
def plan_create(request):
    access = get_access(request.user)
    committees = access.standing_committees
    if not committees:
        raise Http404
    form = PlanForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                committee=form.cleaned_data["committee"], by=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo dự thảo kế hoạch. Tiếp theo: thêm yêu cầu báo cáo."))
            return redirect("plans-detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


def _detail_context(request, plan: Plan, *, attachment_form: PlanAttachmentForm | None = None) -> dict:
    access = get_access(request.user)
    manage = access.can_manage(plan.committee)
    attachments_changeable = manage and plan.state != Plan.State.CLOSED
    if attachment_form is None and attachments_changeable:
        attachment_form = PlanAttachmentForm(plan=plan)
    return {
        "plan": plan,
        "manage": manage,
        "actions": registry.plan_actions(request, plan, access),
        "panels": registry.plan_panels(request, plan, access),
        "legal_bases": [line for line in plan.legal_bases.splitlines() if line.strip()],
        "revisions": plan.revisions.select_related("created_by") if manage else [],
        "attachments": plan.attachments.order_by("uploaded_at", "pk"),
        "attachments_changeable": attachments_changeable,
        "attachment_form": attachment_form,
    }


@login_required
def plan_detail(request, pk: int):
    plan = _get_plan_for_user(request, pk)
    return render(request, "plans/plan_detail.html", _detail_context(request, plan))


@login_required
def plan_edit(request, pk: int):
    plan = _get_plan_for_user(request, pk, manage=True)
    if not plan.is_editable:
        messages.warning(
            request, _("Kế hoạch đã ban hành: nội dung đã khóa. Dùng “Điều chỉnh” để ban hành phiên bản mới.")
        )
        return redirect("plans-detail", plan.pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(plan=plan, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("plans-detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_correct(request, pk: int):
    plan = _get_plan_for_user(request, pk, manage=True)
    if plan.state != Plan.State.ISSUED:
        raise Http404
    form = PlanCorrectForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_correct(plan=Plan.objects.get(pk=plan.pk), by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu phiên bản điều chỉnh; phiên bản cũ vẫn xem được trong lịch sử."))
            return redirect("plans-detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan, "correcting": True})


@login_required
def plan_revision(request, pk: int, version: int):
    plan = _get_plan_for_user(request, pk, manage=True)
    revision = get_object_or_404(plan.revisions, version=version)
    return render(request, "plans/plan_revision.html", {"plan": plan, "revision": revision, "data": revision.snapshot})


@login_required
@require_POST
def plan_delete(request, pk: int):
    plan = _get_plan_for_user(request, pk, manage=True)
    try:
        services.plan_delete_draft(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plans-detail", plan.pk)
    messages.success(request, _("Đã xóa dự thảo kế hoạch."))
    return redirect("plans-list")


@login_required
@require_POST
def plan_close(request, pk: int):
    plan = _get_plan_for_user(request, pk, manage=True)
    try:
        services.plan_close(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã kết thúc kế hoạch."))
    return redirect("plans-detail", plan.pk)


@login_required
def plan_docx(request, pk: int):
    plan = _get_plan_for_user(request, pk)
    response = HttpResponse(plan_docx_bytes(plan), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{plan_docx_filename(plan)}"'
    return response


# --- attachments ------------------------------------------------------------------------------
def _get_attachment_for_user(request, pk: int, *, manage: bool = False) -> PlanAttachment:
    """The attachment if the person may read its plan (manage=True: change it), else 404."""
    attachment = PlanAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    _get_plan_for_user(request, attachment.plan_id, manage=manage)
    return attachment


@login_required
@require_POST
def plan_attachment_upload(request, pk: int):
    plan = _get_plan_for_user(request, pk, manage=True)
    if plan.state == Plan.State.CLOSED:
        messages.error(request, _("Kế hoạch đã kết thúc, không thay đổi tệp đính kèm được."))
        return redirect("plans-detail", plan.pk)
    form = PlanAttachmentForm(request.POST, request.FILES, plan=plan)
    if form.is_valid():
        try:
            attachment = services.plan_attachment_add(
                plan=plan,
                uploaded_file=form.cleaned_data["file"],
                by=request.user,
                note=form.cleaned_data.get("note", ""),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm tệp đính kèm “%(name)s”.") % {"name": attachment.original_name})
            return redirect(reverse("plans-detail", args=[plan.pk]) + "#tep-dinh-kem")
    return render(request, "plans/plan_detail.html", _detail_context(request, plan, attachment_form=form), status=400)


@login_required
def plan_attachment_download(request, pk: int):
    attachment = _get_attachment_for_user(request, pk)
    return stored_file_response(attachment.file, filename=attachment.original_name)


@login_required
@require_POST
def plan_attachment_delete(request, pk: int):
    attachment = _get_attachment_for_user(request, pk, manage=True)
    form = PlanAttachmentDeleteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.plan_attachment_remove(attachment=attachment, by=request.user, note=note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xóa tệp đính kèm “%(name)s”.") % {"name": attachment.original_name})
    return redirect(reverse("plans-detail", args=[attachment.plan_id]) + "#tep-dinh-kem")
