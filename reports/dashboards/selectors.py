"""Reads behind the dashboards: aggregate queries whose number does not grow with the tree.

Statuses come from SubmissionQuerySet.with_status() only. A plan's dashboard looks at one
committee `under` (the plan's committee, or one below it on drill-down) and rolls the reports up
by the level right below it: the branch of a submission is the first PATH_STEP characters of its
committee's path after `under`'s path, so one GROUP BY gives every row however deep the tree is.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Length, Substr
from django.utils import timezone

from committees.models import PATH_STEP, Committee
from committees.selectors import apply_names_on, committee_versions_on, moved_paths, path_on_day_expression
from lib.vnsort import sort_key
from plans.models import Plan
from reports.approval.selectors import with_waiting_level
from reports.indicators import combine
from reports.models import Indicator, IndicatorValue, ReportingDuty, Submission, status_counts

St = Submission.Status
S = Submission.State

# The order statuses are shown in, everywhere.
STATUS_ORDER = [
    St.NOT_STARTED,
    St.DRAFT,
    St.SUBMITTED_ON_TIME,
    St.SUBMITTED_LATE,
    St.RETURNED,
    St.ACCEPTED,
    St.MISSING,
]
STATUS_COLOURS = {
    St.NOT_STARTED: "#adb5bd",
    St.DRAFT: "#6ea8fe",
    St.SUBMITTED_ON_TIME: "#198754",
    St.SUBMITTED_LATE: "#fd7e14",
    St.RETURNED: "#ffc107",
    St.ACCEPTED: "#0b4f9c",
    St.MISSING: "#dc3545",
}
STATUS_LABELS = dict(St.choices)  # lazy: translated when shown
DONE_STATES = (S.SUBMITTED, S.ACCEPTED)
APPROVED_STATES = (S.ACCEPTED,)  # approved to the end (by the last level, for a duty with levels)


def counted_states(approved_only: bool = False) -> tuple:
    """The reports whose numbers the totals count: every report submitted (and not returned), or
    only those approved to the end (the "approved only" toggle of the totals and consolidation)."""
    return APPROVED_STATES if approved_only else DONE_STATES


# The bar reads from done (left) to missing (right).
BAR_ORDER = [St.ACCEPTED, St.SUBMITTED_ON_TIME, St.SUBMITTED_LATE, St.RETURNED, St.DRAFT, St.NOT_STARTED, St.MISSING]


def _status_counts() -> dict:
    """Aggregate expressions: one Count per status, over a with_status() queryset."""
    return {f"n_{s.value}": Count("pk", filter=Q(status=s.value)) for s in STATUS_ORDER}


def _done_counts() -> dict:
    return {
        "n_total": Count("pk"),
        "n_done": Count("pk", filter=Q(state__in=DONE_STATES)),
        "n_on_time": Count("pk", filter=Q(state__in=DONE_STATES, late=False)),
    }


def _counts_from(row: dict) -> dict[str, int]:
    return {s.value: row.get(f"n_{s.value}") or 0 for s in STATUS_ORDER}


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _local_text(moment: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in local time, "" for none."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def _days_between(later: datetime, earlier: datetime) -> int:
    """Calendar days in local time from `earlier` to `later` (negative if `later` is before)."""
    return (timezone.localtime(later).date() - timezone.localtime(earlier).date()).days


# --- plans overview ---------------------------------------------------------------------------
@dataclass
class PlanSummary:
    plan: Plan
    deadline: datetime | None
    counts: dict
    expected: int
    done: int
    on_time: int
    days_left: int | None  # negative: days past the deadline

    @property
    def is_open(self) -> bool:
        return self.plan.state == Plan.State.ISSUED

    @property
    def completeness(self) -> int:
        return _percent(self.done, self.expected)

    @property
    def timeliness(self) -> int:
        return _percent(self.on_time, self.done)

    @property
    def returned(self) -> int:
        return self.counts[St.RETURNED]

    @property
    def accepted(self) -> int:
        return self.counts[St.ACCEPTED]

    @property
    def missing(self) -> int:
        return self.counts[St.MISSING]

    @property
    def days_past(self) -> int:
        return -self.days_left if self.days_left is not None else 0

    @property
    def segments(self) -> list[dict]:
        """The small bar: each status as a share of the reports expected."""
        labels = dict(St.choices)
        return [
            {
                "status": s.value,
                "label": labels[s],
                "colour": STATUS_COLOURS[s],
                "count": self.counts[s],
                "percent": round(100 * self.counts[s] / self.expected, 1) if self.expected else 0,
            }
            for s in BAR_ORDER
            if self.counts[s]
        ]


def plans_overview(
    *, committee: Committee, now=None, open_only: bool = False, limit: int | None = None
) -> list[PlanSummary]:
    """Every plan the committee issued (drafts excluded), open plans first, nearest deadline
    first, then closed ones, latest first; two queries whatever the number of plans or reports.
    Only open plans have their reports counted (a closed plan's counts are on its dashboard), so
    years of closed rounds cost the overview one short row each."""
    now = now or timezone.now()
    plans = Plan.objects.filter(committee=committee, state__in=[Plan.State.ISSUED, Plan.State.CLOSED])
    if open_only:
        plans = plans.filter(state=Plan.State.ISSUED)
    plans = list(plans.annotate(last_deadline=Max("duties__deadline")))
    if not plans:
        return []
    open_ids = [p.pk for p in plans if p.state == Plan.State.ISSUED]
    tallies: dict[int, list] = {}
    if open_ids:
        for t in Submission.objects.filter(duty__plan_id__in=open_ids).state_tallies("duty__plan_id", now=now):
            tallies.setdefault(t["duty__plan_id"], []).append(t)
    result = []
    for plan in plans:
        counts = status_counts(tallies.get(plan.pk, []))
        deadline = plan.last_deadline
        result.append(
            PlanSummary(
                plan=plan,
                deadline=deadline,
                counts={s.value: counts[s] for s in STATUS_ORDER},
                expected=sum(counts[s] for s in STATUS_ORDER),
                done=counts["done"],
                on_time=counts["on_time"],
                days_left=_days_between(deadline, now) if deadline else None,
            )
        )
    far = datetime.max.replace(tzinfo=timezone.get_current_timezone())
    # Open plans first (nearest deadline first), then closed ones, latest first.
    open_ = sorted((s for s in result if s.is_open), key=lambda s: s.deadline or far)
    closed = sorted((s for s in result if not s.is_open), key=lambda s: s.deadline or far, reverse=True)
    result = open_ + closed
    return result[:limit] if limit else result


# --- one plan's dashboard ---------------------------------------------------------------------
@dataclass
class DashboardRow:
    """One committee right below `under`: its own report and/or the reports of its branch."""

    committee: Committee
    counts: dict
    total: int
    done: int
    has_below: bool  # reports from committees below this one: the row is a roll-up, drill down
    own: Submission | None = None
    last_activity: datetime | None = None
    days_late: int | None = None
    indicator_values: list = field(default_factory=list)  # (total, contributors) or None, per indicator
    report_url: str = ""  # where the row links the committee's own report (set by the view)

    @property
    def status(self) -> str | None:
        return self.own.status if self.own is not None and not self.has_below else None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    # As the |date:"d/m/Y H:i" filter shows them (local time), formatted once a row: the rows
    # are the bulk of the page, and Django's date filter is its slowest part.
    @cached_property
    def submitted_text(self) -> str:
        return _local_text(self.own.submitted_at if self.own is not None else None)

    @cached_property
    def activity_text(self) -> str:
        return _local_text(self.last_activity)

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "#adb5bd")

    @property
    def completeness(self) -> int:
        return _percent(self.done, self.total)

    @property
    def missing(self) -> int:
        return self.counts[St.MISSING]


@dataclass
class IndicatorTotal:
    indicator: Indicator
    total: Decimal | None
    contributors: int
    by_branch: dict = field(default_factory=dict)  # branch committee id -> (total, contributors)


@dataclass
class PlanDashboard:
    plan: Plan
    duty: ReportingDuty | None
    duties: list
    under: Committee
    counts: dict
    total: int
    done: int
    rows: list
    indicators: list
    levels: list
    own_submission: Submission | None = None

    @property
    def own_status_label(self) -> str:
        return dict(St.choices).get(self.own_submission.status, "") if self.own_submission else ""


# What reports.indicators.combine needs, computed by the database.
INDICATOR_AGGREGATES = {"v_sum": Sum("value"), "v_max": Max("value"), "n": Count("pk")}


def aggregate_total(indicator: Indicator, row: dict) -> Decimal | None:
    """The total of one row of INDICATOR_AGGREGATES, by reports.indicators.combine."""
    return combine(indicator, total=row.get("v_sum"), largest=row.get("v_max"), count=row.get("n", 0))


def days_late(sub: Submission, now) -> int | None:
    """Days after the deadline, only for a report that is late by the model's rule (first
    submitted after its effective deadline: the days from the deadline to that first submission)
    or missing after the deadline (the days from the deadline to now). A report first submitted
    on time has none, even when it was returned later and is still owed. `sub` carries the
    annotations of SubmissionQuerySet.with_status()."""
    if sub.first_submitted_at:
        if sub.late:
            return max(1, _days_between(sub.first_submitted_at, sub.effective_deadline))
        return None
    if sub.status == St.MISSING and sub.effective_deadline < now:
        return max(1, _days_between(now, sub.effective_deadline))
    return None


def level_q(level: str, prefix: str = "committee__") -> Q:
    """The "Cấp" filter: an administrative level (Committee.Tier value: "commune" is every xã,
    phường, thị trấn and đặc khu); a unit word from an older link ("Phường") still filters by it."""
    if level in Committee.Tier.values:
        return Q(**{f"{prefix}tier": level})
    return Q(**{f"{prefix}level__iexact": level})


@dataclass
class RoundTree:
    """The committee tree of a round's day (committees.reorg): the committees renamed or moved
    since (their CommitteeVersion then), and the moves as path prefixes. Read in one query."""

    day: object
    versions: dict
    moves: list
    under_path: str  # `under`'s path on that day (moved since: its old one)

    @classmethod
    def of(cls, *, duty: ReportingDuty, under: Committee) -> "RoundTree":
        versions = committee_versions_on(on=duty.round_day, within=under)
        moves = moved_paths(versions)
        under_path = versions[under.pk].path if under.pk in versions else under.path
        return cls(day=duty.round_day, versions=versions, moves=moves, under_path=under_path)

    @property
    def under_depth(self) -> int:
        return self.under_path.count("/") - 1

    @property
    def path_field(self) -> str:
        """The field a report's committee path is read from (annotated by plan_submissions)."""
        return "path_then" if self.moves else "committee__path"

    def named(self, submissions) -> list:
        """The reports as a list, their committees (loaded with them) named as on the round's day."""
        subs = list(submissions)
        if self.versions:
            apply_names_on([s.committee for s in subs], on=self.day, versions=self.versions)
        return subs


def plan_submissions(
    *, duty: ReportingDuty, under: Committee, level: str = "", kind: str = "", now=None, tree: "RoundTree | None" = None
):
    """Every report of the duty in `under`'s subtree (filters applied), statuses annotated. With
    `tree` (RoundTree: committees moved since the round), the subtree is
    the one of the round's day, each report's path then annotated as `path_then`."""
    if tree is not None and tree.moves:
        qs = (
            Submission.objects.filter(duty=duty)
            .annotate(
                path_then=path_on_day_expression("committee__path", tree.moves, on=tree.day, id_field="committee_id")
            )
            .filter(path_then__startswith=tree.under_path)
            .with_status(now or timezone.now())
        )
    else:
        qs = Submission.objects.filter(duty=duty, committee__path__startswith=under.path).with_status(
            now or timezone.now()
        )
    if level:
        qs = qs.filter(level_q(level))
    if kind:
        qs = qs.filter(committee__kind=kind)
    return qs


class _Tally:
    """Reports counted by status, from (branch, state) groups of plan_dashboard."""

    def __init__(self):
        self.groups = []
        self.deepest = 0
        self.last_activity = None

    def add(self, group: dict) -> None:
        self.groups.append(group)
        self.deepest = max(self.deepest, group["deepest"])
        for key in ("last_saved", "last_submitted", "last_reviewed", "last_returned", "last_started"):
            if group[key] and (self.last_activity is None or group[key] > self.last_activity):
                self.last_activity = group[key]

    @cached_property
    def _counts(self) -> dict:
        return status_counts(self.groups)

    @property
    def counts(self) -> dict:
        return {s.value: self._counts[s] for s in STATUS_ORDER}

    @property
    def total(self) -> int:
        return sum(self._counts[s] for s in STATUS_ORDER)

    @property
    def done(self) -> int:
        """Submitted or accepted (DONE_STATES)."""
        return self._counts["done"]


def chosen_duty(plan: Plan, duty_id: int | None) -> tuple[list[ReportingDuty], ReportingDuty | None]:
    """The plan's duties (nearest deadline first) and the one a page shows: the one asked for by
    id, otherwise the first."""
    duties = list(plan.duties.select_related("outline").order_by("deadline", "pk"))
    return duties, next((d for d in duties if d.pk == duty_id), duties[0] if duties else None)


# What a row of plan_dashboard reads: its committee (name, link, sort, access by path), its own
# report (status, when it was submitted, days late, reviewer; its last activity is one of the
# maxima of the groups).
ROW_COMMITTEE_FIELDS = ("name", "short_name", "sort_name", "kind", "level", "tier", "path", "depth", "parent_id")
ROW_SUBMISSION_FIELDS = ("duty_id", "committee_id", "state", "first_submitted_at", "submitted_at", "reviewed_by")


def plan_dashboard(
    *,
    plan: Plan,
    under: Committee,
    duty_id: int | None = None,
    level: str = "",
    kind: str = "",
    status: str = "",
    sort: str = "",
    approved_only: bool = False,
    now=None,
) -> PlanDashboard:
    now = now or timezone.now()
    duties, duty = chosen_duty(plan, duty_id)
    if duty is None:
        return PlanDashboard(plan, None, [], under, _counts_from({}), 0, 0, [], [], [])
    # The tree of the round's day (committees.reorg): the names, and the places of the committees
    # moved since, of committees renamed or moved after the deadline; one query.
    tree = RoundTree.of(duty=duty, under=under)
    versions, moves, path_field = tree.versions, tree.moves, tree.path_field
    base = plan_submissions(duty=duty, under=under, level=level, kind=kind, now=now, tree=tree)

    # One query: the reports counted by branch right below `under` and by state, with how many
    # were late and how many are past their deadline (`under`'s own report is the group whose
    # path is shorter than the cut). The totals and each branch's row are sums of these groups,
    # so the subtree is read once; the statuses come from the counts (status_counts).
    cut = len(tree.under_path) + PATH_STEP
    groups = (
        base.annotate(branch=Substr(path_field, 1, cut))
        .state_tallies("branch", now=now)
        .annotate(
            deepest=(Max(Length(path_field)) / PATH_STEP) - 1 if moves else Max("committee__depth"),
            last_saved=Max("last_saved_at"),
            last_submitted=Max("submitted_at"),
            last_reviewed=Max("accepted_at"),
            last_returned=Max("returned_at"),
            last_started=Max("started_at"),
        )
    )
    totals = _Tally()
    by_branch: dict[int, _Tally] = {}
    for g in groups:
        totals.add(g)
        if len(g["branch"]) == cut:
            by_branch.setdefault(int(g["branch"][-PATH_STEP:-1]), _Tally()).add(g)
    # A row reads a few fields of its committee and of its own report: only those are loaded, in
    # one query (a hundred rows on a province's plan: loading and converting every field of two
    # queries' rows was a third of the page). A branch without a report of its own (none in the
    # usual case) has its committee read on its own.
    own_q = (
        Q(committee_id__in=[*by_branch, under.pk])
        if moves
        else Q(committee__parent_id=under.pk) | Q(committee_id=under.pk)
    )
    rows_qs = (
        base.filter(own_q)
        .only(*ROW_SUBMISSION_FIELDS, *(f"committee__{f}" for f in ROW_COMMITTEE_FIELDS))
        .select_related("committee", "reviewed_by__profile")
    )
    if duty.approved_level_by_level:
        # Each report's approval level (reports.approval: "Chờ cấp huyện duyệt") comes with it,
        # from subqueries of the same SELECT.
        rows_qs = with_waiting_level(rows_qs)
    own = {s.committee_id: s for s in rows_qs}
    committees = {pk: s.committee for pk, s in own.items()}
    missing = [pk for pk in by_branch if pk not in committees]
    if missing:
        committees.update(Committee.objects.only(*ROW_COMMITTEE_FIELDS).in_bulk(missing))
    if versions:
        apply_names_on([under, *committees.values()], on=duty.round_day, versions=versions)
    rows = []
    for pk, b in by_branch.items():
        committee = committees.get(pk)
        if committee is None:
            continue
        sub = own.get(pk)
        row = DashboardRow(
            committee=committee,
            counts=b.counts,
            total=b.total,
            done=b.done,
            has_below=b.deepest > tree.under_depth + 1,
            own=sub,
            last_activity=b.last_activity,
        )
        if sub is not None:
            row.days_late = days_late(sub, now)
        rows.append(row)
    if status:
        rows = [r for r in rows if r.counts.get(status)]
    rows = sort_rows(rows, sort)
    indicators = indicator_totals(
        duty=duty, under=under, level=level, kind=kind, cut=cut, approved_only=approved_only, tree=tree
    )
    for row in rows:
        row.indicator_values = [t.by_branch.get(row.committee.pk) for t in indicators]

    return PlanDashboard(
        plan=plan,
        duty=duty,
        duties=duties,
        under=under,
        counts=totals.counts,
        total=totals.total,
        done=totals.done,
        rows=rows,
        indicators=indicators,
        levels=levels_of(duty=duty, under=under),
        own_submission=own.get(under.pk),
    )


def levels_of(*, duty: ReportingDuty, under: Committee) -> list[tuple[str, str]]:
    """The administrative levels (Committee.Tier: province, district, commune) of the duty's
    committees in `under`'s subtree, top level first, as (value, label) for the "Cấp" filter; a
    phường, a xã, a thị trấn and a đặc khu are one level ("Cấp xã"), not four."""
    present = set(
        Submission.objects.filter(duty=duty, committee__path__startswith=under.path)
        .values_list("committee__tier", flat=True)
        .distinct()
        .order_by()
    )
    return [(value, label) for value, label in Committee.Tier.choices if value in present]


def _name(row) -> str:
    """The row's committee name in Vietnamese order (lib.vnsort; stored as Committee.sort_name)."""
    return row.committee.sort_name or sort_key(row.committee.name)


SORTS = {
    "name": lambda r: (r.committee.kind, _name(r)),
    "status": lambda r: (STATUS_ORDER.index(r.status) if r.status else -1, -r.missing, _name(r)),
    "missing": lambda r: (-r.missing, _name(r)),
    "completeness": lambda r: (r.completeness, _name(r)),
    "submitted": lambda r: (
        (r.own.submitted_at.timestamp() if r.own and r.own.submitted_at else float("inf")),
        _name(r),
    ),
    "late": lambda r: (-(r.days_late or 0), _name(r)),
    "activity": lambda r: (-(r.last_activity.timestamp() if r.last_activity else 0), _name(r)),
}


def sort_rows(rows: list, sort: str) -> list:
    key = sort.lstrip("-")
    rows = sorted(rows, key=SORTS.get(key, SORTS["name"]))
    return list(reversed(rows)) if sort.startswith("-") and key in SORTS else rows


def indicator_totals(
    *,
    duty: ReportingDuty,
    under: Committee,
    level: str = "",
    kind: str = "",
    cut: int | None = None,
    approved_only: bool = False,
    tree: "RoundTree | None" = None,
):
    """Each indicator of the outline: its total by its aggregation rule over the submitted and
    accepted reports of `under`'s subtree (`approved_only`: the accepted ones only, see
    counted_states), how many committees contributed, and the same per branch right below
    `under`. Two queries."""
    indicators = list(
        Indicator.objects.filter(item__outline_id=duty.outline_id)
        .select_related("item")
        .order_by("item__position", "item_id", "position", "pk")
    )
    if not indicators:
        return []
    moves = tree.moves if tree is not None else []
    under_path = tree.under_path if tree is not None else under.path
    path_field = "path_then" if moves else "submission__committee__path"
    values = IndicatorValue.objects.filter(
        submission__duty=duty,
        submission__state__in=counted_states(approved_only),
        value__isnull=False,
    )
    if moves:
        values = values.annotate(
            path_then=path_on_day_expression(
                "submission__committee__path", moves, on=tree.day, id_field="submission__committee_id"
            )
        )
    values = values.filter(**{f"{path_field}__startswith": under_path})
    if level:
        values = values.filter(level_q(level, "submission__committee__"))
    if kind:
        values = values.filter(submission__committee__kind=kind)
    # One query by indicator and branch (`under`'s own values are the group with the shorter
    # path); the overall sum, largest value and count are those of the groups.
    cut = cut or len(under_path) + PATH_STEP
    rows = (
        values.annotate(branch=Substr(path_field, 1, cut))
        .values("indicator_id", "branch")
        .annotate(**INDICATOR_AGGREGATES)
        .order_by()
    )
    overall: dict[int, dict] = {}
    per_branch: dict[int, dict] = {}
    for r in rows:
        o = overall.setdefault(r["indicator_id"], {"v_sum": 0, "v_max": None, "n": 0})
        o["v_sum"] += r["v_sum"]
        o["v_max"] = r["v_max"] if o["v_max"] is None else max(o["v_max"], r["v_max"])
        o["n"] += r["n"]
        if len(r["branch"]) == cut:
            per_branch.setdefault(r["indicator_id"], {})[int(r["branch"][-PATH_STEP:-1])] = r
    result = []
    for ind in indicators:
        row = overall.get(ind.pk, {})
        result.append(
            IndicatorTotal(
                indicator=ind,
                total=aggregate_total(ind, row),
                contributors=row.get("n", 0),
                by_branch={k: (aggregate_total(ind, v), v["n"]) for k, v in per_branch.get(ind.pk, {}).items()},
            )
        )
    return result
