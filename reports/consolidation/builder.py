"""The consolidated report (báo cáo tổng hợp) of one reporting duty, as an official Word document.

For each outline item, in the outline's order: its heading as numbered in the outline; under it
the text every included report wrote for that item, each under its committee's name, in the
tree's order (Committee.path); then the item's indicator totals with the number of committees that
contributed. Then the committees that have not reported and those that reported late, and an annex
table of every indicator by committee with totals. Header and closing follow Decree 30 through
lib.officedoc.OfficialDocument.

Memory and speed: the answers come from one query ordered by the outline then the tree, streamed
in chunks of ANSWER_CHUNK rows (the database sorts, spilling to disk if it must), so only a chunk
of text is held in Python besides the document itself; "<p>plain text</p>" fragments (what the
editor stores) skip the HTML parser; the document is built by OfficialDocument's direct XML
appends. Progress is reported at most PROGRESS_WRITES times per build, never per paragraph.
"""

from __future__ import annotations

import html as html_lib
import os
import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.db import connection
from django.db.models import IntegerField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.officedoc import OfficialDocument
from lib.richtext import is_blank
from reports.indicators import aggregate
from reports.models import Indicator, IndicatorValue, OutlineItem, ReportingDuty, SectionAnswer, Submission

PROGRESS_WRITES = 50  # at most this many progress reports per build
ANNEX_INDICATORS_PER_TABLE = 4  # more columns would not fit the 165 mm of an A4 page
ANSWER_CHUNK = 500  # answers fetched from the database at a time
DEFAULT_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)

_SPACE = re.compile(r"[ \t\n\r\f]+")

ProgressCallback = Callable[[int, int], None]


def _simple_paragraphs(fragment: str) -> list[str] | None:
    """The paragraphs of "<p>plain text</p>..." (the common case) without the general HTML parser;
    None when the fragment has any other markup. String counts and splits only: no regex scan."""
    if fragment.startswith("<p>") and fragment.endswith("</p>"):
        # The canonical form the editor stores: "<p>...</p><p>...</p>", nothing between them.
        pieces = fragment[3:-4].split("</p><p>")
        brackets = 2 * len(pieces)
        if fragment.count("<") == brackets and fragment.count(">") == brackets:
            if not _needs_cleaning(fragment):
                return [text for piece in pieces if (text := piece.strip(" "))]
            return _plain_texts(pieces)
    opens = fragment.count("<p>")
    if not opens or fragment.count("<") != 2 * opens or fragment.count(">") != 2 * opens:
        return None
    pieces = fragment.split("<p>")
    if pieces[0].strip():
        return None
    texts = []
    for piece in pieces[1:]:
        text, closed, tail = piece.partition("</p>")
        if not closed or tail.strip():
            return None
        texts.append(text)
    return _plain_texts(texts)


def _needs_cleaning(text: str) -> bool:
    """An entity to decode or white space that _SPACE would change (substring tests: much faster
    than a regex scan of Vietnamese text)."""
    return "&" in text or "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text


def _plain_texts(pieces: list[str]) -> list[str]:
    """Entities decoded, runs of white space made one space, empty paragraphs dropped."""
    result = []
    for text in pieces:
        if "&" in text:
            text = html_lib.unescape(text)
        if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
            text = _SPACE.sub(" ", text)
        text = text.strip(" ")
        if text:
            result.append(text)
    return result


def _append_answer(doc: OfficialDocument, name: str, fragment: str | None) -> bool:
    """The committee's name line ("name:") and its text for one item; False (nothing added) when it
    wrote nothing."""
    if not fragment:
        return False
    simple = _simple_paragraphs(fragment)
    if simple is not None:
        if not simple:
            return False
        doc.paragraph(name, bold=True, italic=True)
        for text in simple:
            doc.paragraph(text)
        return True
    if is_blank(fragment):
        return False
    doc.paragraph(name, bold=True, italic=True)
    doc.html(fragment)
    return True


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
    late = [s for s in included if s.late]  # Submission.is_late, annotated by with_status()

    names = {s.pk: s.committee.name + ":" for s in included}  # the line above each committee's text
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

    answers = _answers(duty=duty, states=states, items=items)
    pending = next(answers, None)  # (item id, submission id, html) of the next item to come
    for item in items:
        doc.heading(heading_text(item), level=item.depth + 1)
        written = 0
        while pending is not None and pending[0] == item.pk:
            written += _append_answer(doc, names[pending[1]], pending[2])
            tracker.add(1)
            pending = next(answers, None)
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


def _answers(*, duty: ReportingDuty, states: list[str], items: list[OutlineItem]) -> Iterator[tuple[int, int, str]]:
    """(item id, submission id, html) of every answer of the included reports, in the outline's
    order then the tree's (the order of `included`): one query, streamed in chunks, so only a
    chunk of text is held in Python at a time."""
    if not items:
        return iter(())
    # The outline's reading order as "CASE item_id WHEN <id> THEN <rank> ... END", written out:
    # Case(When(...)) with one When per item takes Django a few milliseconds to compile.
    quote = connection.ops.quote_name
    column = f"{quote(SectionAnswer._meta.db_table)}.{quote(SectionAnswer._meta.get_field('item').column)}"
    item_rank = RawSQL(
        f"CASE {column} {' '.join(['WHEN %s THEN %s'] * len(items))} END",
        [value for rank, item in enumerate(items) for value in (item.pk, rank)],
        output_field=IntegerField(),
    )
    return (
        SectionAnswer.objects.filter(
            submission__duty=duty, submission__state__in=states, item_id__in=[item.pk for item in items]
        )
        .order_by(item_rank, "submission__committee__path", "submission_id")
        .values_list("item_id", "submission_id", "html")
        .iterator(chunk_size=ANSWER_CHUNK)
    )


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
    """The indicator table as .xlsx through reports.dashboards.excel (the dashboards' export); False when
    that export is not available."""
    try:
        from reports.dashboards.excel import indicator_workbook
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
