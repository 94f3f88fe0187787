"""The page of one congress (where it stands, its dossier, short list, programme, attendees and
records after it), one view per record, and the search across lessons. The unit writes its own
records; the recognition decision is the upper level's (a standing committee above the unit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.access import get_access
from congresses.access import get_congress
from congresses.dossier.selectors import dossier_overview
from congresses.models import Attendee, ProgrammeItem
from congresses.records import forms as f
from congresses.records import services
from congresses.records.selectors import lessons_search
from congresses.rounds.views import form_errors_to
from congresses.shortlist.selectors import shares

UNIT, UPPER = "unit", "upper"
# part -> (form, who may write it, service call, initial from the congress)
PARTS = {
    "schedule": (
        f.ScheduleForm,
        UNIT,
        lambda c, d, by: services.congress_schedule(congress=c, by=by, **d),
        lambda c: {"starts_on": c.starts_on, "days": c.days, "sessions": c.sessions, "place": c.place},
    ),
    "programme": (f.ProgrammeForm, UNIT, lambda c, d, by: services.programme_add(congress=c, **d), None),
    "attendee": (f.AttendeeForm, UNIT, lambda c, d, by: services.attendee_add(congress=c, **d), None),
    "first_meeting": (
        f.FirstMeetingForm,
        UNIT,
        lambda c, d, by: services.first_meeting_record(congress=c, by=by, **d),
        lambda c: {"on": c.first_meeting_on, "standing_members": c.standing_members, "notes": c.first_meeting_notes},
    ),
    "recognition_request": (
        f.RecognitionRequestForm,
        UNIT,
        lambda c, d, by: services.recognition_request(congress=c, by=by, **d),
        lambda c: {"on": c.recognition_requested_on},
    ),
    "recognition": (
        f.RecognitionForm,
        UPPER,
        lambda c, d, by: services.recognition_record(congress=c, by=by, **d),
        lambda c: {"on": c.recognised_on, "number": c.recognition_number},
    ),
    "quota": (
        f.QuotaForm,
        UNIT,
        lambda c, d, by: services.delegation_quota_set(congress=c, by=by, **d),
        lambda c: {"official": c.delegation_quota_official, "substitute": c.delegation_quota_substitute},
    ),
    "delegate": (f.DelegateForm, UNIT, lambda c, d, by: services.delegation_add(congress=c, by=by, **d), None),
    "results": (
        f.ResultsForm,
        UNIT,
        lambda c, d, by: services.results_report_record(congress=c, by=by, **d),
        lambda c: {"on": c.results_reported_on, "text": c.results_report},
    ),
    "lessons": (
        f.LessonsForm,
        None,
        lambda c, d, by: services.lessons_record(congress=c, by=by, **d),
        lambda c: {"strengths": c.strengths, "limits": c.limits, "lessons": c.lessons},
    ),
    "target": (f.TargetForm, UNIT, lambda c, d, by: services.action_target_add(congress=c, by=by, **d), None),
}


def _may_write(access, congress, who) -> bool:
    unit = access.can_prepare_dossier(congress.committee)
    upper = access.can_review(congress.committee)
    return {UNIT: unit, UPPER: upper, None: unit or upper}[who]


def _forms(access, congress, bound=None) -> dict:
    forms = {}
    for part, (form_class, who, _call, initial) in PARTS.items():
        if not _may_write(access, congress, who):
            continue
        if bound and bound[0] == part:
            forms[part] = bound[1]
        else:
            forms[part] = form_class(initial=initial(congress) if initial else None, prefix=part)
    return forms


def _page(request, congress, *, bound=None, status=200):
    access = get_access(request.user)
    total, lines = shares(congress)
    return render(
        request,
        "congresses/congress.html",
        {
            "congress": congress,
            "forms": _forms(access, congress, bound),
            "dossier": dossier_overview(congress=congress, access=access),
            "programme": ProgrammeItem.objects.filter(congress=congress),
            "delegates": congress.attendees.filter(kind=Attendee.Kind.DELEGATE),
            "guests": congress.attendees.filter(kind=Attendee.Kind.GUEST),
            "delegation": congress.delegation.all(),
            "targets": congress.targets.all(),
            "total": total,
            "target_lines": [line for line in lines if line.target],
            "can_prepare": access.can_prepare_dossier(congress.committee),
        },
        status=status,
    )


@login_required
def congress_detail(request, pk: int):
    return _page(request, get_congress(request, pk))


@login_required
@require_POST
def congress_record(request, pk: int, part: str):
    if part not in PARTS:
        raise Http404
    congress = get_congress(request, pk)
    form_class, who, call, _initial = PARTS[part]
    if not _may_write(get_access(request.user), congress, who):
        raise Http404
    form = form_class(request.POST, prefix=part)
    if form.is_valid():
        try:
            result = call(congress, form.cleaned_data, request.user)
        except ValidationError as exc:
            form_errors_to(form, exc)
        else:
            if part == "schedule" and result:
                messages.warning(request, " ".join(result))
            messages.success(request, _("Đã lưu."))
            return redirect(_back(congress, part))
    return _page(request, congress, bound=(part, form), status=400)


def _back(congress, part: str) -> str:
    return reverse("congresses-congress", args=[congress.pk]) + f"#{part}"


@login_required
@require_POST
def congress_held(request, pk: int):
    congress = get_congress(request, pk, write=True)
    try:
        services.congress_held(congress=congress, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã ghi nhận Đại hội đã tổ chức."))
    return redirect(_back(congress, "held"))


@login_required
@require_POST
def guests_fill(request, pk: int):
    congress = get_congress(request, pk, write=True)
    added = services.guests_fill_sibling_chairs(congress=congress)
    messages.success(request, _("Đã thêm %(n)d khách mời.") % {"n": added})
    return redirect(_back(congress, "attendee"))


@login_required
@require_POST
def attendee_delete(request, pk: int):
    attendee = get_object_or_404(Attendee, pk=pk)
    congress = get_congress(request, attendee.congress_id, write=True)
    services.attendee_delete(attendee=attendee)
    return redirect(_back(congress, "attendee"))


@login_required
def lessons(request):
    access = get_access(request.user)
    form = f.SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "congresses/lessons.html",
        {"form": form, "results": lessons_search(access=access, query=query), "q": query},
    )
