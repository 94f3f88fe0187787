"""A Plan as an official Word document (Decree 30 layout, lib/officedoc.py). The apps built on plans
append their annexes through `plans.registry.register_annex` (reports: the outline of each reporting
duty); `annex_heading` starts one."""

import re

from lib.officedoc import OfficialDocument

from . import registry
from .models import Plan

SECTION_NUMERALS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_ROMAN_HEADING = re.compile(r"^(?:[IVX]+)\.\s")
_NUMBER_HEADING = re.compile(r"^\d+(?:\.\d+)*\.\s")
_NUMBER_START = re.compile(r"^(\d+)\.\s")


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _write_text(doc: OfficialDocument, text: str) -> None:
    """Plain text, one paragraph per line; "I. ..." and short "1. ..." / "1.1. ..." lines are
    headings, so a text written with its own numbering keeps its shape."""
    for line in text_lines(text):
        if _ROMAN_HEADING.match(line):
            doc.heading(line, 1)
        elif _NUMBER_HEADING.match(line) and len(line) <= 120:
            doc.heading(line, 2 if line.split(" ", 1)[0].count(".") == 1 else 3)
        else:
            doc.paragraph(line)


def annex_heading(doc: OfficialDocument, plan: Plan, title_lines: list[str]) -> None:
    """A new page "PHỤ LỤC", the annex's title and "(Kèm theo Kế hoạch số ...)"."""
    doc.page_break()
    doc.paragraph("PHỤ LỤC", bold=True, align="center")
    for line in title_lines:
        doc.paragraph(line, bold=True, align="center")
    when = f" ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else ""
    doc.paragraph(
        f"(Kèm theo Kế hoạch số {plan.document_number}{when} của {plan.committee.name})", italic=True, align="center"
    )


def plan_document(plan: Plan) -> OfficialDocument:
    doc = OfficialDocument(
        issuer_lines=plan.committee.get_header_lines(),
        number_symbol=plan.document_number,
        place=plan.place or plan.committee.document_place,
        date=plan.issued_on,
        doc_type="KẾ HOẠCH",
        title_lines=text_lines(plan.title),
    )
    for line in text_lines(plan.legal_bases):
        doc.paragraph(line)
    _write_text(doc, plan.preamble)

    sections = []
    if plan.purpose.strip():
        sections.append(("MỤC ĐÍCH, YÊU CẦU", plan.purpose, False))
    if plan.content.strip() or plan.milestones.exists():
        sections.append(("NỘI DUNG", plan.content, True))
    if plan.organisation.strip():
        sections.append(("TỔ CHỨC THỰC HIỆN", plan.organisation, False))
    for numeral, (title, text, with_milestones) in zip(SECTION_NUMERALS, sections, strict=False):
        doc.heading(f"{numeral}. {title}", 1)
        _write_text(doc, text)
        milestones = list(plan.milestones.all()) if with_milestones else []
        if milestones:
            numbers = [int(m.group(1)) for m in map(_NUMBER_START.match, text_lines(text)) if m]
            doc.heading(f"{max(numbers, default=0) + 1}. Tiến độ thực hiện", 2)
            for m in milestones:
                line = f"- {m.level_label}: {m.description}" if m.level_label else f"- {m.description}"
                if m.due_date:
                    line += f" (thời hạn: {m.due_date:%d/%m/%Y})"
                doc.paragraph(line)
    _write_text(doc, plan.closing_text)
    doc.closing(
        recipients=[str(r) for r in plan.recipients.all()],
        on_behalf=plan.signer_on_behalf,
        position=plan.signer_position,
        signer_name=plan.signer_name,
    )
    registry.write_annexes(doc, plan)
    return doc


def plan_docx_bytes(plan: Plan) -> bytes:
    return plan_document(plan).to_bytes()


def plan_docx_filename(plan: Plan) -> str:
    number = plan.document_number.replace("/", "-") if plan.number else f"du-thao-{plan.pk}"
    return f"ke-hoach-{number}.docx".replace("/", "-")
