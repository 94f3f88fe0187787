"""Pages of the approval chain: what waits for me, and one dossier's page (the grid of documents
by levels, the decisions and meetings, and the forms of whoever's turn it is).

Every view checks access first (`_get_case_for_user`, the rules in committees/access.py) and
answers 404 for a dossier that is not the person's to see or act on; writes go through
approvals.services, whose refusals are shown on the page with what was typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from lib.calendar_vn import day_off_warning
from lib.uploads import stored_file_response

from . import selectors, services
from .forms import DecisionForm, MeetingForm
from .models import Case, Meeting


def _get_case_for_user(request, pk: int) -> Case:
    case = Case.objects.select_related("subject").filter(pk=pk).first()
    if case is None:
        raise Http404
    committees = [s.committee for s in case.steps.select_related("committee")]
    if not get_access(request.user).can_view_dossier(case.subject, committees):
        raise Http404
    return case


def _current_step_for_actor(request, case: Case, state):
    """The step whose turn it is, when this person may act for it (else None)."""
    step = state.current_step
    if case.is_locked or step is None:
        return None
    if not get_access(request.user).can_decide_step(step.committee, subject=case.subject):
        return None
    return step


# --- lists ----------------------------------------------------------------------------------
LIST_LIMIT = 100  # dossiers shown per list: the oldest waiting first, the latest decided first


@login_required
def inbox(request):
    """ "Chờ tôi phê duyệt": per committee whose standing committee I sit on, the dossiers waiting
    on it and the ones it decided; per unit I act for, its own dossiers (with the levels outside
    the Front it must record)."""
    access = get_access(request.user)
    levels = []
    for c in access.standing_committees:
        waiting = selectors.cases_waiting_on(committee=c)
        levels.append(
            {
                "committee": c,
                "waiting": selectors.pipeline_rows(waiting[:LIST_LIMIT]),
                "waiting_total": waiting.count(),
                "decided": selectors.pipeline_rows(selectors.cases_decided_by(committee=c)[:LIST_LIMIT]),
            }
        )
    units = [
        {
            "committee": c,
            "to_record": set(selectors.cases_to_record(committee=c).values_list("pk", flat=True)),
            "rows": selectors.pipeline_rows(selectors.cases_of_unit(committee=c)),
        }
        for c in access.acting_committees
    ]
    return render(
        request,
        "approvals/inbox.html",
        {
            "levels": levels,
            "units": [u for u in units if u["rows"]],
            "nothing": not any(lv["waiting"] or lv["decided"] for lv in levels) and not any(u["rows"] for u in units),
        },
    )


# --- one dossier ----------------------------------------------------------------------------
def _meeting_choices(step):
    """The step's meetings a decision may cite: required at a level outside the Front; None (the
    field left out) at a Front level that recorded none."""
    meetings = Meeting.objects.filter(step=step).order_by("held_on", "pk")
    if not step.is_outside and not meetings.exists():
        return None
    return meetings


def _decision_form(step, meetings, data=None, initial=None) -> DecisionForm:
    return DecisionForm(data, initial=initial, meetings=meetings, meeting_required=step.is_outside)


def _case_page(request, case: Case, *, decision_form=None, meeting_form=None, status=200):
    state = selectors.case_state(case)
    access = get_access(request.user)
    step = _current_step_for_actor(request, case, state)
    forms_by_key = {}
    meeting_blank = None
    if step is not None:
        meetings = _meeting_choices(step)
        meeting_blank = meeting_form or MeetingForm(minutes_required=step.is_outside)
        for item_state in state.items:
            if not item_state.item.is_submitted:
                continue
            if decision_form is not None and decision_form.data.get("key") == item_state.item.key:
                form = decision_form
            else:
                initial = {"key": item_state.item.key, "item_version": item_state.item.version}
                form = _decision_form(step, meetings, initial=initial)
            forms_by_key[item_state.item.key] = form
        for item_state in state.items:
            item_state.form = forms_by_key.get(item_state.item.key)
        step_has_meeting = Meeting.objects.filter(step=step).exists()
    else:
        step_has_meeting = False
    preparer = access.can_prepare_dossier(case.subject)
    can_send = preparer and not case.is_sent and not case.is_locked
    context = {
        "case": case,
        "state": state,
        "actor_step": step,
        "step_has_meeting": step_has_meeting,
        "meeting_form": meeting_blank,
        "can_send": can_send,
        "unit_must_fix": preparer and state.count(selectors.RETURNED) > 0,
        "first_step": state.steps[0] if state.steps else None,
        "submit_warning": day_off_warning(case.submit_deadline),
        "approve_warning": day_off_warning(case.approve_deadline),
    }
    return render(request, "approvals/case_detail.html", context, status=status)


@login_required
def case_detail(request, pk: int):
    return _case_page(request, _get_case_for_user(request, pk))


def _get_for_actor(request, pk: int):
    """The dossier and the step whose turn it is, for a person who acts for that step (else 404)."""
    case = _get_case_for_user(request, pk)
    state = selectors.case_state(case)
    step = _current_step_for_actor(request, case, state)
    if step is None:
        raise Http404
    return case, step


def show_refusal(form, exc: ValidationError) -> None:
    """Put a refusal of the chain on the form: messages keyed by one of its fields under that
    field, the others above the form (also used by the pages of the chain's owners)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_POST
def case_decide(request, pk: int):
    case, step = _get_for_actor(request, pk)
    form = _decision_form(step, _meeting_choices(step), data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(
                case=case,
                step=step,
                key=data["key"],
                outcome=data["outcome"],
                comment=data["comment"],
                by=request.user,
                meeting=data.get("meeting"),
                item_version=data["item_version"],
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã ghi ý kiến của %(step)s.") % {"step": step.label})
            return redirect("approvals-case-detail", case.pk)
    return _case_page(request, case, decision_form=form, status=400)


@login_required
@require_POST
def case_meeting(request, pk: int):
    case, step = _get_for_actor(request, pk)
    form = MeetingForm(request.POST, request.FILES, minutes_required=step.is_outside)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_record(
                case=case,
                step=step,
                held_on=data["held_on"],
                conclusions=data["conclusions"],
                minutes=data["minutes"],
                by=request.user,
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("Đã ghi cuộc họp của %(step)s.") % {"step": step.label})
            return redirect("approvals-case-detail", case.pk)
    return _case_page(request, case, meeting_form=form, status=400)


@login_required
@require_POST
def case_send(request, pk: int):
    case = _get_case_for_user(request, pk)
    if not get_access(request.user).can_prepare_dossier(case.subject):
        raise Http404
    try:
        services.case_send(case=case, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã gửi hồ sơ."))
    return redirect("approvals-case-detail", case.pk)


@login_required
def minutes_download(request, pk: int):
    meeting = Meeting.objects.select_related("case").filter(pk=pk).exclude(minutes="").first()
    if meeting is None:
        raise Http404
    _get_case_for_user(request, meeting.case_id)
    return stored_file_response(meeting.minutes, filename=meeting.minutes_name or "bien-ban")
