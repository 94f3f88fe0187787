"""Pages of the approval chain. Every view checks access first (`_get_case_for_user`, rules in
committees/access.py) and answers 404 for a dossier that is not the person's to see."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from committees.access import get_access

from . import selectors
from .models import Case


def _get_case_for_user(request, pk: int) -> Case:
    case = Case.objects.select_related("subject").filter(pk=pk).first()
    if case is None:
        raise Http404
    committees = [s.committee for s in case.steps.select_related("committee")]
    if not get_access(request.user).can_view_dossier(case.subject, committees):
        raise Http404
    return case


@login_required
def case_detail(request, pk: int):
    case = _get_case_for_user(request, pk)
    return render(request, "approvals/case_detail.html", {"case": case, "state": selectors.case_state(case)})
