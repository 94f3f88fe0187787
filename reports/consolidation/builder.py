"""The consolidated report (báo cáo tổng hợp) of one reporting duty, or of every duty of its plan on
the same outline ("all audiences": the wards and the member organisations in one report), as an
official Word document that reads like the report a city sends up.

Body, in the outline's order: each item that has something (text, a total, a typical passage, or an
item below it that has) under its heading as numbered in the outline; its indicator totals as a
sentence ("Toàn thành phố tổ chức 105 cuộc với 5.363 lượt người dự", numbers through lib.numbers);
the passages reviewers marked typical (reports.typical), quoted with their committee; and which
committees reported on it. Nothing empty is printed. Then the closing: Nơi nhận from the plan (those
it reports to), the plan's signer. Phụ lục I: who did not report and who reported late, then every
included report's full text, committee by committee. Phụ lục II: every indicator by committee with
totals. Committees are always in one order, SubmissionQuerySet.in_committee_order (siblings under
their parent, the Front's committees first, Vietnamese alphabetical order). Header and closing
follow Decree 30 through lib.officedoc.OfficialDocument.

Memory and speed: the answers come from one query ordered by the outline then the committees (and,
for the annex, by the committees then the outline), streamed in chunks of ANSWER_CHUNK rows (the
database sorts, spilling to disk if it must), so only a chunk of text is held in Python besides the
document itself; "<p>plain text</p>" fragments (what the editor stores) skip the HTML parser; the
document is built by OfficialDocument's direct XML appends. Progress is reported at most
PROGRESS_WRITES times per build, never per paragraph.
"""

from __future__ import annotations

import copy
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

from committees.models import PATH_STEP
from committees.selectors import apply_names_on, committee_versions_on, moved_paths, path_on_day
from lib.numbers import format_number
from lib.officedoc import OfficialDocument
from lib.richtext import html_to_text, is_blank
from lib.vnsort import fold_name
from reports.indicators import aggregate, total_places
from reports.models import (
    COMMITTEE_ORDER,
    Indicator,
    IndicatorValue,
    OutlineItem,
    ReportingDuty,
    SectionAnswer,
    Submission,
)
from reports.typical.selectors import marks_for_consolidation
from reports.typical.services import normalise

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
        text = text.strip()  # no-break spaces too: "<p>&nbsp;</p>" is an empty paragraph
        if text:
            result.append(text)
    return result


def indicator_label(indicator: Indicator) -> str:
    label = indicator.name
    if indicator.aggregation == Indicator.Aggregation.MAX:
        label += " " + _("(lớn nhất)")
    elif indicator.aggregation == Indicator.Aggregation.AVG:
        label += " " + _("(trung bình)")
    return label


def heading_text(item: OutlineItem) -> str:
    return f"{item.label} {item.title}".strip()


# --- the totals as a sentence -------------------------------------------------------------
# "Số cuộc" (cuộc) and "Số lượt người dự" (lượt người) are counts: "105 cuộc", "5.363 lượt người dự".
_COUNT_PREFIXES = ("tổng số ", "số ")
# The verb a city's report uses before a count of these units ("tổ chức 105 cuộc").
_COUNT_VERBS = {"cuộc": "tổ chức", "buổi": "tổ chức", "hội nghị": "tổ chức", "đợt": "tổ chức", "lớp": "mở"}
_NO_SPACE_UNITS = ("%", "‰")


def _words(text: str) -> str:
    return " ".join((text or "").split())


def _join(parts: list[str]) -> str:
    """ "a", "a và b", "a, b và c"."""
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s và %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def indicator_phrase(indicator: Indicator, total: Decimal) -> tuple[str, bool]:
    """The total in words and whether it is a count: "105 cuộc", "5.363 lượt người dự" (the
    label without its "Số", when it starts with the unit) or "tỷ lệ hộ đạt chuẩn là 92,5%"."""
    number = format_number(total, places=total_places(indicator))
    name, unit = _words(indicator.name), _words(indicator.unit)
    rest = next((name[len(prefix) :] for prefix in _COUNT_PREFIXES if name.lower().startswith(prefix)), "")
    if rest and (not unit or rest.lower().startswith(unit.lower())):
        phrase, counted = f"{number} {rest[:1].lower()}{rest[1:]}", True
    else:
        space = "" if unit in _NO_SPACE_UNITS else " "
        phrase = _("%(label)s là %(number)s") % {"label": name[:1].lower() + name[1:], "number": number}
        phrase, counted = f"{phrase}{space}{unit}".rstrip(), False
    if indicator.aggregation == Indicator.Aggregation.MAX:
        phrase += " " + _("(mức cao nhất của một đơn vị)")
    elif indicator.aggregation == Indicator.Aggregation.AVG:
        phrase += " " + _("(bình quân mỗi đơn vị)")
    return phrase, counted


def totals_sentence(subject: str, totals: list[tuple[Indicator, Decimal]]) -> str:
    """ "Toàn thành phố tổ chức 105 cuộc với 5.363 lượt người dự.": the counts after the verb their
    first unit takes (or listed), the other figures after a semicolon; "" when there is no total."""
    if not totals:
        return ""
    phrases = [(indicator, *indicator_phrase(indicator, total)) for indicator, total in totals]
    counts = [phrase for _indicator, phrase, counted in phrases if counted]
    others = [phrase for _indicator, phrase, counted in phrases if not counted]
    first_count = next((indicator for indicator, _phrase, counted in phrases if counted), None)
    verb = _COUNT_VERBS.get(_words(first_count.unit).lower()) if first_count is not None else None
    clauses = []
    if verb:
        clauses.append(f"{verb} {counts[0]}" + (f" {_('với')} {_join(counts[1:])}" if counts[1:] else ""))
    elif counts:
        clauses.append(_join(counts))
    if others:
        clauses.append(_join(others))
    return f"{subject}{' ' if verb else ': '}{'; '.join(clauses)}."


def locality_subject(committee, included: list[Submission]) -> str:
    """Who the totals are of: "Toàn thành phố" (the level's word of the committee that consolidates),
    or "Các tổ chức thành viên" when only member organisations are included."""
    if included and all(s.committee.kind == s.committee.Kind.MEMBER_ORG for s in included):
        return _("Các tổ chức thành viên")
    level = _words(committee.level).lower() or _("địa phương")
    return _("Toàn %(level)s") % {"level": level}


_FRONT_PREFIXES = ("ủy ban mttq việt nam ", "ủy ban mặt trận tổ quốc việt nam ", "ủy ban mttq ", "ubmttq ")


def short_name(committee) -> str:
    """The name a city's report uses in a list: its short name, or "Phường 1" for "Ủy ban MTTQ
    Việt Nam Phường 1" (a member organisation keeps its name)."""
    if committee.short_name.strip():
        return committee.short_name.strip()
    name = _words(committee.name)
    lowered = name.lower()
    for prefix in _FRONT_PREFIXES:
        if lowered.startswith(prefix) and len(name) > len(prefix):
            rest = name[len(prefix) :]
            return rest[:1].upper() + rest[1:]
    return name


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


_REPORTING_PURPOSE = re.compile(r"\b(b\s*/\s*c|báo cáo)\b", re.IGNORECASE)


_FRONT_RECIPIENT = re.compile("mttq|" + re.escape(fold_name("Mặt trận")))


def recipients_for(plan) -> list[str]:
    """Nơi nhận of the consolidated report: those the plan itself reports to (its recipients marked
    "(B/c)" or "(để báo cáo)"), else the standing committee of the level above; then "Lưu: VT"."""
    lines = [
        _("%(name)s (b/c)") % {"name": r.name}
        for r in plan.recipients.all()
        if _REPORTING_PURPOSE.search(r.purpose or "")
    ]
    parent = plan.committee.parent
    # A report goes up: the Front's level above is always among them, first, unless the plan names a
    # Front committee already ("BTT Ủy ban MTTQVN tỉnh (b/c)"); a Party committee does not count.
    names_front = any(_FRONT_RECIPIENT.search(fold_name(line)) for line in lines)
    if parent is not None and not names_front:
        lines.insert(0, _("Ban Thường trực %(name)s (b/c)") % {"name": parent.name})
    lines.append(_("Lưu: VT"))
    return lines


def audience_duties(duty: ReportingDuty, all_audiences: bool) -> list[ReportingDuty]:
    """The duties one consolidation covers: the duty alone, or every duty of its plan that uses the
    same outline (the wards and the member organisations in one report)."""
    if not all_audiences:
        return [duty]
    return list(
        ReportingDuty.objects.filter(plan_id=duty.plan_id, outline_id=duty.outline_id)
        .select_related("plan", "plan__committee", "outline")
        .order_by("deadline", "pk")
    )


def as_on_round_day(duty: ReportingDuty, issuer, submissions: list[Submission]) -> list[Submission]:
    """The round's committees as they were on its day (committees.reorg): the names (in memory) of
    the issuer and of the reporting committees renamed since, the order of those renamed or moved
    since as it was then. One query."""
    day = duty.round_day
    versions = committee_versions_on(on=day, committee_ids={issuer.pk, *(s.committee_id for s in submissions)})
    if not versions:
        return submissions
    apply_names_on([issuer, *(s.committee for s in submissions)], on=day, versions=versions)
    moves = moved_paths(versions)

    def order(s: Submission):
        c = s.committee
        path = versions[c.pk].path if c.pk in versions else path_on_day(c.path, moves)
        return (path[:-PATH_STEP], c.kind, c.sort_name, c.pk, s.pk)

    return sorted(submissions, key=order)


def _paragraph_texts(fragment: str | None) -> list[str]:
    """The paragraphs of a stored section as plain text ([] when nothing is written)."""
    if not fragment:
        return []
    simple = _simple_paragraphs(fragment)
    if simple is not None:
        return simple
    return [line for line in html_to_text(fragment).splitlines() if line.strip()]


def _is_written(fragment: str | None) -> bool:
    if not fragment:
        return False
    simple = _simple_paragraphs(fragment)
    return bool(simple) if simple is not None else not is_blank(fragment)


def build_document(
    *,
    duty: ReportingDuty,
    states: list[str] | tuple[str, ...] = DEFAULT_STATES,
    progress: ProgressCallback | None = None,
    now=None,
    all_audiences: bool = False,
) -> tuple[OfficialDocument, dict, list[Submission]]:
    """The consolidated report as an OfficialDocument (not yet saved), the summary of what it
    included, and the included submissions (in the committees' order)."""
    now = now or timezone.now()
    states = list(states)
    plan = duty.plan
    committee = plan.committee
    duties = audience_duties(duty, all_audiences)
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
        Submission.objects.filter(duty__in=duties).with_status(now).select_related("committee").in_committee_order()
    )
    submissions = as_on_round_day(duty, committee, submissions)
    included = [s for s in submissions if s.state in states]
    not_included = [s for s in submissions if s.state not in states]
    late = [s for s in included if s.late]  # Submission.is_late, annotated by with_status()
    by_id = {s.pk: s for s in included}

    values: dict[int, dict[int, Decimal]] = {}  # indicator id -> {submission id: value}
    value_rows = IndicatorValue.objects.filter(
        submission__duty__in=duties, submission__state__in=states, value__isnull=False
    ).values_list("indicator_id", "submission_id", "value")
    for indicator_id, submission_id, value in value_rows.iterator(chunk_size=5000):
        values.setdefault(indicator_id, {})[submission_id] = value

    tracker = _Progress(len(included) * (len(items) + 1), progress)
    if progress:
        progress(0, tracker.total)

    # Pass 1 (no text kept): which reports wrote something under each item.
    reported: dict[int, list[int]] = {}
    for item_id, submission_id, fragment in _answers(duties=duties, states=states, items=items):
        if _is_written(fragment):
            reported.setdefault(item_id, []).append(submission_id)
    marks = marks_for_consolidation(duties=duties, submission_ids=list(by_id))
    # The marked sections' current text: a whole section is quoted from it, and a passage only
    # while the report still says it (a report returned and sent again may have changed).
    marked = {(m.submission_id, m.item_id) for ms in marks.values() for m in ms}
    whole_texts: dict[tuple[int, int], list[str]] = {}
    if marked:
        for submission_id, item_id, fragment in SectionAnswer.objects.filter(
            submission_id__in={pair[0] for pair in marked}, item_id__in={pair[1] for pair in marked}
        ).values_list("submission_id", "item_id", "html"):
            if (submission_id, item_id) in marked:
                whole_texts[(submission_id, item_id)] = _paragraph_texts(fragment)
        for item_id in list(marks):
            marks[item_id] = [
                m
                for m in marks[item_id]
                if m.is_whole_section
                or normalise(m.text) in normalise(" ".join(whole_texts.get((m.submission_id, m.item_id), [])))
            ]
    totals: dict[int, list[tuple[Indicator, Decimal, int]]] = {}
    for item_id, item_indicators in indicators_by_item.items():
        for indicator in item_indicators:
            found = list(values.get(indicator.pk, {}).values())
            total = aggregate(indicator, found)
            if total is not None:
                totals.setdefault(item_id, []).append((indicator, total, len(found)))

    # An item is printed when it has something, or an item below it has: nothing empty is printed.
    shown: set[int] = set()
    for item in reversed(items):
        if reported.get(item.pk) or totals.get(item.pk) or marks.get(item.pk) or item.pk in shown:
            shown.add(item.pk)
            if item.parent_id:
                shown.add(item.parent_id)

    doc = OfficialDocument(
        issuer_lines=committee.get_header_lines(),
        number_symbol="/BC-MTTQ-BTT",
        place=plan.place or committee.document_place,  # the rule of the plan's own .docx
        date=None,
        doc_type=_("BÁO CÁO"),
        title_lines=[line for line in plan.title.splitlines() if line.strip()] or [duty.title],
    )
    doc.paragraph(
        _(
            "Thực hiện Kế hoạch số %(number)s của Ban Thường trực %(issuer)s, Ban Thường trực tổng hợp "
            "báo cáo của %(included)s/%(expected)s đơn vị như sau (toàn văn báo cáo của các đơn vị tại Phụ lục I):"
        )
        % {
            "number": plan.document_number
            + (
                f" ngày {plan.issued_on.day:02d}/{plan.issued_on.month:02d}/{plan.issued_on.year}"
                if plan.issued_on
                else ""
            ),
            "issuer": committee.name,
            "included": format_number(len(included)),
            "expected": format_number(len(submissions)),
        },
        italic=True,
    )

    subject = locality_subject(committee, included)
    for item in items:
        if item.pk in shown:
            doc.heading(heading_text(item), level=item.depth + 1)
            _append_item_body(
                doc,
                subject=subject,
                totals=totals.get(item.pk, []),
                marks=marks.get(item.pk, []),
                whole_texts=whole_texts,
                reporters=[by_id[pk] for pk in reported.get(item.pk, []) if pk in by_id],
                included=len(included),
            )
        tracker.reach((item_order[item.pk] + 1) * len(included))

    subject = " ".join(line.strip() for line in plan.title.splitlines() if line.strip()) or duty.title
    doc.paragraph(
        _("Trên đây là báo cáo %(subject)s của Ban Thường trực %(name)s./.")
        % {"subject": subject[:1].lower() + subject[1:], "name": committee.name},
        keep_next=True,
    )
    doc.closing(
        recipients=recipients_for(plan),
        on_behalf=plan.signer_on_behalf,
        position=plan.signer_position,
        signer_name=plan.signer_name,
    )

    # Annex I: who did not report, who reported late, and every report's full text.
    doc.page_break()
    doc.paragraph(_("PHỤ LỤC I"), bold=True, align="center")
    doc.paragraph(_("TOÀN VĂN BÁO CÁO CỦA CÁC ĐƠN VỊ"), bold=True, align="center")
    doc.paragraph(
        _("(Kèm theo báo cáo tổng hợp của Ban Thường trực %(issuer)s)") % {"issuer": committee.name},
        italic=True,
        align="center",
    )
    if not_included:
        doc.paragraph(
            _("Đơn vị chưa gửi báo cáo (%(n)s): %(names)s.")
            % {
                "n": format_number(len(not_included)),
                "names": "; ".join(f"{s.committee.name} ({_status_label(s.status)})" for s in not_included),
            }
        )
    else:
        doc.paragraph(_("Tất cả các đơn vị đã gửi báo cáo."))
    if late:
        doc.paragraph(
            _("Đơn vị gửi báo cáo muộn (%(n)s): %(names)s.")
            % {
                "n": format_number(len(late)),
                "names": "; ".join(
                    _("%(name)s (nộp lúc %(at)s, hạn %(deadline)s)")
                    % {
                        "name": s.committee.name,
                        "at": _local(s.first_submitted_at),
                        "deadline": _local(s.effective_deadline),
                    }
                    for s in late
                ),
            }
        )
    _append_full_texts(doc, included=included, duties=duties, states=states, items=items, tracker=tracker)

    # Annex II: every indicator by committee, with totals.
    if indicators:
        doc.page_break()
        doc.paragraph(_("PHỤ LỤC II"), bold=True, align="center")
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
        "all_audiences": bool(all_audiences),
        "duties": [d.pk for d in duties],
        "submissions": {str(s.pk): {"v": s.version, "state": s.state, "committee": s.committee.name} for s in included},
        "counts": {
            "expected": len(submissions),
            "included": len(included),
            "missing": len(not_included),
            "late": len(late),
        },
    }
    return doc, summary, included


def _append_item_body(doc, *, subject, totals, marks, whole_texts, reporters, included) -> None:
    """One section of the body: its totals as a sentence, the passages marked typical with their
    committee, and which committees reported on it."""
    if totals:
        sentence = totals_sentence(subject, [(indicator, total) for indicator, total, _count in totals])
        fewest = min(count for _indicator, _total, count in totals)
        if fewest < included:
            sentence = (
                sentence[:-1]
                + " "
                + _("(số liệu của %(n)s/%(total)s đơn vị).")
                % {
                    "n": format_number(fewest),
                    "total": format_number(included),
                }
            )
        doc.paragraph(sentence)
    for mark in marks:
        name = short_name(mark.submission.committee)
        if mark.is_whole_section:
            texts = whole_texts.get((mark.submission_id, mark.item_id), [])
            if not texts:
                continue
            doc.paragraph(_("Tiêu biểu, %(name)s:") % {"name": name}, italic=True)
            for text in texts:
                doc.paragraph(f"“{text}”" if len(texts) == 1 else text)
        else:
            quote = mark.text.strip().rstrip(".").rstrip()  # the sentence's own full stop: not twice
            doc.paragraph(_("Tiêu biểu, %(name)s: “%(text)s”.") % {"name": name, "text": quote})
    if reporters and len(reporters) == included > 1:
        doc.paragraph(
            _("Cả %(n)s đơn vị đã báo cáo nội dung này.") % {"n": format_number(included)},
            italic=True,
        )
    elif reporters:
        doc.paragraph(
            _("Đơn vị báo cáo nội dung này (%(n)s/%(total)s): %(names)s.")
            % {
                "n": format_number(len(reporters)),
                "total": format_number(included),
                "names": "; ".join(short_name(s.committee) for s in reporters),
            },
            italic=True,
        )


def _append_full_texts(doc, *, included, duties, states, items, tracker) -> None:
    """Each included report in full, in the committees' order: its committee as a heading, then
    each section it wrote under its outline heading (with the headings above it); nothing for a
    section it left empty. Streamed: one answer's text at a time."""
    items_by_id = {item.pk: item for item in items}
    position = {s.pk: n for n, s in enumerate(included)}
    current = None  # the submission being written
    printed: set[int] = set()
    wrote_text = False

    def close(submission):
        if submission is not None and not wrote_text:
            doc.paragraph(_("(Đơn vị chỉ báo cáo số liệu, xem Phụ lục II.)"), italic=True)
        if submission is not None:
            tracker.reach(len(included) * len(items) + position[submission.pk] + 1)

    def start(submission):
        doc.heading(f"{position[submission.pk] + 1}. {submission.committee.name}", level=1)

    rows = iter(_answers(duties=duties, states=states, items=items, committee_first=True))
    pending = next(rows, None)
    for submission in included:
        close(current)
        current, printed, wrote_text = submission, set(), False
        start(submission)
        while pending is not None and pending[1] == submission.pk:
            item_id, _submission_id, fragment = pending
            pending = next(rows, None)
            texts = _simple_paragraphs(fragment) if fragment else []
            if texts == [] or (texts is None and is_blank(fragment)):
                continue  # nothing written here: nothing printed
            chain = []  # the item and the headings above it not printed yet for this report
            item = items_by_id[item_id]
            while item is not None and item.pk not in printed:
                chain.append(item)
                item = items_by_id.get(item.parent_id) if item.parent_id else None
            for heading_item in reversed(chain):
                doc.heading(heading_text(heading_item), level=min(heading_item.depth + 2, 9))
                printed.add(heading_item.pk)
            if texts is None:
                doc.html(fragment)
            else:
                for text in texts:
                    doc.paragraph(text)
            wrote_text = True
    close(current)


def _answers(
    *, duties: list[ReportingDuty], states: list[str], items: list[OutlineItem], committee_first: bool = False
) -> Iterator[tuple[int, int, str]]:
    """(item id, submission id, html) of every answer of the included reports, in the outline's
    order then the committees' (committee_first: the committees' order, then the outline's): one
    query, streamed in chunks, so only a chunk of text is held in Python at a time."""
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
    committees = [f"submission__{name}" for name in COMMITTEE_ORDER]
    order = [*committees, "submission_id", item_rank] if committee_first else [item_rank, *committees, "submission_id"]
    return (
        SectionAnswer.objects.filter(
            submission__duty__in=duties, submission__state__in=states, item_id__in=[item.pk for item in items]
        )
        .order_by(*order)
        .values_list("item_id", "submission_id", "html")
        .iterator(chunk_size=ANSWER_CHUNK)
    )


def _or_blank(value):
    return "" if value is None else value


def write_docx(doc: OfficialDocument, path: str) -> None:
    """Save through a temporary file next to `path`, renamed only when complete."""
    partial = f"{path}.part"
    try:
        doc.save(partial)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def write_xlsx(*, duty: ReportingDuty, submissions: list[Submission], path: str, all_audiences: bool = False) -> bool:
    """The indicator table as .xlsx through reports.dashboards.excel (the dashboards' export), the
    committees in the order given; False when that export is not available. For all audiences of
    the plan, the table is titled with the plan's title, not one duty's."""
    try:
        from reports.dashboards.excel import indicator_workbook
    except ImportError:
        return False
    if all_audiences:
        duty = copy.copy(duty)  # only its title changes, for the heading of the sheet
        duty.title = duty.plan.title
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
    all_audiences: bool = False,
) -> dict:
    """Build and write the files; returns the summary (with "xlsx": True/False)."""
    doc, summary, included = build_document(duty=duty, states=states, progress=progress, all_audiences=all_audiences)
    write_docx(doc, docx_path)
    del doc
    summary["xlsx"] = bool(xlsx_path) and write_xlsx(
        duty=duty, submissions=included, path=xlsx_path, all_audiences=all_audiences
    )
    return summary
