"""One committee's report as a Word file in the official layout (Decree 30), through
lib.officedoc.OfficialDocument: the committee's header, number, place and date, BÁO CÁO and the
title, every outline section with its text and indicator table, then recipients and signer."""

import re

from django.utils import timezone

from lib.officedoc import OfficialDocument
from lib.vnsort import fold_name
from reports.models import Submission
from reports.submissions.selectors import printed_items, report_content


def _symbol(submission: Submission) -> str:
    if submission.doc_number:
        return submission.doc_number
    return "/BC-MTTQ"


# "... của Ủy ban MTTQ các phường", "... của các tổ chức thành viên", "... của UBMTTQVN 9 phường":
# the duty names everyone who reports; one committee's own report names that committee.
_EVERYONE = re.compile(
    r"\s+của\s+(?:\S+\s+){0,5}?(?:các|\d+)\s+(?:phường|xã|thị trấn|đơn vị|tổ chức|huyện|quận|cơ sở|ủy ban)\b.*$",
    re.IGNORECASE,
)
_REPORT_WORD = re.compile(r"^\s*báo cáo\s+", re.IGNORECASE)


def own_report_title(submission: Submission) -> str:
    """The title of one committee's report, under "BÁO CÁO": the duty's title without its own
    "Báo cáo" and naming this committee instead of all those who report ("Sơ kết giữa nhiệm kỳ
    của Ủy ban MTTQ Việt Nam Phường 3")."""
    title = " ".join(submission.duty.title.split())
    title = _REPORT_WORD.sub("", title, count=1)
    title = _EVERYONE.sub("", title)
    title = f"{title[:1].upper()}{title[1:]} của {submission.committee.name}" if title else submission.committee.name
    return title


def own_report_title_lines(submission: Submission) -> list[str]:
    """The lines under "BÁO CÁO": the committee's own title, then the plan's title, unless the plan's
    title already says what the duty's does ("Sơ kết" then "Sơ kết công tác Mặt trận…"): then one
    line, the plan's title naming this committee."""
    plan_title = " ".join(submission.duty.plan.title.split())
    core = _EVERYONE.sub("", _REPORT_WORD.sub("", " ".join(submission.duty.title.split()), count=1))
    if core and plan_title and fold_name(plan_title).startswith(fold_name(core)):
        return [f"{plan_title} của {submission.committee.name}"]
    return [line for line in (own_report_title(submission), plan_title) if line]


UNWRITTEN = "(chưa viết)"


def submission_document(submission: Submission, *, mark_unwritten: bool = False) -> bytes:
    """The report as printed: the items written (and the headings above them); with
    mark_unwritten every item, "(chưa viết)" under those with nothing written."""
    committee = submission.committee
    plan = submission.duty.plan
    when = submission.submitted_at or timezone.now()
    document = OfficialDocument(
        issuer_lines=committee.get_header_lines(),
        number_symbol=_symbol(submission),
        place=committee.document_place,
        date=timezone.localtime(when).date() if submission.submitted_at else None,
        doc_type="BÁO CÁO",
        title_lines=own_report_title_lines(submission),
    )
    for item in printed_items(report_content(submission)["items"], mark_unwritten=mark_unwritten):
        heading = " ".join(part for part in (item.label, item.title) if part)
        document.heading(heading, level=min(item.depth + 1, 6))
        if item.unwritten:
            document.paragraph(UNWRITTEN, italic=True)
        if item.text_html:
            document.html(item.text_html)
        if item.has_table:
            rows = [
                [ind.name, ind.unit, int(value) if value is not None and value == int(value) else value]
                for ind, value in item.indicator_rows
            ]
            document.table(
                ["Chỉ tiêu", "Đơn vị tính", "Số liệu"],
                [[a, b, "" if c is None else c] for a, b, c in rows],
                col_widths_mm=[95, 35, 35],
            )
    document.closing(
        recipients=[f"Ban Thường trực {plan.committee.name} (B/c)", "Lưu VP"],
        on_behalf="TM. BAN THƯỜNG TRỰC",
        position=(submission.signer_position or "CHỦ TỊCH").upper(),
        signer_name=submission.signer_name,
    )
    return document.to_bytes()
