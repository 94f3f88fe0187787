"""Where each congress of a round stands, what is late and at whom it waits: derived from the
stored facts (the approvals case, the congress's dates and records). A page of rows costs a fixed
number of queries whatever the number of units (the cases' states come from
approvals.selectors.pipeline_rows, the shares from one grouped aggregate)."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.models import Case, Step
from approvals.selectors import RETURNED, pipeline_rows
from congresses.models import Congress, Round
from congresses.shortlist.selectors import shares_by_congress

STAGES = [
    ("selected", gettext_lazy("Đã chọn, đang chuẩn bị hồ sơ")),
    ("dossier_in", gettext_lazy("Đã gửi hồ sơ")),
    ("approving", gettext_lazy("Đang duyệt")),
    ("approved", gettext_lazy("Hồ sơ đã duyệt xong")),
    ("held", gettext_lazy("Đã tổ chức Đại hội")),
    ("recognised", gettext_lazy("Đã công nhận")),
    ("report_in", gettext_lazy("Đã gửi báo cáo kết quả")),
]
STAGE_LABELS = dict(STAGES)


@dataclass
class PipelineRow:
    congress: Congress
    stage: str
    stage_detail: str  # e.g. "Đã thông qua: Đảng ủy phường; Ban Thường trực thành phố"
    waits_on: str  # who must act now ("" when nothing is awaited)
    waiting_since: datetime.datetime | datetime.date | None
    late: list[str]
    state: object | None  # approvals CaseState
    non_party: tuple[int, int] | None = None  # (count, total) of the short list

    @property
    def since_date(self) -> datetime.date | None:
        """The day (in Vietnam) since which the row waits."""
        if isinstance(self.waiting_since, datetime.datetime):
            return timezone.localtime(self.waiting_since).date()
        return self.waiting_since

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS[self.stage])


def _row(congress: Congress, state, today: datetime.date, now: datetime.datetime) -> PipelineRow:
    late = []
    unit = congress.committee.name
    passed = []
    if state is not None:
        for step in state.steps:
            if state.is_locked or (state.current_step and step.position < state.current_step.position):
                passed.append(step.label)
    detail = (_("Đã thông qua: %(levels)s") % {"levels": "; ".join(passed)}) if passed else ""
    if congress.results_reported_on:
        return PipelineRow(congress, "report_in", detail, "", None, late, state)
    if congress.recognised_on:
        return PipelineRow(congress, "recognised", detail, unit, congress.recognised_on, late, state)
    if congress.held_recorded_at:
        if congress.recognition_requested_on:
            return PipelineRow(
                congress, "held", detail, _("Cấp trên (công nhận)"), congress.recognition_requested_on, late, state
            )
        return PipelineRow(congress, "held", detail, unit, congress.ends_on, late, state)
    if state is not None and state.is_locked:
        if congress.ends_on and congress.ends_on < today:
            late.append(
                _("Quá ngày Đại hội dự kiến (%(d)s) mà chưa ghi nhận tổ chức")
                % {"d": congress.ends_on.strftime("%d/%m/%Y")}
            )
        return PipelineRow(congress, "approved", detail, unit, state.case.locked_at, late, state)
    if state is None or not state.is_sent:
        case = state.case if state else None
        if case and case.submit_deadline and case.submit_deadline < now:
            late.append(
                _("Quá hạn nộp hồ sơ %(d)s") % {"d": timezone.localtime(case.submit_deadline).strftime("%d/%m/%Y")}
            )
        since = state.waiting_since if state else congress.chosen_at
        if state is not None and state.missing_required:
            detail = _("Còn thiếu: %(items)s") % {"items": "; ".join(i.label for i in state.missing_required)}
        return PipelineRow(congress, "selected", detail, unit, since, late, state)
    case = state.case
    if case.approve_deadline and case.approve_deadline < now:
        late.append(_("Quá hạn duyệt %(d)s") % {"d": timezone.localtime(case.approve_deadline).strftime("%d/%m/%Y")})
    stage = "approving" if passed or state.current_step.position > state.steps[0].position else "dossier_in"
    returned = [i.item.label for i in state.items if i.status == RETURNED]
    if returned:  # where it is stuck: the documents the unit must correct, and who returned them
        back = _("%(step)s trả lại: %(items)s") % {"step": state.current_step.label, "items": "; ".join(returned)}
        detail = f"{detail} · {back}" if detail else back
    return PipelineRow(congress, stage, detail, state.waiting_on_label, state.waiting_since, late, state)


def pipeline(*, congresses, now=None) -> list[PipelineRow]:
    """One row per congress of `congresses` (a queryset, already cut to a page): its stage, the levels
    passed, who it waits on and since when, what is late, the short list's non-Party share."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    congresses = list(congresses.select_related("committee", "level", "round"))
    states = {
        s.case.pk: s for s in pipeline_rows(Case.objects.filter(pk__in=[c.case_id for c in congresses if c.case_id]))
    }
    rows = [_row(c, states.get(c.case_id), today, now) for c in congresses]
    if congresses:
        on = congresses[0].level.window_start
        counts = shares_by_congress(Congress.objects.filter(pk__in=[c.pk for c in congresses]), on=on)
        for row in rows:
            c = counts.get(row.congress.pk)
            if c and c["total"]:
                row.non_party = (c["n_non_party"], c["total"])
    return rows


def stage_q(stage: str) -> Q:
    """A Q over Congress selecting the congresses at `stage`: the same rules as `_row`, in SQL, so
    that a stage filter covers the whole round (and is paginated after it) in a fixed number of
    queries. A stage beyond the dossier wins over the earlier ones, as in `_row`."""
    if stage == "report_in":
        return Q(results_reported_on__isnull=False)
    if stage == "recognised":
        return Q(results_reported_on__isnull=True, recognised_on__isnull=False)
    if stage == "held":
        return Q(results_reported_on__isnull=True, recognised_on__isnull=True, held_recorded_at__isnull=False)
    before_held = Q(results_reported_on__isnull=True, recognised_on__isnull=True, held_recorded_at__isnull=True)
    if stage == "approved":
        return before_held & Q(case__locked_at__isnull=False)
    if stage == "selected":
        return before_held & (Q(case__isnull=True) | Q(case__sent_at__isnull=True))
    # Sent, not locked: "approving" once a level above the first was reached.
    lower = Step.objects.filter(case_id=OuterRef("case_id"), position__lt=OuterRef("position"))
    above_first = Step.objects.filter(case_id=OuterRef("case_id"), reached_at__isnull=False).filter(Exists(lower))
    sent = before_held & Q(case__sent_at__isnull=False, case__locked_at__isnull=True)
    if stage == "approving":
        return sent & Q(Exists(above_first))
    if stage == "dossier_in":
        return sent & ~Q(Exists(above_first))
    raise ValueError(stage)


def round_congresses(rnd: Round, access=None):
    """The round's congresses in Vietnamese order of the unit's name (pilots first)."""
    qs = Congress.objects.filter(round=rnd).order_by("-is_pilot", "committee__sort_name", "pk")
    if access is not None and not access.is_superuser:
        qs = qs.filter(access.visible_committees_q(prefix="committee__"))
    return qs
