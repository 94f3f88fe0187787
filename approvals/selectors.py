"""Every read of the approval chain: where a dossier stands, and who it waits on.

Statuses are derived here, once, from the stored facts (`derive`), for one case (`case_state`)
or for many at once (`pipeline_rows`: a fixed number of queries however many cases).

A document's status at the level whose turn it is:
- missing: never submitted;
- submitted: submitted and waiting (for the unit to send the dossier, or for the level);
- returned: the level returned this version, waiting for the unit to submit it again;
- approved: the level approved this version (after the last level: the dossier is approved).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from committees.models import Committee

from .models import Case, Decision, Item, Meeting, Step

MISSING, SUBMITTED, RETURNED, APPROVED = "missing", "submitted", "returned", "approved"
STATUS_LABELS = {
    MISSING: _("Chưa nộp"),
    SUBMITTED: _("Đã nộp, chờ xét duyệt"),
    RETURNED: _("Bị trả lại"),
    APPROVED: _("Đã thông qua"),
}
# A cell of the grid (one document at one level): "" for a level the dossier has not reached.
PENDING = "pending"
CELL_LABELS = {PENDING: _("Chờ xét duyệt"), RETURNED: _("Trả lại"), APPROVED: _("Thông qua"), "": ""}


@dataclass
class Cell:
    """One document at one level."""

    step: Step
    status: str  # "", PENDING, RETURNED, APPROVED
    decision: Decision | None = None  # the level's latest decision on the document

    @property
    def label(self):
        return CELL_LABELS[self.status]


@dataclass
class ItemState:
    item: Item
    status: str  # MISSING, SUBMITTED, RETURNED, APPROVED
    step: Step | None  # the level it stands at (None: the dossier is not sent)
    decision: Decision | None  # that level's latest decision on it
    cells: list[Cell]
    waiting_since: datetime | None = None  # since when it waits (for the level or for the unit)

    @property
    def version(self) -> int:
        return self.item.version

    @property
    def comment(self) -> str:
        """The last comment of the level it stands at (the reason of a return)."""
        return self.decision.comment if self.decision else ""

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


@dataclass
class CaseState:
    case: Case
    steps: list[Step]
    items: list[ItemState]
    current_step: Step | None  # whose turn it is; None before sending; the last level once locked
    waiting_on_unit: bool  # not sent yet, or every open document is back with the unit
    waiting_since: datetime | None  # None once locked
    missing_required: list[Item]
    meetings: list[Meeting] = field(default_factory=list)

    @property
    def is_locked(self) -> bool:
        return self.case.is_locked

    @property
    def is_sent(self) -> bool:
        return self.case.is_sent

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUS_LABELS}

    @property
    def waiting_on_label(self) -> str:
        """Who must act now, as a person would say it."""
        if self.is_locked:
            return ""
        if self.waiting_on_unit:
            return self.case.subject.name
        return self.current_step.label


def _current(steps: list[Step]) -> Step | None:
    reached = [s for s in steps if s.reached_at is not None]
    return reached[-1] if reached else None


def _cell_status(item: Item, decision: Decision | None) -> str:
    if decision is None or decision.item_version < item.version:
        return PENDING
    return decision.outcome


def derive(case: Case, steps: list[Step], items: list[Item], latest: dict[tuple[int, int], Decision]) -> CaseState:
    """The state of one case from its steps (in order), its items (in order) and the latest decision
    of each (item_id, step_id). The one place statuses are worked out."""
    current = _current(steps)
    states = []
    for item in items:
        cells = []
        for step in steps:
            decision = latest.get((item.pk, step.pk))
            if step.reached_at is None or not item.is_submitted:
                cells.append(Cell(step, "", decision))
            elif step is not current:  # a level passed: its decision on the version it saw
                cells.append(Cell(step, decision.outcome if decision else "", decision))
            else:
                cells.append(Cell(step, _cell_status(item, decision), decision))
        if not item.is_submitted:
            states.append(ItemState(item, MISSING, None, None, cells))
            continue
        if current is None:
            states.append(ItemState(item, SUBMITTED, None, None, cells, item.submitted_at))
            continue
        decision = latest.get((item.pk, current.pk))
        status = _cell_status(item, decision)
        if status == PENDING:
            since = max(current.reached_at, item.submitted_at)
            states.append(ItemState(item, SUBMITTED, current, decision, cells, since))
        else:
            since = decision.at if status == RETURNED else None
            states.append(ItemState(item, status, current, decision, cells, since))
    waiting = [s for s in states if s.status == SUBMITTED]
    returned = [s for s in states if s.status == RETURNED]
    if case.is_locked:
        on_unit, since = False, None
    elif current is None:
        on_unit, since = True, case.created_at
    elif waiting:
        on_unit, since = False, min(s.waiting_since for s in waiting)
    else:
        on_unit = True
        since = min((s.waiting_since for s in returned), default=current.reached_at)
    return CaseState(
        case=case,
        steps=steps,
        items=states,
        current_step=current,
        waiting_on_unit=on_unit,
        waiting_since=since,
        missing_required=[i for i in items if i.required and not i.is_submitted],
    )


def _latest_decisions(decisions: QuerySet) -> dict[tuple[int, int], Decision]:
    """{(item_id, step_id): the latest decision}, fetching only those rows (one pass with a window
    function: the newest row of each pair is number 1)."""
    newest = Window(RowNumber(), partition_by=[F("item_id"), F("step_id")], order_by=F("pk").desc())
    return {(d.item_id, d.step_id): d for d in decisions.annotate(newest=newest).filter(newest=1)}


def case_state(case: Case) -> CaseState:
    """Where one dossier stands: each document's status, level and last comment, the level it waits
    on and since when, the meetings held. Four queries."""
    steps = list(case.steps.select_related("committee").order_by("position"))
    items = list(case.items.order_by("position", "pk"))
    decisions = Decision.objects.filter(item__case=case).select_related("by__profile", "meeting")
    state = derive(case, steps, items, _latest_decisions(decisions))
    state.meetings = list(case.meetings.select_related("step", "recorded_by__profile").order_by("held_on", "pk"))
    return state


CHUNK = 10_000  # dossiers per batch of IN lists (SQLite accepts 32,766 parameters per statement)


def pipeline_rows(cases: QuerySet) -> list[CaseState]:
    """The state of every case of `cases` (in its order): four queries up to CHUNK dossiers (a
    national round is ~3,321 dossiers x 7 documents x 3 levels), three more per further CHUNK."""
    case_list = list(cases.select_related("subject"))
    steps: dict[int, list[Step]] = {}
    items: dict[int, list[Item]] = {}
    latest: dict[tuple[int, int], Decision] = {}
    for start in range(0, len(case_list), CHUNK):
        ids = [c.pk for c in case_list[start : start + CHUNK]]
        for step in Step.objects.filter(case_id__in=ids).select_related("committee").order_by("case_id", "position"):
            steps.setdefault(step.case_id, []).append(step)
        for item in Item.objects.filter(case_id__in=ids).order_by("case_id", "position", "pk"):
            items.setdefault(item.case_id, []).append(item)
        latest.update(_latest_decisions(Decision.objects.filter(item__case_id__in=ids)))
    return [derive(c, steps.get(c.pk, []), items.get(c.pk, []), latest) for c in case_list]


# --- who a case waits on ------------------------------------------------------------------------
def current_steps() -> QuerySet:
    """Steps whose turn it is now: reached, no later step reached, the case not locked; each
    annotated with `has_pending` (a document waits for that level's decision on its current version)."""
    later = Step.objects.filter(
        case_id=OuterRef("case_id"), position__gt=OuterRef("position"), reached_at__isnull=False
    )
    decided = Decision.objects.filter(
        item_id=OuterRef("pk"), step_id=OuterRef(OuterRef("pk")), item_version=OuterRef("version")
    )
    pending = Item.objects.filter(case_id=OuterRef("case_id"), version__gt=0).exclude(Exists(decided))
    return (
        Step.objects.filter(reached_at__isnull=False, case__locked_at__isnull=True)
        .exclude(Exists(later))
        .annotate(has_pending=Exists(pending))
    )


def cases_waiting_on(*, committee: Committee) -> QuerySet:
    """The dossiers waiting for `committee`'s standing committee: at its level, with a document not
    yet decided (oldest first)."""
    steps = current_steps().filter(committee=committee, has_pending=True)
    return Case.objects.filter(pk__in=steps.values("case_id")).select_related("subject").order_by("sent_at", "pk")


def cases_to_record(*, committee: Committee) -> QuerySet:
    """`committee`'s own dossiers at a level outside the Front, whose decision the unit records."""
    steps = current_steps().filter(committee__isnull=True, case__subject=committee, has_pending=True)
    return Case.objects.filter(pk__in=steps.values("case_id")).select_related("subject").order_by("sent_at", "pk")


def cases_decided_by(*, committee: Committee) -> QuerySet:
    """The dossiers on which `committee`'s level has decided something and that do not wait for it
    now (passed up, locked, or returned to the unit), latest first."""
    waiting = current_steps().filter(committee=committee, has_pending=True).values_list("pk", flat=True)
    decided = (
        Step.objects.filter(committee=committee)
        .filter(Exists(Decision.objects.filter(step_id=OuterRef("pk"))))
        .exclude(pk__in=list(waiting))
    )
    return Case.objects.filter(pk__in=decided.values("case_id")).select_related("subject").order_by("-sent_at", "-pk")


def cases_of_unit(*, committee: Committee) -> QuerySet:
    """The dossiers `committee` prepares (its own), newest first."""
    return Case.objects.filter(subject=committee).select_related("subject").order_by("-created_at", "-pk")


def cases_visible_to_q(access) -> Q:
    """A Q over Case: the dossiers a person may read (committees.access `can_view_dossier`): those of
    units the person sees, and those passing a level of a committee the person manages."""
    if access.is_superuser:
        return Q()
    managed = [c.pk for c in access.standing_committees]
    return Q(subject__in=access.visible_committees()) | Q(
        Exists(Step.objects.filter(case_id=OuterRef("pk"), committee_id__in=managed))
    )


# --- for reminders ------------------------------------------------------------------------------
SEND, DECIDE, RECORD, RESUBMIT = "send", "decide", "record", "resubmit"


@dataclass(frozen=True)
class Awaited:
    """Who must act now on an open dossier, and by when: the owner turns these into reminders
    (reminders.registry.OpenDuty) in its own AppConfig.ready(); approvals never imports reminders."""

    case: Case
    committee: Committee  # who must act: the step's committee, or the unit itself
    action: str  # SEND (the unit sends), DECIDE (a level's standing committee), RECORD (the unit
    #              records a level outside the Front), RESUBMIT (the unit fixes returned documents)
    step: Step | None  # the level concerned (None for SEND)
    deadline: datetime | None  # submit_deadline for SEND, approve_deadline otherwise
    since: datetime | None  # since when it waits


def awaited_actions(cases: QuerySet | None = None) -> list[Awaited]:
    """One row per open (not locked) dossier of `cases` (all by default): who must act and by when.
    Built on pipeline_rows: a fixed number of queries."""
    qs = (cases if cases is not None else Case.objects.all()).filter(locked_at__isnull=True)
    result = []
    for row in pipeline_rows(qs.order_by("pk")):
        case, step = row.case, row.current_step
        if not row.is_sent:
            result.append(Awaited(case, case.subject, SEND, None, case.submit_deadline, row.waiting_since))
        elif row.waiting_on_unit:
            result.append(Awaited(case, case.subject, RESUBMIT, step, case.approve_deadline, row.waiting_since))
        elif step.is_outside:
            result.append(Awaited(case, case.subject, RECORD, step, case.approve_deadline, row.waiting_since))
        else:
            result.append(Awaited(case, step.committee, DECIDE, step, case.approve_deadline, row.waiting_since))
    return result
