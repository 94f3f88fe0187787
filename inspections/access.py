"""Who may see and do what in an inspection round: the one place every view of the app asks.

- the round belongs to the standing committee that runs it (`access.can_manage(round.committee)`):
  it sets the round up, sees every dossier, reconciles and decides;
- a team member (a TeamMember row) sees the units of the days they cover, pre-checks and reconciles them;
- a unit's officers and leaders (`access.can_act_for`) see and write their own dossier only, and,
  while their day's session is open, read and cross-score the one unit they inspect;
- the standing committees above the city read the results page only (`reads_results`);
- the committee that carries on for a merged unit reads its dossier's report and evidence;
- anyone else (another city, another ward, an anonymous visitor) sees nothing: views answer 404.
"""

import datetime

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from committees.access import get_access

from .models import Round, TeamMember, Unit


def manages(user, round: Round) -> bool:
    return get_access(user).can_manage(round.committee)


def team_days(user, round: Round) -> set[int] | None:
    """The day ids a team member covers; None when the person is not in the team."""
    if not getattr(user, "is_authenticated", False):
        return None
    member = TeamMember.objects.filter(round=round, user=user).prefetch_related("days").first()
    if member is None:
        return None
    return {d.pk for d in member.days.all()}


def acts_for(user, unit: Unit) -> bool:
    return get_access(user).can_act_for(unit.committee)


def cross_unit_of(user, target: Unit, now: datetime.datetime | None = None) -> Unit | None:
    """The inspecting unit the person acts for, when it inspects `target` and the day is open."""
    inspector = Unit.objects.filter(cross_target=target).select_related("committee", "day").first()
    if inspector is None or inspector.day is None or not acts_for(user, inspector):
        return None
    return inspector if inspector.day.session_open(now) else None


def can_team_check(user, unit: Unit) -> bool:
    if manages(user, unit.round):
        return True
    days = team_days(user, unit.round)
    return days is not None and unit.day_id in days


def calendar_days(user, round: Round) -> set[int] | None:
    """The days a person's schedule shows in full: None (all, with the cross pairs) for the standing
    committee and the team; a unit's officer gets its own day, without the pairs."""
    if manages(user, round) or team_days(user, round) is not None:
        return None
    access = get_access(user)
    return {u.day_id for u in Unit.objects.filter(round=round).select_related("committee") if access.can_act_for(u.committee)}


def visible_rounds(user):
    """The rounds the person has anything in: run by their standing committee, a unit of theirs, or a team seat."""
    access = get_access(user)
    if not getattr(user, "is_authenticated", False):
        return Round.objects.none()
    if access.is_superuser:
        return Round.objects.all()
    mine = [m.committee_id for m in access.memberships]
    return Round.objects.filter(
        Q(committee_id__in=[c.pk for c in access.standing_committees]) | Q(units__committee_id__in=mine) | Q(team__user=user)
    ).distinct()


# --- the getters views call (404 for what the person may not see) ----------------------------
def get_round(request, pk: int) -> Round:
    round = visible_rounds(request.user).filter(pk=pk).select_related("committee", "plan").first()
    if round is None:
        raise Http404
    return round


def reads_results(user, round: Round) -> bool:
    """The round's standing committee, its team, and the standing committees above the city (which
    read its results, as they read its dashboards: a congress pilot's "vững mạnh" links here)."""
    return manages(user, round) or team_days(user, round) is not None or get_access(user).oversees(round.committee)


def get_results_round(request, pk: int) -> Round:
    round = Round.objects.select_related("committee", "plan").filter(pk=pk).first()
    if round is None or not reads_results(request.user, round):
        raise Http404
    return round


def get_results_round_for_reader(request, pk: int) -> tuple[Round, list | None, bool]:
    """The results page's (and the API's) reading of a round: (round, the team member's days or
    None for every unit, whether the person reconciles); 404 for whoever does not read its results."""
    round = get_results_round(request, pk)
    if manages(request.user, round):
        return round, None, True
    days = team_days(request.user, round)
    if days is None:
        return round, None, False  # a standing committee above the city: reads the results only
    return round, days, True


def get_managed_round(request, pk: int) -> Round:
    round = Round.objects.select_related("committee", "plan").filter(pk=pk).first()
    if round is None or not manages(request.user, round):
        raise Http404
    return round


def get_managed_object(request, queryset, pk: int, round_of=lambda obj: obj.round):
    """A part of a round (group, criterion, day, condition...) for its standing committee only, else 404."""
    obj = queryset.filter(pk=pk).first()
    if obj is None or not manages(request.user, round_of(obj)):
        raise Http404
    return obj


def _unit(pk: int) -> Unit:
    unit = Unit.objects.select_related("round", "round__committee", "committee", "day").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def get_own_unit(request, pk: int) -> Unit:
    """A dossier the person writes: its own unit's officers, or the round's standing committee (reads)."""
    unit = _unit(pk)
    if not (acts_for(request.user, unit) or can_team_check(request.user, unit)):
        raise Http404
    return unit


def get_unit_for_writer(request, pk: int) -> Unit:
    unit = _unit(pk)
    if not acts_for(request.user, unit):
        raise Http404
    return unit


def get_unit_for_team(request, pk: int) -> Unit:
    unit = _unit(pk)
    if not can_team_check(request.user, unit):
        raise Http404
    return unit


def get_unit_for_cross(request, pk: int) -> tuple[Unit, Unit]:
    """(target, inspector) while the inspector's session is open; 404 otherwise."""
    unit = _unit(pk)
    inspector = cross_unit_of(request.user, unit, timezone.now())
    if inspector is None:
        raise Http404
    return unit, inspector


def can_read_dossier(user, unit: Unit) -> bool:
    """Its unit, its team, its cross-inspector on the day, and the committee that carries on for
    the unit after a merge (committees.access `reads_history_of`)."""
    return (
        acts_for(user, unit)
        or can_team_check(user, unit)
        or cross_unit_of(user, unit) is not None
        or get_access(user).reads_history_of(unit.committee)
    )


def get_readable_unit(request, pk: int) -> Unit:
    """A dossier to read (evidence, bundle, report): its unit, its team, its cross-inspector on the day."""
    unit = _unit(pk)
    if not can_read_dossier(request.user, unit):
        raise Http404
    return unit
