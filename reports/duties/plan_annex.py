"""The annexes reports adds to a plan's Word document (registered in ReportsConfig.ready() through
`plans.registry`): the outline of each reporting duty, once per outline, in the order of the duties."""

from lib.officedoc import OfficialDocument
from plans.models import Plan
from plans.plan_docx import annex_heading, text_lines
from reports.models import Outline

_BULLETS = ("-", "+", "–", "•", "*")


def _write_outline(doc: OfficialDocument, plan: Plan, outline: Outline) -> None:
    annex_heading(doc, plan, text_lines(outline.heading) or ["ĐỀ CƯƠNG BÁO CÁO", outline.title])
    for item in outline.ordered_items():
        text = f"{item.label} {item.title}".strip()
        if item.label in _BULLETS:
            doc.paragraph(text)
        else:
            doc.heading(text, min(item.depth + 1, 4))
        for line in text_lines(item.guidance):
            doc.paragraph(line)
        indicators = list(item.indicators.all())
        if indicators:
            names = "; ".join(f"{i.name} ({i.unit})" if i.unit else i.name for i in indicators)
            doc.paragraph(f"Số liệu: {names}.", italic=True)


def write_outline_annexes(doc: OfficialDocument, plan: Plan) -> None:
    seen = set()
    for duty in plan.duties.select_related("outline").order_by("pk"):
        if duty.outline_id not in seen:
            seen.add(duty.outline_id)
            _write_outline(doc, plan, duty.outline)
