"""Printed length of a report, estimated (python-docx cannot paginate: python-docx#414/#814).

The constants describe the official layout of Decree 30/2020/NĐ-CP as plans/documents.py writes
it: A4 (210 x 297 mm), margins top/bottom 20 mm, left 30 mm, right 15 mm, so the text is 165 mm
wide and 257 mm tall; Times New Roman 14 pt, line spacing about 1.2, 6 pt after each paragraph.

- CHARS_PER_LINE: Times New Roman 14 pt averages about 2 mm per character of Vietnamese text
  (diacritics do not widen it), so 165 mm holds about 80-85 characters; we take 82.
- LINES_PER_PAGE: a 14 pt line at 1.2 spacing is about 7.4 mm; 257 mm holds 34 such lines; the
  paragraph spacing takes roughly one more line in a page, so 33 lines of text fit in a page.
- FIRST_LINE_INDENT_CHARS: the 1 cm first-line indent takes about 5 characters.
- PARAGRAPH_GAP_LINES: 6 pt after a paragraph is about a third of a line.
- HEADER_LINES / CLOSING_LINES: the header block with the title, and the signature block.
- TABLE_ROW_LINES: an indicator table row in 12 pt with cell padding is about 1.1 body lines.
This is an estimate: Word's own pagination (fonts, widows, tables) may differ by a fraction of a page.
"""

import math
from dataclasses import dataclass

from lib.richtext import html_to_text

CHARS_PER_LINE = 82
LINES_PER_PAGE = 33
FIRST_LINE_INDENT_CHARS = 5
PARAGRAPH_GAP_LINES = 0.33
HEADER_LINES = 10
CLOSING_LINES = 11
TABLE_ROW_LINES = 1.1


@dataclass(frozen=True)
class LengthEstimate:
    lines: float
    words: int

    @property
    def pages(self) -> float:
        """Pages, one decimal (3.2 means a little over three pages)."""
        return math.ceil(self.lines / LINES_PER_PAGE * 10) / 10

    def over(self, limit: int | None) -> bool:
        return bool(limit) and self.pages > limit


def paragraph_lines(text: str) -> float:
    """Lines one paragraph takes, with its spacing."""
    return math.ceil((len(text) + FIRST_LINE_INDENT_CHARS) / CHARS_PER_LINE) + PARAGRAPH_GAP_LINES


def estimate(*, headings: list[str], sections_html: list[str], table_rows: int = 0, tables: int = 0) -> LengthEstimate:
    """The whole report: header and closing blocks, every heading, every section's paragraphs,
    and the indicator tables (each with its header row)."""
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
