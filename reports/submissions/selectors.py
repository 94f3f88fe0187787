"""Reads of reports: what is due, the report as data, the submit check, versions and their changes.
Nothing here writes."""

import difflib
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.access import Access, get_access
from committees.models import Succession
from lib.numbers import without_trailing_zeros
from lib.richtext import html_to_text, is_blank
from lib.urls import reverse_id
from reports.approval.selectors import with_waiting_level
from reports.models import Indicator, OutlineItem, ReportingDuty, Submission, SubmissionVersion
from reports.submissions import length as printed_length
from reports.submissions.length import pages_text

VISIBLE_PLAN_STATES = ("issued", "closed")


# --- who reads and writes which report (the one rule of the pages and the API) ----------------
def submissions_visible_to(access: Access):
    """The reports a person may open: those of a committee the person sees (Access.can_view as a
    Q: the committees the person acts for, everything under their standing committees, and the
    predecessors whose history the person reads) in a plan issued or closed. The report pages
    (get_visible_submission) and the API read this one rule."""
    return Submission.objects.filter(access.readable_committees_q("committee__")).filter(
        duty__plan__state__in=VISIBLE_PLAN_STATES
    )


REPORT_RELATED = ("duty", "duty__plan", "duty__plan__committee", "duty__outline", "committee")


def get_visible_submission(request, pk: int) -> Submission:
    """The report if the person may read it (submissions_visible_to), else 404."""
    submission = submissions_visible_to(get_access(request.user)).select_related(*REPORT_RELATED).filter(pk=pk).first()
    if submission is None:
        raise Http404
    return submission


def get_writable_submission(request, pk: int) -> Submission:
    """The report if the person may write into it (Access.can_write_report: its committee's officers,
    leaders and own standing committee), else 404: the edit page, the Excel form and the API.
    Whoever may write a report may read it, so the read rule's history of merged committees (one
    more query, on the autosave of every officer) is not asked here."""
    submission = (
        Submission.objects.filter(pk=pk, duty__plan__state__in=VISIBLE_PLAN_STATES)
        .select_related(*REPORT_RELATED)
        .first()
    )
    if submission is None or not get_access(request.user).can_write_report(submission.committee):
        raise Http404
    return submission


def submissions_due_for(*, access: Access, now=None):
    """Every report owed by the committees the person acts for (officer/leader), nearest deadline
    first, with `status` and `effective_deadline` annotated, and `waiting_tier` for a report
    waiting for an approval level (reports.approval.selectors.with_waiting_level: submitted is
    not yet accepted); plans still in draft are not shown."""
    committee_ids = [c.pk for c in access.acting_committees]
    return with_waiting_level(
        Submission.objects.filter(committee_id__in=committee_ids, duty__plan__state__in=VISIBLE_PLAN_STATES)
        .with_status(now or timezone.now())
        .select_related("duty", "duty__plan", "duty__plan__committee", "committee")
        .order_by("effective_deadline", "committee__sort_name")
    )


def predecessor_reports_for(*, access: Access):
    """The past reports (begun at least) of the committees merged, split or dissolved into those
    the person acts for (committees.reorg): the successor's history, read only, newest round first."""
    acting = [c.pk for c in access.acting_committees]
    if not acting:
        return Submission.objects.none()
    return (
        Submission.objects.filter(
            committee_id__in=Succession.objects.filter(successor_id__in=acting).values("predecessor_id"),
            duty__plan__state__in=VISIBLE_PLAN_STATES,
        )
        .exclude(state=Submission.State.NOT_STARTED)
        .select_related("duty", "duty__plan", "committee")
        .order_by("-duty__deadline", "committee__sort_name", "pk")
    )


# --- where a listed report opens --------------------------------------------------------------
REVIEWABLE_STATES = (Submission.State.SUBMITTED, Submission.State.RETURNED, Submission.State.ACCEPTED)


def report_url(*, access: Access, submission: Submission, committee=None, issuer=None) -> str | None:
    """The page a list links a committee's report to: the review page for the issuer's standing
    committee (once submitted), the read-only page for anyone else who may see the committee, and
    nothing for a report not started (there is nothing to read). Pass `committee` and `issuer`
    (the plan's committee) when the caller has them, so a long list makes no extra query."""
    if submission is None or submission.state == Submission.State.NOT_STARTED:
        return None
    committee = committee or submission.committee
    issuer = issuer or submission.duty.plan.committee
    if submission.state in REVIEWABLE_STATES and access.can_review_report(committee, issuer=issuer):
        return reverse_id("reports-submission-review", submission.pk)
    if access.can_view(committee):
        return reverse_id("reports-submission-detail", submission.pk)
    return None


# --- the report as data -----------------------------------------------------------------------
def report_content(submission: Submission) -> dict:
    """{"items": [OutlineItem with .depth, .answer, .indicator_rows]} in reading order."""
    items = submission.duty.outline.ordered_items()
    answers = {a.item_id: a for a in submission.answers.all()}
    values = {v.indicator_id: v.value for v in submission.values.all()}
    indicators: dict[int, list] = {}
    for ind in Indicator.objects.filter(item__outline_id=submission.duty.outline_id).order_by("position", "pk"):
        indicators.setdefault(ind.item_id, []).append(ind)
    for item in items:
        item.answer = answers.get(item.pk)
        item.indicator_rows = [(ind, without_trailing_zeros(values.get(ind.pk))) for ind in indicators.get(item.pk, [])]
    return {"items": items}


def snapshot(submission: Submission) -> dict:
    return {
        "sections": {str(a.item_id): a.html for a in submission.answers.all()},
        "values": {str(v.indicator_id): (None if v.value is None else str(v.value)) for v in submission.values.all()},
    }


def _has_values(item) -> bool:
    return any(value is not None for _ind, value in item.indicator_rows)


def printed_items(items: list, *, mark_unwritten: bool = False) -> list:
    """The items of report_content that the report's document prints, in reading order: each item
    with text or an indicator value, and the items above it (their headings). With mark_unwritten
    every item is printed, and the last-level items with nothing written carry `.unwritten = True`
    (the document says "(chưa viết)" under them). Each item printed has
    `.text_html` (its text, or "" when blank) and `.has_table` (its indicator table is printed)."""
    parent = {item.pk: item.parent_id for item in items}
    shown: set[int] = set()
    for item in items:
        item.text_html = item.answer.html if item.answer and not is_blank(item.answer.html) else ""
        written = bool(item.text_html) or _has_values(item)
        item.has_table = written and bool(item.indicator_rows)  # its rows, the missing values blank
        if written:
            walker = item.pk
            while walker is not None and walker not in shown:
                shown.add(walker)
                walker = parent.get(walker)
    parents = set(parent.values())
    for item in items:
        item.unwritten = item.pk not in shown and item.pk not in parents  # marked once, at the leaves
    return [item for item in items if mark_unwritten or item.pk in shown]


def estimate_length(submission: Submission, content: dict | None = None) -> printed_length.LengthEstimate:
    """The printed length of the report's document (unwritten items left out); pass the
    report_content already read to read the report only once."""
    content = content or report_content(submission)
    printed = printed_items(content["items"])
    headings = [f"{i.label} {i.title}" for i in printed]
    sections = [i.text_html for i in printed if i.text_html]
    tables = [i for i in printed if i.has_table]
    rows = sum(len(i.indicator_rows) for i in tables)
    return printed_length.estimate(headings=headings, sections_html=sections, table_rows=rows, tables=len(tables))


@dataclass
class SubmitCheck:
    missing_items: list = field(default_factory=list)
    missing_indicators: list = field(default_factory=list)
    length: printed_length.LengthEstimate | None = None
    page_limit: int | None = None
    over_limit: bool = False
    blocks_over_limit: bool = False
    late: bool = False
    late_refused: bool = False
    may_submit_role: bool = True
    empty: bool = False  # no section written and no indicator entered
    empty_items: list = field(default_factory=list)  # every section with nothing written

    @property
    def errors(self) -> list[str]:
        errors = []
        if not self.may_submit_role:
            errors.append(_("Theo kế hoạch, chỉ lãnh đạo đơn vị được nộp báo cáo này."))
        if self.empty:
            errors.append(_("Báo cáo chưa có nội dung: chưa viết mục nào và chưa nhập chỉ tiêu nào."))
        for item in self.missing_items:
            errors.append(_("Chưa viết mục bắt buộc: %(item)s") % {"item": f"{item.label} {item.title}".strip()})
        for ind in self.missing_indicators:
            errors.append(
                _("Chưa nhập chỉ tiêu bắt buộc: %(ind)s (mục %(item)s)")
                % {"ind": ind.name, "item": f"{ind.item.label} {ind.item.title}".strip()}
            )
        if self.late_refused:
            errors.append(_("Đã quá hạn nộp và kế hoạch không cho nộp muộn. Xin đề nghị cấp trên gia hạn."))
        if self.over_limit and self.blocks_over_limit:
            errors.append(
                _("Báo cáo dài khoảng %(pages)s trang, vượt quá %(limit)d trang cho phép.")
                % {"pages": pages_text(self.length.pages), "limit": self.page_limit}
            )
        return errors

    @property
    def warnings(self) -> list[str]:
        warnings = []
        if self.over_limit and not self.blocks_over_limit:
            warnings.append(
                _("Báo cáo dài khoảng %(pages)s trang, vượt quá %(limit)d trang theo kế hoạch.")
                % {"pages": pages_text(self.length.pages), "limit": self.page_limit}
            )
        if self.late and not self.late_refused:
            warnings.append(_("Đã quá hạn nộp: báo cáo sẽ được ghi nhận là nộp muộn."))
        return warnings

    @property
    def ok(self) -> bool:
        return not self.errors


def may_submit(user, submission: Submission) -> bool:
    leader_only = submission.duty.submitters == ReportingDuty.Submitters.LEADER_ONLY
    return get_access(user).can_submit_for(submission.committee, leader_only=leader_only)


def submission_check(*, submission: Submission, by=None, now=None) -> SubmitCheck:
    now = now or timezone.now()
    duty = submission.duty
    content = report_content(submission)
    check = SubmitCheck(page_limit=duty.page_limit, blocks_over_limit=duty.block_over_limit)
    written = False
    for item in content["items"]:
        blank = item.answer is None or is_blank(item.answer.html)
        if blank:
            check.empty_items.append(item)
            if item.required:
                check.missing_items.append(item)
        written = written or not blank
        for ind, value in item.indicator_rows:
            written = written or value is not None
            if ind.required and value is None:
                ind.item = item
                check.missing_indicators.append(ind)
    check.empty = not written
    check.length = estimate_length(submission, content)
    check.over_limit = check.length.over(duty.page_limit)
    check.late = submission.would_be_late(now)
    check.late_refused = check.late and not duty.allow_late
    if by is not None:
        check.may_submit_role = may_submit(by, submission)
    return check


# --- versions ---------------------------------------------------------------------------------
@dataclass
class SectionDiff:
    item: OutlineItem
    lines: list  # [(kind, text)] with kind "same", "added", "removed"

    @property
    def changed(self) -> bool:
        return any(kind != "same" for kind, _text in self.lines)


def versions_diff(*, submission: Submission, old: SubmissionVersion, new: SubmissionVersion | dict) -> dict:
    """What changed between two versions (or a version and the current draft snapshot), per
    section on the plain text, and per indicator."""
    old_snap = old.snapshot
    new_snap = new if isinstance(new, dict) else new.snapshot
    sections = []
    for item in submission.duty.outline.ordered_items():
        before = html_to_text(old_snap.get("sections", {}).get(str(item.pk), "")).splitlines()
        after = html_to_text(new_snap.get("sections", {}).get(str(item.pk), "")).splitlines()
        lines = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
            if tag == "equal":
                lines += [("same", t) for t in before[i1:i2]]
            else:
                lines += [("removed", t) for t in before[i1:i2]]
                lines += [("added", t) for t in after[j1:j2]]
        diff = SectionDiff(item=item, lines=lines)
        if diff.changed:
            sections.append(diff)
    values = []
    old_values, new_values = old_snap.get("values", {}), new_snap.get("values", {})
    for ind in Indicator.objects.filter(item__outline_id=submission.duty.outline_id).order_by("item", "position"):
        a, b = old_values.get(str(ind.pk)), new_values.get(str(ind.pk))
        if a != b:
            values.append((ind, without_trailing_zeros(a), without_trailing_zeros(b)))
    return {"sections": sections, "values": values}


def resubmission_changes(submission: Submission) -> dict | None:
    """For a report submitted again after a return: changes since the returned version."""
    versions = list(submission.versions.order_by("-number")[:2])
    if len(versions) < 2:
        return None
    return versions_diff(submission=submission, old=versions[1], new=versions[0])
