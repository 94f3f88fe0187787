"""Reads of the API: each one goes through the selectors and access rules the pages use
(committees/access.py and each app's own), so a token sees what its account's pages show."""

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from committees.access import Access
from committees.models import PATH_STEP, Committee
from committees.selectors import committees_as_of as tree_on_day
from congresses.models import Round as CongressRound
from inspections import access as inspections_access
from inspections.models import Round as InspectionRound
from lib.vnsort import sort_key
from plans.models import Plan
from reports.models import ReportingDuty
from reports.submissions.selectors import submissions_visible_to


def committees_as_of(*, access: Access, day: datetime.date | None, under: Committee | None = None):
    """The committees the person sees (`under`'s subtree when given), in the order lists of
    committees read (grouped under their parent, the Front first, Vietnamese alphabetical order).

    Without a day: today's tree, a queryset of Committee. With one: the tree as it stood that day
    (committees.selectors.committees_as_of: the committees that existed then, with the name, parent
    and place they had), the ones the person may read (`can_view`, a predecessor's past included),
    as rows shaped like a committee (CommitteeOut)."""
    if day is None:
        qs = access.visible_committees().in_sibling_order()
        return qs.filter(path__startswith=under.path) if under is not None else qs
    on_day = tree_on_day(on=day, under=under)
    readable = Committee.objects.filter(access.readable_committees_q(), pk__in=[c.id for c in on_day])
    tiers = dict(readable.values_list("pk", "tier"))
    rows = [
        {
            "id": c.id,
            "name": c.name,
            "short_name": c.short_name,
            "code": c.code,
            "level": c.level,
            "tier": tiers[c.id],
            "kind": c.kind,
            "parent_id": c.parent_id,
            "depth": c.depth,
            "is_active": True,  # it existed that day
            "parent_path": c.path[:-PATH_STEP],
        }
        for c in on_day
        if c.id in tiers
    ]
    rows.sort(key=lambda r: (r["parent_path"], r["kind"], sort_key(r["name"]), r["id"]))
    return rows


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
