"""The consolidated report (báo cáo tổng hợp) of one reporting duty, as an official Word document.

For each outline item, in the outline's order: its heading as numbered in the outline; under it
the text every included report wrote for that item, each under its committee's name, in the
tree's order (Committee.path); then the item's indicator totals with the number of committees that
contributed. Then the committees that have not reported and those that reported late, and an annex
table of every indicator by committee with totals. Header and closing follow Decree 30 through
plans.documents.OfficialDocument.

Memory and speed: answers are read one outline item at a time (a streaming query ordered by the
tree), so at most one item's text for all committees is held in Python besides the document
itself; the document is built by OfficialDocument's direct XML appends. Progress is reported at
most PROGRESS_WRITES times per build, never per paragraph.
"""

from __future__ import annotations

import html as html_lib
import os
import re
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from plans.documents import OfficialDocument

from .models import Indicator, IndicatorValue, OutlineItem, ReportingDuty, SectionAnswer, Submission

PROGRESS_WRITES = 50  # at most this many progress reports per build
ANNEX_INDICATORS_PER_TABLE = 4
ID_BATCH = 900  # ids per IN (...) list: under every database's parameter limit  # more columns would not fit the 165 mm of an A4 page
DEFAULT_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t\n\r\f]+")
_BLANK = re.compile(r"^(?:\s|&nbsp;|&#160;|\u00a0)*$")

ProgressCallback = Callable[[int, int], None]


def has_text(fragment: str | None) -> bool:
    """Cheap test for a section with something written in it (tags and spaces do not count)."""
    if not fragment:
        return False
    return not _BLANK.match(_TAG.sub("", fragment))


def _simple_paragraphs(fragment: str) -> list[str] | None:
    """The paragraphs of "<p>plain text</p>..." (the common case) without the general HTML parser;
    None when the fragment has any other markup. String counts and splits only: no regex scan."""
    opens = fragment.count("<p>")
    if not opens or fragment.count("<") != 2 * opens or fragment.count(">") != 2 * opens:
        return None
    pieces = fragment.split("<p>")
    if pieces[0].strip():
        return None
    result = []
    for piece in pieces[1:]:
        text, closed, tail = piece.partition("</p>")
        if not closed or tail.strip():
            return None
        if "&" in text:
            text = html_lib.unescape(text)
        if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
            text = _SPACE.sub(" ", text)
        text = text.strip(" ")
        if text:
            result.append(text)
    return result


def _append_answer(doc: OfficialDocument, name: str, fragment: str | None) -> bool:
    """The committee's name and its text for one item; False (nothing added) when it wrote nothing."""
    if not fragment:
        return False
    simple = _simple_paragraphs(fragment)
    if simple is not None:
        if not simple:
            return False
        doc.paragraph(name + ":", bold=True, italic=True)
        for text in simple:
            doc.paragraph(text)
        return True
    if not has_text(fragment):
        return False
    doc.paragraph(name + ":", bold=True, italic=True)
    doc.html(fragment)
    return True


def aggregate(indicator: Indicator, values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    if indicator.aggregation == Indicator.Aggregation.MAX:
        return max(values)
    if indicator.aggregation == Indicator.Aggregation.AVG:
        return sum(values, Decimal(0)) / len(values)
    return sum(values, Decimal(0))


def indicator_label(indicator: Indicator) -> str:
    label = indicator.name
    if indicator.aggregation == Indicator.Aggregation.MAX:
        label += " " + _("(lớn nhất)")
    elif indicator.aggregation == Indicator.Aggregation.AVG:
        label += " " + _("(trung bình)")
    return label


def heading_text(item: OutlineItem) -> str:
    return f"{item.label} {item.title}".strip()


class _Progress:
    """Calls the callback when the work crossed another step, and at the end."""

    def __init__(self, total: int, callback: ProgressCallback | None):
        self.total, self.done, self.callback = total, 0, callback
        self.step = max(1, total // PROGRESS_WRITES)
        self.next_report = self.step

    def add(self, units: int) -> None:
        self.done += units
        if self.callback and self.done >= self.next_report:
            self.callback(min(self.done, self.total), self.total)
            self.next_report = (self.done // self.step + 1) * self.step

    def reach(self, done: int) -> None:
        self.add(max(0, done - self.done))

    def finish(self) -> None:
        self.done = self.total
        if self.callback:
            self.callback(self.total, self.total)


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%d/%m/%Y %H:%M") if dt else ""


def _status_label(status: str) -> str:
    return str(Submission.Status(status).label)


def _recipients(plan) -> list[str]:
    parent = plan.committee.parent
    lines = []
    if parent is not None:
        lines.append(_("Ban Thường trực %(name)s (b/c)") % {"name": parent.name})
    lines.append(_("Lưu: VT"))
    return lines


def build_document(
    *,
    duty: ReportingDuty,
    states: list[str] | tuple[str, ...] = DEFAULT_STATES,
    progress: ProgressCallback | None = None,
    now=None,
) -> tuple[OfficialDocument, dict, list[Submission]]:
    """The consolidated report as an OfficialDocument (not yet saved), the summary of what it
    included, and the included submissions (tree order)."""
    now = now or timezone.now()
    states = list(states)
    plan = duty.plan
    committee = plan.committee
    items = duty.outline.ordered_items()
    item_order = {item.pk: i for i, item in enumerate(items)}
    indicators = sorted(
        Indicator.objects.filter(item__outline_id=duty.outline_id),
        key=lambda ind: (item_order.get(ind.item_id, 0), ind.position, ind.pk),
    )
    indicators_by_item: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        indicators_by_item.setdefault(indicator.item_id, []).append(indicator)

    submissions = list(
        Submission.objects.filter(duty=duty)
        .with_status(now)
        .select_related("committee")
        .order_by("committee__path", "pk")
    )
    included = [s for s in submissions if s.state in states]
    not_included = [s for s in submissions if s.state not in states]
    late = [s for s in included if s.first_submitted_at and s.first_submitted_at > s.effective_deadline]

    rank = {s.pk: i for i, s in enumerate(included)}  # tree order
    names = {s.pk: s.committee.name for s in included}
    values: dict[int, dict[int, Decimal]] = {}  # indicator id -> {submission id: value}
    value_rows = IndicatorValue.objects.filter(
        submission__duty=duty, submission__state__in=states, value__isnull=False
    ).values_list("indicator_id", "submission_id", "value")
    for indicator_id, submission_id, value in value_rows.iterator(chunk_size=5000):
        values.setdefault(indicator_id, {})[submission_id] = value

    tracker = _Progress(len(included) * (len(items) + 1), progress)
    if progress:
        progress(0, tracker.total)

    doc = OfficialDocument(
        issuer_lines=committee.get_header_lines(),
        number_symbol="/BC-MTTQ-BTT",
        place=committee.place or plan.place,
        date=None,
        doc_type=_("BÁO CÁO"),
        title_lines=[_("Tổng hợp %(title)s") % {"title": duty.title[:1].lower() + duty.title[1:]}, plan.title],
    )
    doc.paragraph(
        _(
            "Thực hiện Kế hoạch số %(number)s của %(issuer)s, Ban Thường trực tổng hợp báo cáo của "
            "%(included)d/%(expected)d đơn vị như sau:"
        )
        % {
            "number": plan.document_number
            + (
                f" ngày {plan.issued_on.day:02d}/{plan.issued_on.month:02d}/{plan.issued_on.year}"
                if plan.issued_on
                else ""
            ),
            "issuer": committee.name,
            "included": len(included),
            "expected": len(submissions),
        },
        italic=True,
    )

    for item in items:
        doc.heading(heading_text(item), level=item.depth + 1)
        written = 0
        for submission_id, fragment in _item_answers(item.pk, rank):
            written += _append_answer(doc, names[submission_id], fragment)
            tracker.add(1)
        if not written and not indicators_by_item.get(item.pk) and not _has_children(item, items):
            doc.paragraph(_("(Chưa có đơn vị nào báo cáo nội dung này.)"), italic=True)
        item_indicators = indicators_by_item.get(item.pk, [])
        if item_indicators:
            rows = []
            for indicator in item_indicators:
                found = list(values.get(indicator.pk, {}).values())
                total = aggregate(indicator, found)
                rows.append(
                    [indicator_label(indicator), indicator.unit, total if total is not None else "", len(found)]
                )
            doc.table(
                [_("Chỉ tiêu"), _("Đơn vị tính"), _("Tổng hợp"), _("Số đơn vị báo cáo")],
                rows,
                col_widths_mm=[70, 30, 35, 30],
            )
        # Reports with nothing stored for this item count as done too.
        tracker.reach((item_order[item.pk] + 1) * len(included))

    # Who has not reported, who reported late.
    doc.heading(_("DANH SÁCH ĐƠN VỊ CHƯA GỬI BÁO CÁO"), level=1)
    if not_included:
        for s in not_included:
            doc.paragraph(f"- {s.committee.name} ({_status_label(s.status)})")
    else:
        doc.paragraph(_("Tất cả các đơn vị đã gửi báo cáo."), italic=True)
    doc.heading(_("DANH SÁCH ĐƠN VỊ GỬI BÁO CÁO MUỘN"), level=1)
    if late:
        for s in late:
            doc.paragraph(
                _("- %(name)s (nộp lúc %(at)s, hạn %(deadline)s)")
                % {
                    "name": s.committee.name,
                    "at": _local(s.first_submitted_at),
                    "deadline": _local(s.effective_deadline),
                }
            )
    else:
        doc.paragraph(_("Không có đơn vị nào gửi báo cáo muộn."), italic=True)

    doc.closing(
        recipients=_recipients(plan),
        on_behalf=plan.signer_on_behalf,
        position=plan.signer_position,
        signer_name=plan.signer_name,
    )

    # Annex: every indicator by committee, with totals.
    if indicators:
        doc.page_break()
        doc.paragraph(_("PHỤ LỤC"), bold=True, align="center")
        doc.paragraph(_("SỐ LIỆU CHỈ TIÊU THEO ĐƠN VỊ"), bold=True, align="center")
        for start in range(0, len(indicators), ANNEX_INDICATORS_PER_TABLE):
            chunk = indicators[start : start + ANNEX_INDICATORS_PER_TABLE]
            header = [_("STT"), _("Đơn vị")] + [
                f"{indicator_label(ind)}" + (f" ({ind.unit})" if ind.unit else "") for ind in chunk
            ]
            rows = []
            for number, s in enumerate(included, start=1):
                rows.append([str(number), s.committee.name] + [values.get(ind.pk, {}).get(s.pk, "") for ind in chunk])
            total_row = ["", _("Tổng hợp")] + [
                _or_blank(aggregate(ind, list(values.get(ind.pk, {}).values()))) for ind in chunk
            ]
            rest = 165 - 12 - 58
            widths = [12, 58] + [rest / len(chunk)] * len(chunk)
            doc.table(header, rows, total_row=total_row, col_widths_mm=widths)
    tracker.finish()

    summary = {
        "states": states,
        "submissions": {str(s.pk): {"v": s.version, "state": s.state, "committee": s.committee.name} for s in included},
        "counts": {
            "expected": len(submissions),
            "included": len(included),
            "missing": len(not_included),
            "late": len(late),
        },
    }
    return doc, summary, included


def _item_answers(item_id: int, rank: dict[int, int]) -> list[tuple[int, str]]:
    """(submission id, html) of one outline item for the included reports, in tree order. Only
    one item's text is held at a time; the lookups use the answer's own indexed columns."""
    ids = list(rank)
    rows: list[tuple[int, str]] = []
    for start in range(0, len(ids), ID_BATCH):
        rows.extend(
            SectionAnswer.objects.filter(item_id=item_id, submission_id__in=ids[start : start + ID_BATCH]).values_list(
                "submission_id", "html"
            )
        )
    rows.sort(key=lambda row: rank[row[0]])
    return rows


def _or_blank(value):
    return "" if value is None else value


def _has_children(item: OutlineItem, items: list[OutlineItem]) -> bool:
    return any(other.parent_id == item.pk for other in items)


def write_docx(doc: OfficialDocument, path: str) -> None:
    """Save through a temporary file next to `path`, renamed only when complete."""
    partial = f"{path}.part"
    try:
        doc.save(partial)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def write_xlsx(*, duty: ReportingDuty, submissions: list[Submission], path: str) -> bool:
    """The indicator table as .xlsx through reports.excel (the dashboards' export); False when
    that export is not available."""
    try:
        from .excel import indicator_workbook
    except ImportError:
        return False
    workbook = indicator_workbook(duty=duty, submissions=submissions)
    partial = f"{path}.part"
    try:
        workbook.save(partial)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return True


def consolidate_to_files(
    *,
    duty: ReportingDuty,
    docx_path: str,
    xlsx_path: str | None = None,
    states: list[str] | tuple[str, ...] = DEFAULT_STATES,
    progress: ProgressCallback | None = None,
) -> dict:
    """Build and write the files; returns the summary (with "xlsx": True/False)."""
    doc, summary, included = build_document(duty=duty, states=states, progress=progress)
    write_docx(doc, docx_path)
    del doc
    summary["xlsx"] = bool(xlsx_path) and write_xlsx(duty=duty, submissions=included, path=xlsx_path)
    return summary
