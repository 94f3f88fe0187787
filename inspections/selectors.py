"""Reads of the inspections app: a dossier's status, the reconciliation of one unit, the board of a
round (ranking and bands, a fixed number of queries whatever the number of units), and the
contract other apps use (congresses reads a unit's band through `latest_classification`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery, Sum
from django.urls import reverse

from committees.models import Committee

from . import rules
from .models import Band, Criterion, Evidence, Round, Score, Unit

Source = Score.Source


# --- the contract for congresses ------------------------------------------------------------
@dataclass(frozen=True)
class UnitClassification:
    committee_id: int
    band: str  # the band's label as decided, e.g. "Vững mạnh", "Hoàn thành tốt nhiệm vụ"
    strong: bool  # the band counts as "vững mạnh" or better (set per band in the round)
    final_score: Decimal
    rank: int | None
    round_title: str
    decided_at: datetime.datetime
    url: str  # path of the round's results page


def latest_classification(*, committee: Committee) -> UnitClassification | None:
    """The committee's band in the most recent round whose classification the standing committee
    decided; None when it has none. (Contract for congresses; the inspections app implements it.)"""
    unit = (
        Unit.objects.filter(committee=committee, round__decided_at__isnull=False, decided_score__isnull=False)
        .select_related("round")
        .order_by("-round__decided_at", "-round_id")
        .first()
    )
    if unit is None:
        return None
    return UnitClassification(
        committee_id=committee.pk,
        band=unit.decided_band,
        strong=unit.decided_strong,
        final_score=unit.decided_score,
        rank=unit.decided_rank,
        round_title=unit.round.title,
        decided_at=unit.round.decided_at,
        url=reverse("inspections-results", args=[unit.round_id]),
    )


# --- the table --------------------------------------------------------------------------------
def criteria_of(round: Round) -> list[Criterion]:
    return list(Criterion.objects.filter(group__round=round).select_related("group").order_by("group__position", "group_id", "position", "pk"))


def table_of(round: Round):
    """[(group, [criteria])] in table order."""
    groups = list(round.groups.prefetch_related("criteria"))
    return [(g, list(g.criteria.all())) for g in groups]


def max_total(round: Round) -> Decimal:
    return Criterion.objects.filter(group__round=round, kind=Criterion.Kind.REGULAR).aggregate(s=Sum("max_points"))["s"] or Decimal(0)


# --- one dossier ------------------------------------------------------------------------------
@dataclass
class DossierStatus:
    criteria: list
    scores: dict  # criterion id -> Score (self)
    evidence: dict  # criterion id -> [Evidence]
    totals: rules.Totals
    unscored: list = field(default_factory=list)
    no_evidence: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.unscored and not self.no_evidence


def dossier_status(unit: Unit, source: str = Source.SELF) -> DossierStatus:
    """What the unit has scored and attached, its running total, and what is still missing before
    it may submit: regular criteria without a score, and criteria that require evidence without a
    file (a bonus requires it only when claimed)."""
    criteria = criteria_of(unit.round)
    scores = {s.criterion_id: s for s in Score.objects.filter(unit=unit, source=source)}
    evidence = defaultdict(list)
    for e in Evidence.objects.filter(unit=unit).order_by("uploaded_at", "pk"):
        evidence[e.criterion_id].append(e)
    status = DossierStatus(
        criteria=criteria,
        scores=scores,
        evidence=dict(evidence),
        totals=rules.totals((c.kind, scores[c.pk].points if c.pk in scores else None) for c in criteria),
    )
    for c in criteria:
        points = scores[c.pk].points if c.pk in scores else None
        if c.kind == Criterion.Kind.REGULAR and points is None:
            status.unscored.append(c)
        claimed = c.kind == Criterion.Kind.REGULAR or (c.kind == Criterion.Kind.BONUS and points)
        if c.evidence_required and claimed and not evidence.get(c.pk):
            status.no_evidence.append(c)
    return status


@dataclass
class ReconRow:
    criterion: Criterion
    self: Score | None
    cross: Score | None
    team: Score | None
    final: Score | None
    flagged: bool

    @property
    def effective(self) -> Decimal | None:
        if self.final is not None:
            return self.final.points
        return self.team.points if self.team is not None else None


def reconciliation(unit: Unit) -> tuple[list[ReconRow], dict]:
    """Self, cross, team and final score per criterion, flagged where two of them differ by more
    than the round's threshold; and the totals of each column."""
    criteria = criteria_of(unit.round)
    by = defaultdict(dict)
    for s in Score.objects.filter(unit=unit).select_related("by", "by_unit__committee"):
        by[s.source][s.criterion_id] = s
    threshold = unit.round.diff_threshold
    rows = []
    for c in criteria:
        row = ReconRow(c, by[Source.SELF].get(c.pk), by[Source.CROSS].get(c.pk), by[Source.TEAM].get(c.pk), by[Source.FINAL].get(c.pk), False)
        present = [s.points for s in (row.self, row.cross, row.team) if s is not None and s.points is not None]
        row.flagged = len(present) > 1 and max(present) - min(present) > threshold
        rows.append(row)
    col = {
        name: rules.totals((r.criterion.kind, getattr(r, name).points if getattr(r, name) else None) for r in rows)
        for name in ("self", "cross", "team")
    }
    col["final"] = rules.totals((r.criterion.kind, r.effective) for r in rows)
    return rows, col


# --- the board of a round ---------------------------------------------------------------------
@dataclass
class BoardRow:
    unit: Unit
    self_total: Decimal | None
    cross_total: Decimal | None
    cross_by: Unit | None
    team_total: Decimal | None
    totals: rules.Totals
    basis: str  # the source the provisional final rests on: "team", "cross", "self" or ""
    band: str = ""
    strong: bool = False
    rank: int | None = None
    tie_note: str = ""
    capped_by: str = ""


def board(round: Round, *, day_ids: set[int] | None = None) -> list[BoardRow]:
    """Every unit of the round with its totals, band and rank, best first: the provisional result
    while the round runs (from the team's scores and its changes; before the team scores, from the
    cross then the self scores), the decided one once the standing committee has decided. A fixed
    number of queries whatever the number of units and criteria."""
    units = list(
        round.units.select_related("committee", "day").only(
            "round_id", "committee_id", "day_id", "position", "cross_target_id", "submitted_at",
            "decided_score", "decided_band", "decided_strong", "decided_rank",
            "committee__name", "committee__short_name", "committee__sort_name", "committee__code", "day__date",
        )
    )
    inspector_of = {u.cross_target_id: u for u in units if u.cross_target_id}
    vetoes = defaultdict(list)
    for unit_id, label, cap in Unit.vetoes.through.objects.filter(unit__round=round).values_list(
        "unit_id", "vetocondition__label", "vetocondition__cap_band_id"
    ):
        vetoes[unit_id].append(rules.Veto(label=label, cap_band=cap))
    kinds = dict(Criterion.objects.filter(group__round=round).values_list("pk", "kind"))
    by_kind = {k: [pk for pk, kind in kinds.items() if kind == k] for k in (rules.REGULAR, rules.BONUS, rules.DEDUCTION)}
    sums = defaultdict(lambda: defaultdict(lambda: defaultdict(Decimal)))  # unit -> source -> kind -> points
    seen = defaultdict(set)
    for row in (
        Score.objects.filter(unit__round=round, points__isnull=False, source__in=[Source.SELF, Source.CROSS, Source.TEAM])
        .values("unit_id", "source")
        .annotate(**{k: Sum("points", filter=Q(criterion_id__in=ids)) for k, ids in by_kind.items()})
        .order_by()
    ):
        for k in by_kind:
            sums[row["unit_id"]][row["source"]][k] += row[k] or 0
        seen[row["unit_id"]].add(row["source"])
    team_points = Score.objects.filter(unit=OuterRef("unit"), criterion=OuterRef("criterion"), source=Source.TEAM).values("points")[:1]
    for row in (
        Score.objects.filter(unit__round=round, source=Source.FINAL)
        .annotate(team=Subquery(team_points))
        .values("unit_id", "criterion_id", "points", "team")
    ):
        kind = kinds[row["criterion_id"]]
        sums[row["unit_id"]][Source.FINAL][kind] += (row["points"] or 0) - (row["team"] or 0)
        seen[row["unit_id"]].add(Source.TEAM)  # a changed score is the team's decision

    def total(unit_id, source):
        if source not in seen[unit_id]:
            return None
        s = sums[unit_id][source]
        return s[rules.REGULAR] + s[rules.BONUS] - s[rules.DEDUCTION]

    bands = list(round.bands.all())
    band_rules = [rules.BandRule(key=b.pk, label=b.label, min_score=b.min_score, strong=b.strong) for b in bands]
    rows, entries = {}, []
    for unit in units:
        basis = next((s for s in (Source.TEAM, Source.CROSS, Source.SELF) if s in seen[unit.pk]), "")
        s = sums[unit.pk][basis] if basis else defaultdict(Decimal)
        adj = sums[unit.pk][Source.FINAL] if basis == Source.TEAM else defaultdict(Decimal)
        totals = rules.Totals(
            base=s[rules.REGULAR] + adj[rules.REGULAR],
            bonus=s[rules.BONUS] + adj[rules.BONUS],
            deductions=s[rules.DEDUCTION] + adj[rules.DEDUCTION],
        )
        rows[unit.pk] = BoardRow(
            unit=unit,
            self_total=total(unit.pk, Source.SELF),
            cross_total=total(unit.pk, Source.CROSS),
            cross_by=inspector_of.get(unit.pk),
            team_total=total(unit.pk, Source.TEAM),
            totals=totals,
            basis=basis,
        )
        entries.append(
            rules.Entry(
                key=unit.pk,
                name_key=unit.committee.sort_name,
                totals=totals,
                self_total=rows[unit.pk].self_total,
                vetoes=vetoes[unit.pk],
            )
        )
    result = []
    if band_rules and entries:
        for placed in rules.classify(entries, band_rules, tie_break=round.tie_break, top_cap_percent=round.top_band_cap_percent):
            row = rows[placed.entry.key]
            row.band, row.strong, row.rank = placed.band.label, placed.band.strong, placed.rank
            row.tie_note, row.capped_by = placed.tie_note, placed.capped_by
            result.append(row)
    else:
        result = list(rows.values())
    if round.is_decided:
        for row in result:
            u = row.unit
            row.band, row.strong, row.rank = u.decided_band, u.decided_strong, u.decided_rank
        result.sort(key=lambda r: (r.rank or 10**6, r.unit.committee.sort_name))
    if day_ids is not None:
        result = [r for r in result if r.unit.day_id in day_ids]
    return result


def band_counts(rows: list[BoardRow], bands: list[Band]) -> list[tuple[Band, int]]:
    counts = defaultdict(int)
    for r in rows:
        counts[r.band] += 1
    return [(b, counts[b.label]) for b in bands]


# --- the schedule -----------------------------------------------------------------------------
@dataclass
class DaySchedule:
    day: object
    units: list
    agenda: list
    overflows: list  # (item, minutes needed, minutes available)
    team: list


def schedule(round: Round) -> list[DaySchedule]:
    """Each day with its units (and whom each inspects), its agenda and the agenda's overflow warnings."""
    days = list(round.days.prefetch_related("agenda", "team__user__profile"))
    units = defaultdict(list)
    for u in round.units.filter(day__isnull=False).select_related("committee", "cross_target__committee").order_by("position", "pk"):
        units[u.day_id].append(u)
    result = []
    for d in days:
        agenda = sorted(d.agenda.all(), key=lambda i: (i.position, i.start))
        result.append(DaySchedule(d, units[d.pk], agenda, rules.agenda_overflows(agenda, len(units[d.pk])), [m.user for m in d.team.all()]))
    return result
