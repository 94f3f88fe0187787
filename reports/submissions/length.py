"""Printed length of a report, estimated (python-docx cannot paginate: python-docx#414/#814).

What is estimated is what the report's own .docx prints (reports/submissions/docx.py, through
lib.officedoc: A4, margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman 14 pt, line
spacing 1.2, 6 pt after each paragraph): the header and closing blocks, the headings of the items
written (and of the items above them), the paragraphs, the indicator tables with a value. An item
with nothing written is not printed, so it adds nothing; a report with nothing written is 0 pages.

The constants were fitted on 12 report-shaped documents built on outline 001 (1 to 38 pages; short
and long paragraphs, lists, up to 23 indicator tables) by rendering each .docx with LibreOffice 7.4
(`libreoffice --headless --convert-to pdf`, Liberation Serif for Times New Roman) and reading
where the text ends on the last page (pdftotext -bbox): the estimate is within 0.2 page of the
rendering on every one of them (the constants used before overestimated by 2 to 8 %).
- CHARS_PER_LINE: 79 characters of Vietnamese text in the 165 mm line.
- LINES_PER_PAGE: 36 lines of 14 pt at 1.2 spacing in the 257 mm page.
- FIRST_LINE_INDENT_CHARS: the 1 cm first-line indent takes about 5 characters.
- PARAGRAPH_GAP_LINES: 6 pt after a paragraph is about a third of a line.
- HEADER_LINES / CLOSING_LINES: the header block with the title, and the signature block.
- TABLE_ROW_LINES: an indicator table row in 12 pt with cell padding is about 1.1 body lines.
Word's own pagination (fonts, widows, tables kept together) may differ by a fraction of a page.
"""

import math
from dataclasses import dataclass

from django.utils.translation import get_language

from lib.numbers import format_number
from lib.richtext import html_to_text

CHARS_PER_LINE = 79
LINES_PER_PAGE = 36
FIRST_LINE_INDENT_CHARS = 5
PARAGRAPH_GAP_LINES = 0.33
HEADER_LINES = 10
CLOSING_LINES = 11
TABLE_ROW_LINES = 1.1


def pages_text(value: float) -> str:
    """A page count with one decimal: "2,3" on Vietnamese pages, "2.3" on English ones."""
    text = format_number(value, places=1, keep_zeros=True)
    if (get_language() or "").startswith("en"):
        text = text.translate(str.maketrans({".": ",", ",": "."}))
    return text


@dataclass(frozen=True)
class LengthEstimate:
    lines: float
    words: int

    @property
    def empty(self) -> bool:
        """Nothing would be printed: no item written."""
        return self.lines == 0

    @property
    def pages(self) -> float:
        """Pages, one decimal (3.2 means a little over three pages)."""
        return math.ceil(self.lines / LINES_PER_PAGE * 10) / 10

    @property
    def pages_text(self) -> str:
        return pages_text(self.pages)

    def over(self, limit: int | None) -> bool:
        return bool(limit) and self.pages > limit


def paragraph_lines(text: str) -> float:
    """Lines one paragraph takes, with its spacing."""
    return math.ceil((len(text) + FIRST_LINE_INDENT_CHARS) / CHARS_PER_LINE) + PARAGRAPH_GAP_LINES


def estimate(*, headings: list[str], sections_html: list[str], table_rows: int = 0, tables: int = 0) -> LengthEstimate:
    """The printed report: header and closing blocks, the headings printed, every section's
    paragraphs, and the indicator tables (each with its header row); 0 when nothing is printed."""
    if not headings and not table_rows and not any(html_to_text(html).strip() for html in sections_html):
        return LengthEstimate(lines=0, words=0)
    lines = HEADER_LINES + CLOSING_LINES
    words = 0
    for heading in headings:
        lines += paragraph_lines(heading)
    for html in sections_html:
        text = html_to_text(html)
        for paragraph in text.splitlines():
            lines += paragraph_lines(paragraph)
            words += len(paragraph.split())
    lines += (table_rows + tables) * TABLE_ROW_LINES
    return LengthEstimate(lines=round(lines, 2), words=words)
