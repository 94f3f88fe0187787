"""Pages of the consolidated report: build it, follow its progress, download it, pre-fill the
committee's own report upward from it. Only the plan's standing committee may use them; pre-filling
writes into a report, so it also asks `can_write_report`, like the report's edit page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from committees.access import get_access
from plans.models import Plan
from reports.consolidation import selectors, services
from reports.consolidation.builder import DEFAULT_STATES
from reports.models import ConsolidationBuild, ReportingDuty, Submission


class ConsolidationStartForm(forms.Form):
    duty = forms.ModelChoiceField(queryset=ReportingDuty.objects.none(), widget=forms.HiddenInput)
    include_returned = forms.BooleanField(label=gettext_lazy("Gồm cả báo cáo bị trả lại"), required=False)
    include_drafts = forms.BooleanField(label=gettext_lazy("Gồm cả báo cáo đang soạn (chưa nộp)"), required=False)
    all_audiences = forms.BooleanField(
        label=gettext_lazy(
            "Gộp các phường và các tổ chức thành viên (mọi đối tượng báo cáo của kế hoạch) vào một báo cáo"
        ),
        required=False,
    )
    approved_only = forms.BooleanField(
        label=gettext_lazy(
            "Chỉ các báo cáo đã được phê duyệt (tiếp nhận; với báo cáo phê duyệt theo cấp: cấp cuối đã phê duyệt)"
        ),
        required=False,
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty"].queryset = plan.duties.all()


# --- access -------------------------------------------------------------------------------
def _plan_for_manager(request, plan_id: int) -> Plan:
    plan = Plan.objects.select_related("committee").filter(pk=plan_id).first()
    if plan is None or not get_access(request.user).can_manage(plan.committee):
        raise Http404
    return plan


def _build_for_manager(request, build_id: int) -> ConsolidationBuild:
    build = (
        ConsolidationBuild.objects.select_related("duty", "duty__plan", "duty__plan__committee", "requested_by")
        .filter(pk=build_id)
        .first()
    )
    if build is None or not get_access(request.user).can_manage(build.duty.plan.committee):
        raise Http404
    return build


def _page_url(duty: ReportingDuty) -> str:
    return f"{reverse('reports-consolidation', args=[duty.plan_id])}?duty={duty.pk}"


def _status_message(build: ConsolidationBuild) -> str:
    if build.state == ConsolidationBuild.State.QUEUED:
        return _("Đang chờ máy chủ xử lý…")
    if build.state == ConsolidationBuild.State.RUNNING:
        return _("Đang tổng hợp: %(percent)d%% (%(done)d/%(total)d phần báo cáo)") % {
            "percent": build.percent,
            "done": build.progress_done,
            "total": build.progress_total,
        }
    if build.state == ConsolidationBuild.State.DONE:
        return _("Đã tổng hợp xong.")
    return build.error or _("Không tổng hợp được báo cáo.")


# --- pages --------------------------------------------------------------------------------
@login_required
@require_GET
def consolidation_page(request, plan_id: int):
    plan = _plan_for_manager(request, plan_id)
    duties = list(plan.duties.select_related("outline"))
    duty = None
    if duties:
        wanted = request.GET.get("duty", "")
        duty = next((d for d in duties if str(d.pk) == wanted), duties[0])
    context = {"plan": plan, "duties": duties, "duty": duty}
    if duty is not None:
        builds = list(duty.consolidations.select_related("requested_by")[:30])
        last_done = selectors.last_done_build(duty)
        status_counts = dict(
            Submission.objects.filter(duty=duty).with_status().values_list("status").annotate(n=Count("pk"))
        )
        context.update(
            builds=builds,
            active=next((b for b in builds if b.is_active), None),
            last_done=last_done,
            changes=selectors.changes_since_last(duty, list(DEFAULT_STATES)),
            status_rows=[(label, status_counts.get(value, 0)) for value, label in Submission.Status.choices],
            total_reports=sum(status_counts.values()),
            form=ConsolidationStartForm(plan=plan, initial={"duty": duty.pk}),
            # the other duties of the plan on the same outline: one report for all of them
            audiences=[d for d in duties if d.outline_id == duty.outline_id]
            if sum(d.outline_id == duty.outline_id for d in duties) > 1
            else [],
            # the plan's committee's own reports upward, for whoever may write them
            upward=list(selectors.upward_submissions(last_done))
            if last_done and get_access(request.user).can_write_report(plan.committee)
            else [],
        )
    return render(request, "reports/consolidation.html", context)


@login_required
@require_POST
def consolidation_start(request, plan_id: int):
    plan = _plan_for_manager(request, plan_id)
    form = ConsolidationStartForm(request.POST, plan=plan)
    if not form.is_valid():
        raise Http404  # the duty is not this plan's: nothing a person could have typed
    duty = form.cleaned_data["duty"]
    build, created = services.consolidation_request(
        duty=duty,
        by=request.user,
        include_returned=form.cleaned_data["include_returned"],
        include_drafts=form.cleaned_data["include_drafts"],
        all_audiences=form.cleaned_data["all_audiences"],
        approved_only=form.cleaned_data["approved_only"],
    )
    if created:
        messages.success(request, _("Đã bắt đầu tổng hợp. Bạn có thể rời trang này và quay lại sau."))
    else:
        messages.info(request, _("Một lần tổng hợp của báo cáo này đang chạy; xin chờ kết quả dưới đây."))
    return redirect(_page_url(duty))


@login_required
@require_GET
def consolidation_status(request, build_id: int):
    build = _build_for_manager(request, build_id)
    data = {
        "id": build.pk,
        "state": build.state,
        "state_label": build.get_state_display(),
        "done": build.progress_done,
        "total": build.progress_total,
        "percent": build.percent,
        "message": _status_message(build),
        "error": build.error,
        "finished_at": timezone.localtime(build.finished_at).strftime("%d/%m/%Y %H:%M") if build.finished_at else None,
        "download_url": None,
        "xlsx_url": None,
    }
    if build.state == ConsolidationBuild.State.DONE and build.file:
        data["download_url"] = reverse("reports-consolidation-download", args=[build.pk, "docx"])
        if build.xlsx:
            data["xlsx_url"] = reverse("reports-consolidation-download", args=[build.pk, "xlsx"])
    return JsonResponse(data)


@login_required
@require_GET
def consolidation_download(request, build_id: int, fmt: str):
    build = _build_for_manager(request, build_id)
    field = {"docx": build.file, "xlsx": build.xlsx}.get(fmt)
    # Only a finished build offers files: a half-written one never has its name in the row.
    if build.state != ConsolidationBuild.State.DONE or not field or not default_storage.exists(field.name):
        raise Http404
    stamp = timezone.localtime(build.finished_at).strftime("%Y%m%d-%H%M")
    name = f"tong-hop-{slugify(build.duty.title)[:60] or 'bao-cao'}-{stamp}.{fmt}"
    return FileResponse(default_storage.open(field.name, "rb"), as_attachment=True, filename=name)


@login_required
def consolidation_prefill(request, build_id: int, submission_id: int):
    build = _build_for_manager(request, build_id)
    if build.state != ConsolidationBuild.State.DONE:
        raise Http404
    submission = selectors.upward_submissions(build).filter(pk=submission_id).first()
    # A write into the report: the same rule as its edit page (committees.access).
    if submission is None or not get_access(request.user).can_write_report(submission.committee):
        raise Http404
    plan_ = selectors.prefill_plan(build=build, submission=submission)
    if request.method == "POST":
        wanted = set(request.POST.getlist("overwrite"))
        overwrite = {own.pk for own, _src in plan_.matches if str(own.pk) in wanted}
        try:
            result = services.consolidation_prefill(
                build=build, submission=submission, by=request.user, overwrite_item_ids=overwrite
            )
        except ValidationError as exc:  # submitted meanwhile: nothing was written
            messages.error(request, " ".join(exc.messages))
            return redirect(_page_url(build.duty))
        messages.success(
            request,
            _(
                "Đã điền sẵn %(filled)d mục và %(values)d chỉ tiêu vào báo cáo “%(title)s”; giữ nguyên %(kept)d mục đã viết."
            )
            % {
                "filled": len(result.filled),
                "values": result.values,
                "kept": len(result.kept),
                "title": submission.duty.title,
            },
        )
        try:
            return redirect(reverse("reports-submission-edit", args=[submission.pk]))
        except NoReverseMatch:
            return redirect(_page_url(build.duty))
    rows = [(own, source.pk in plan_.sources_with_text, own.pk in plan_.with_text) for own, source in plan_.matches]
    return render(
        request,
        "reports/consolidation_prefill.html",
        {"build": build, "plan": build.duty.plan, "submission": submission, "rows": rows, "unmatched": plan_.unmatched},
    )
