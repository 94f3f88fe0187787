"""Reads of the API: each one goes through the selectors and access rules the pages use
(committees/access.py and each app's own), so a token sees what its account's pages show."""

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from committees.access import Access
from committees.models import Committee
from congresses.models import Round as CongressRound
from inspections import access as inspections_access
from inspections.models import Round as InspectionRound
from plans.models import Plan
from reports.models import ReportingDuty
from reports.submissions.selectors import submissions_visible_to


def committees_as_of(*, access: Access, day: datetime.date | None) -> QuerySet:
    """The committees the person sees, as the tree stood on `day`, in the order lists of committees
    read (grouped under their parent, Vietnamese alphabetical order).

    The tree's history (issue 15, part 1: reorganisations with an effective date) is not recorded
    yet: until its selector lands, this answers the current tree whatever the day. It is the one
    function to change when it does."""
    return access.visible_committees().in_sibling_order()


def plans_visible(*, access: Access) -> QuerySet:
    return Plan.objects.visible_to(access).select_related("committee")


def duties_visible(*, access: Access) -> QuerySet:
    return ReportingDuty.objects.filter(plan__in=Plan.objects.visible_to(access)).select_related("plan")


def submissions_visible(*, access: Access, now=None) -> QuerySet:
    """The reports the person may open on the pages (the one rule:
    reports.submissions.selectors.submissions_visible_to), with `status`, `effective_deadline` and
    `late` (SubmissionQuerySet)."""
    return submissions_visible_to(access).with_status(now).select_related("duty", "committee")


def inspection_rounds_with_results(*, user, access: Access) -> list[InspectionRound]:
    """The inspection rounds whose results page the person may open (inspections.access.reads_results:
    the round's standing committee and those above it, and its team)."""
    rounds = InspectionRound.objects.select_related("committee", "plan").order_by("-year", "pk")
    if not access.is_superuser:
        rounds = rounds.filter(Q(access.visible_committees_q("committee__")) | Q(team__user=user)).distinct()
    return [r for r in rounds if inspections_access.reads_results(user, r)]


def congress_rounds_with_pipeline(*, access: Access) -> list[CongressRound]:
    """The congress rounds whose pipeline page the person may open (congresses.pipeline.views: a
    reviewer who works under the round's committee)."""
    if not access.is_reviewer:
        return []
    rounds = CongressRound.objects.select_related("committee").order_by("-term_start", "pk")
    return [r for r in rounds if access.works_under(r.committee)]


def under_committee(*, access: Access, committee_id: int | None) -> Committee | None:
    """The committee a `committee` filter names, when the person sees it (None: no filter); one the
    person does not see is a 404, as on the pages (Access.can_view)."""
    if committee_id is None:
        return None
    committee = Committee.objects.filter(pk=committee_id).first()
    if committee is None or not access.can_view(committee):
        raise Http404
    return committee
