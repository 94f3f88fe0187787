"""Dashboards (plans overview, one plan's dashboard), their Excel exports, the indicator form
download/upload, and the home page with what is due.

Access: a dashboard is for a standing committee that manages the plan's committee or sits above
it; the indicator form is for the committee's own officers and leaders. Anything else is 404.
"""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.access import get_access
from committees.models import Committee
from lib.numbers import without_trailing_zeros
from lib.params import id_param
from plans.models import Plan
from reminders.sweep import last_manual_reminder_at
from reports.approval.selectors import with_waiting_level
from reports.dashboards import excel
from reports.dashboards.selectors import (
    SORTS,
    STATUS_COLOURS,
    STATUS_ORDER,
    RoundTree,
    chosen_duty,
    counted_states,
    plan_dashboard,
    plan_submissions,
    plans_overview,
)
from reports.duties.reminders import owed_reports
from reports.models import Indicator, Submission
from reports.submissions.selectors import get_writable_submission, report_url, submissions_due_for

CLOSED_SHOWN = 10  # closed plans the overview lists before "show all"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- access -------------------------------------------------------------------------------------
def _get_plan_for_dashboard(request, pk: int) -> Plan:
    plan = Plan.objects.select_related("committee").filter(pk=pk).exclude(state=Plan.State.DRAFT).first()
    if plan is None or not get_access(request.user).oversees(plan.committee):
        raise Http404
    return plan


def _get_under(request, plan: Plan) -> Committee:
    under_id = id_param(request.GET, "under")
    if under_id is None:
        return plan.committee
    under = Committee.objects.filter(pk=under_id).first()
    if under is None or not under.is_within(plan.committee):
        raise Http404
    return under


def _filters(request) -> dict:
    status = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    sort = request.GET.get("sort", "")
    return {
        "status": status if status in Submission.Status.values else "",
        "level": request.GET.get("level", "")[:50],
        "kind": kind if kind in Committee.Kind.values else "",
        "sort": sort if sort.lstrip("-") in SORTS else "",
        "duty_id": id_param(request.GET, "duty"),
        # The totals over every report submitted (default) or only those approved to the end.
        "totals": "approved" if request.GET.get("totals") == "approved" else "",
    }


def _xlsx_response(wb, filename: str) -> HttpResponse:
    response = HttpResponse(excel.to_bytes(wb), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- plans overview -------------------------------------------------------------------------------
@login_required
def dashboard_overview(request):
    access = get_access(request.user)
    choices = list(access.standing_committees)
    committee_id = id_param(request.GET, "committee")
    if committee_id is not None:
        committee = Committee.objects.filter(pk=committee_id).first()
        if committee is None or not access.oversees(committee):
            raise Http404
    elif choices:
        committee = choices[0]
    elif access.is_superuser:
        committee = Committee.objects.filter(parent=None).order_by("path").first()
        if committee is None:
            raise Http404
    else:
        raise Http404
    summaries = plans_overview(committee=committee)
    # The latest closed plans; all of them on request (?closed=all).
    closed = [s for s in summaries if not s.is_open]
    hidden_closed = 0 if request.GET.get("closed") == "all" else max(0, len(closed) - CLOSED_SHOWN)
    if hidden_closed:
        summaries = summaries[: len(summaries) - hidden_closed]
    return render(
        request,
        "reports/dashboard_overview.html",
        {
            "committee": committee,
            "choices": choices,
            "summaries": summaries,
            "hidden_closed": hidden_closed,
            "now": timezone.now(),
        },
    )


# --- one plan's dashboard ---------------------------------------------------------------------
@login_required
def dashboard_plan(request, pk: int):
    plan = _get_plan_for_dashboard(request, pk)
    under = _get_under(request, plan)
    f = _filters(request)
    now = timezone.now()
    board = plan_dashboard(
        plan=plan,
        under=under,
        duty_id=f["duty_id"],
        level=f["level"],
        kind=f["kind"],
        status=f["status"],
        sort=f["sort"],
        approved_only=bool(f["totals"]),
        now=now,
    )
    access = get_access(request.user)
    for row in board.rows:
        if not row.has_below:
            url = report_url(access=access, submission=row.own, committee=row.committee, issuer=plan.committee)
            row.report_url = url or ""
    trail = list(
        Committee.objects.filter(pk__in=under.ancestor_ids + [under.pk], depth__gte=plan.committee.depth).order_by(
            "depth"
        )
    )
    status_labels = dict(Submission.Status.choices)
    statuses = [
        {"value": s.value, "label": status_labels[s], "count": board.counts[s], "colour": STATUS_COLOURS[s]}
        for s in STATUS_ORDER
    ]
    chart = {
        "statuses": {
            "labels": [s["label"] for s in statuses],
            "values": [s["count"] for s in statuses],
            "colours": [s["colour"] for s in statuses],
        },
        "indicators": [
            {
                "name": str(t.indicator),
                "labels": [
                    r.committee.short_name or r.committee.name for r in board.rows if r.committee.pk in t.by_branch
                ],
                "values": [
                    float(t.by_branch[r.committee.pk][0] or 0) for r in board.rows if r.committee.pk in t.by_branch
                ],
            }
            for t in board.indicators
        ],
    }
    query = request.GET.copy()
    query.pop("sort", None)
    no_totals = request.GET.copy()
    no_totals.pop("totals", None)
    can_remind = plan.state == Plan.State.ISSUED and access.can_manage(plan.committee)
    last_manual_remind = None
    remind_owed = False  # "Remind now" only when someone would get it: not for wards closed since
    if can_remind:
        last_manual_remind = last_manual_reminder_at(scope_key=f"plan:{plan.pk}")
        remind_owed = bool(board.counts.get("missing")) and owed_reports().filter(duty__plan=plan).exists()
    return render(
        request,
        "reports/dashboard_plan.html",
        {
            "plan": plan,
            "board": board,
            "under": under,
            "trail": trail,
            "filters": f,
            "statuses": statuses,
            "chart": chart,
            "now": now,
            "kinds": Committee.Kind.choices,
            "query_no_sort": query.urlencode(),
            "query_no_totals": no_totals.urlencode(),
            "export_query": request.GET.urlencode(),
            # "Remind now" (reminders app): one token per page drawn, so a double click sends once.
            "remind_scope": f"plan:{plan.pk}",
            "remind_token": uuid.uuid4().hex,
            "can_remind": can_remind,
            "remind_owed": remind_owed,
            "last_manual_remind": last_manual_remind,
        },
    )


@login_required
def dashboard_status_xlsx(request, pk: int):
    plan = _get_plan_for_dashboard(request, pk)
    under = _get_under(request, plan)
    f = _filters(request)
    _duties, duty = chosen_duty(plan, f["duty_id"])
    if duty is None:
        raise Http404
    tree = RoundTree.of(duty=duty, under=under)  # a past round: its committees as they were then
    subs = plan_submissions(duty=duty, under=under, level=f["level"], kind=f["kind"], tree=tree)
    if f["status"]:
        subs = subs.filter(status=f["status"])
    subs = subs.select_related("committee", "reviewed_by__profile").order_by(tree.path_field)
    if duty.approved_level_by_level:
        subs = with_waiting_level(subs)  # the level each report waits for: subqueries of the same SELECT
    wb = excel.status_workbook(duty=duty, submissions=tree.named(subs))
    return _xlsx_response(wb, f"tinh-hinh-nop-bao-cao-{plan.pk}.xlsx")


@login_required
def dashboard_indicators_xlsx(request, pk: int):
    plan = _get_plan_for_dashboard(request, pk)
    under = _get_under(request, plan)
    f = _filters(request)
    _duties, duty = chosen_duty(plan, f["duty_id"])
    if duty is None:
        raise Http404
    tree = RoundTree.of(duty=duty, under=under)  # a past round: its committees as they were then
    subs = (
        plan_submissions(duty=duty, under=under, level=f["level"], kind=f["kind"], tree=tree)
        .filter(state__in=counted_states(bool(f["totals"])))
        .select_related("committee")
        .order_by(tree.path_field)
    )
    wb = excel.indicator_workbook(duty=duty, submissions=tree.named(subs))
    return _xlsx_response(wb, f"so-lieu-chi-tieu-{plan.pk}.xlsx")


# --- the indicator form -----------------------------------------------------------------------
@login_required
def indicator_form_xlsx(request, pk: int):
    sub = get_writable_submission(request, pk)
    wb = excel.indicator_form_workbook(submission=sub)
    return _xlsx_response(wb, f"bieu-mau-so-lieu-{sub.committee.code}-{sub.pk}.xlsx")


class IndicatorFormUpload(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp biểu mẫu đã điền (.xlsx)"))


@login_required
def indicator_form_upload(request, pk: int):
    sub = get_writable_submission(request, pk)
    errors, more_errors = [], 0
    form = IndicatorFormUpload()
    if request.method == "POST":
        form = IndicatorFormUpload(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(excel.FORM_MAX_BYTES + 1)
            try:
                saved = excel.indicator_form_import(submission=sub, data=data, by=request.user)
            except excel.FormRejected as exc:
                errors, more_errors = exc.errors, exc.more
            else:
                messages.success(
                    request,
                    _("Đã nhập %(n)d chỉ tiêu từ biểu mẫu vào báo cáo đang soạn.") % {"n": len(saved)},
                )
                return redirect("reports-indicator-form-upload", pk=sub.pk)
    sub.refresh_from_db(fields=["state"])
    values = dict(sub.values.values_list("indicator_id", "value"))
    indicators = [(ind, without_trailing_zeros(values.get(ind.pk))) for ind in excel.form_indicators(sub)]
    return render(
        request,
        "reports/dashboard_indicator_form.html",
        {"submission": sub, "form": form, "errors": errors, "more_errors": more_errors, "indicators": indicators},
    )


# --- home -------------------------------------------------------------------------------------
@login_required
def home(request):
    """The committees home, plus what is due for my committees and, for reviewers, their open plans."""
    access = get_access(request.user)
    now = timezone.now()
    due = list(submissions_due_for(access=access, now=now).exclude(state=Submission.State.ACCEPTED)[:30])
    outline_ids = {s.duty.outline_id for s in due}
    with_indicators = (
        set(
            Indicator.objects.filter(item__outline_id__in=outline_ids)
            .values_list("item__outline_id", flat=True)
            .annotate(n=Count("pk"))
            .order_by()
        )
        if outline_ids
        else set()
    )
    status_labels = dict(Submission.Status.choices)
    for sub in due:
        sub.has_indicators = sub.duty.outline_id in with_indicators
        sub.status_label = status_labels[sub.status]
    # Reports waiting for this person's review: submitted to a plan of their own committee.
    issuer_ids = [c.pk for c in access.standing_committees]
    to_review = (
        list(
            Submission.objects.filter(
                state=Submission.State.SUBMITTED,
                duty__plan__committee_id__in=issuer_ids,
                duty__plan__state__in=[Plan.State.ISSUED, Plan.State.CLOSED],
            )
            .exclude(committee_id__in=issuer_ids)
            .select_related("committee", "duty", "duty__plan", "duty__plan__committee")
            .order_by("submitted_at", "pk")[:20]
        )
        if issuer_ids
        else []
    )
    open_plans = []
    for committee in access.standing_committees:
        for summary in plans_overview(committee=committee, now=now, open_only=True, limit=5):
            open_plans.append(summary)
    return render(
        request,
        "reports/home.html",
        {
            "memberships": access.memberships,
            "standing": access.standing_committees,
            "due": due,
            "open_plans": open_plans,
            "to_review": to_review,
            "now": now,
        },
    )
