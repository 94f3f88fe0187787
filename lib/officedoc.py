"""Official documents (Kế hoạch, Báo cáo) as Word files, laid out as Decree 30/2020/NĐ-CP asks.

Pure Python: no Django, no database. A plan, one committee's report and the consolidated report
are all an ``OfficialDocument``: the header block (issuer, number, national title, place and date),
the document type and title, a body of headings, paragraphs, sanitised HTML and tables, and the
closing block (recipients on the left, signature on the right).

Speed: python-docx's ``Document.add_paragraph`` rescans the body on every call, so a document of
100,000 paragraphs takes minutes (python-docx#408). Every append here builds the ``w:p`` or
``w:tbl`` element with lxml and inserts it right before the body's final ``w:sectPr``. Body text
carries no direct formatting: the Normal style holds the font, size, justification, first-line
indent and spacing, so a plain paragraph is just ``<w:p><w:r><w:t>``.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from typing import IO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, nsmap, qn
from docx.oxml.parser import oxml_parser, parse_xml
from docx.shared import Cm, Mm, Pt
from lxml import etree

from lib.numbers import format_number
from lib.richtext import strip_forbidden

FONT = "Times New Roman"
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165 mm
BODY_PT = 14
LINE_SPACING = 1.2  # Decree 30: from single up to 1.5 lines
FIRST_LINE_INDENT_CM = 1
TABLE_PT = 12

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_RULE_MM = 60  # as long as the motto line in bold 14pt
HEADER_COLUMNS_MM = (65, 100)  # the national title in bold 13pt needs about 96 mm
CLOSING_COLUMNS_MM = (75, 90)
SIGNATURE_SPACE_LINES = 4
TABLE_TEXT_STYLE = "Table Text"
TABLE_TEXT_STYLE_ID = "TableText"  # python-docx derives the id by dropping spaces

_W = nsmap["w"]
_W_NSMAP = {"w": _W}
_SubElement = etree.SubElement
_P, _R, _T, _BR, _TAB = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:br"), qn("w:tab")
_PPR, _RPR, _PSTYLE = qn("w:pPr"), qn("w:rPr"), qn("w:pStyle")
_KEEP_NEXT, _PBDR, _TOP = qn("w:keepNext"), qn("w:pBdr"), qn("w:top")
_SPACING, _IND, _JC, _OUTLINE = qn("w:spacing"), qn("w:ind"), qn("w:jc"), qn("w:outlineLvl")
_B, _I, _U, _SZ, _SZCS = qn("w:b"), qn("w:i"), qn("w:u"), qn("w:sz"), qn("w:szCs")
_VAL, _TYPE, _W_ATTR = qn("w:val"), qn("w:type"), qn("w:w")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}

_NEEDS_SPLIT = re.compile("[\t\n\r]")
_NEWLINE = re.compile("\r\n|\r|\n")
# libxml2 refuses text nodes over 10,000,000 characters on reading back; keep w:t well under.
_TEXT_CHUNK = 1_000_000


def clean_text(value: object) -> str:
    """The value as text XML 1.0 accepts: None is "", forbidden characters are removed."""
    if value is None:
        return ""
    return strip_forbidden(value if isinstance(value, str) else str(value))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _date_line(place: str, date: datetime.date | None) -> str:
    """ "Sóc Trăng, ngày 06 tháng 9 năm 2023": days below 10 and months 1-2 take a leading zero. A
    draft without its date leaves day and month for the clerk, never the year (this year)."""
    if date is None:
        from django.utils import timezone

        return f"{place or '…'}, ngày     tháng     năm {timezone.localdate().year}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def _number_line(number_symbol: str) -> str:
    """ "Số: 380/KH-MTTQ-BTT"; a symbol alone ("/BC-MTTQ-BTT") leaves room for the clerk's number."""
    number_symbol = number_symbol.strip()
    if not number_symbol or number_symbol.startswith("/"):
        return f"Số:      {number_symbol or '/'}"
    return f"Số: {number_symbol}"


def _recipient_line(text: str, last: bool) -> str:
    """ "- Thường trực Tỉnh ủy;", the last one ending with a full stop (Decree 30)."""
    text = text.strip().lstrip("-").strip().rstrip(";.,").strip()
    return f"- {text}{'.' if last else ';'}"


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def _estimated_width_mm(text: str, size_pt: float) -> float:
    """Printed width, roughly: capitals in Times New Roman are wider than small letters."""
    em = 0.68 if text.isupper() else 0.5
    return len(text) * size_pt * em * 25.4 / 72


# --------------------------------------------------------------------------------------------
# Element builders. They take cleaned text.


def _new_p():
    return oxml_parser.makeelement(_P, nsmap=_W_NSMAP)


def _add_text(r, text: str) -> None:
    if len(text) <= _TEXT_CHUNK and _NEEDS_SPLIT.search(text) is None:
        t = _SubElement(r, _T)
        t.text = text
        if text[:1].isspace() or text[-1:].isspace() or "  " in text:
            t.set(_XML_SPACE, "preserve")
        return
    for i, line in enumerate(_NEWLINE.split(text)):
        if i:
            _SubElement(r, _BR)
        for j, piece in enumerate(line.split("\t")):
            if j:
                _SubElement(r, _TAB)
            for start in range(0, len(piece), _TEXT_CHUNK):
                _add_text(r, piece[start : start + _TEXT_CHUNK])


def _add_run(p, text: str, *, bold=False, italic=False, underline=False, size_pt: float | None = None) -> None:
    if not text:
        return
    r = _SubElement(p, _R)
    if bold or italic or underline or size_pt:
        rpr = _SubElement(r, _RPR)  # children in schema order: b, i, sz, szCs, u
        if bold:
            _SubElement(rpr, _B)
        if italic:
            _SubElement(rpr, _I)
        if size_pt:
            _SubElement(rpr, _SZ, {_VAL: str(round(size_pt * 2))})
            _SubElement(rpr, _SZCS, {_VAL: str(round(size_pt * 2))})
        if underline:
            _SubElement(rpr, _U, {_VAL: "single"})
    _add_text(r, text)


def _add_ppr(
    p,
    *,
    style=None,
    keep_next=False,
    border_top=False,
    before_pt=None,
    after_pt=None,
    line_twips=None,
    left_mm=None,
    right_mm=None,
    first_line_mm=None,
    align=None,
    outline=None,
):
    """pPr with its children in schema order; only what is asked for."""
    ppr = _SubElement(p, _PPR)
    if style:
        _SubElement(ppr, _PSTYLE, {_VAL: style})
    if keep_next:
        _SubElement(ppr, _KEEP_NEXT)
    if border_top:
        pbdr = _SubElement(ppr, _PBDR)
        _SubElement(pbdr, _TOP, {_VAL: "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "auto"})
    if before_pt is not None or after_pt is not None or line_twips is not None:
        spacing = _SubElement(ppr, _SPACING)
        if before_pt is not None:
            spacing.set(qn("w:before"), str(round(before_pt * 20)))
        if after_pt is not None:
            spacing.set(qn("w:after"), str(round(after_pt * 20)))
        if line_twips is not None:
            spacing.set(qn("w:line"), str(line_twips))
            spacing.set(qn("w:lineRule"), "exact")
    if left_mm is not None or right_mm is not None or first_line_mm is not None:
        ind = _SubElement(ppr, _IND)
        if left_mm is not None:
            ind.set(qn("w:left"), _twips(left_mm))
        if right_mm is not None:
            ind.set(qn("w:right"), _twips(right_mm))
        if first_line_mm is not None:
            ind.set(qn("w:firstLine"), _twips(first_line_mm))
    if align:
        _SubElement(ppr, _JC, {_VAL: align})
    if outline is not None:
        _SubElement(ppr, _OUTLINE, {_VAL: str(outline)})
    return ppr


def _rule(length_mm: float, container_mm: float):
    """A short centred horizontal rule: an empty, low paragraph with a top border."""
    side = max(0.0, (container_mm - length_mm) / 2)
    p = _new_p()
    _add_ppr(
        p,
        border_top=True,
        before_pt=2,
        after_pt=0,
        line_twips=60,
        left_mm=side,
        right_mm=side,
        first_line_mm=0,
        align="center",
    )
    return p


def _cell_p(
    tc,
    text: str = "",
    *,
    size_pt: float | None,
    bold=False,
    italic=False,
    align="center",
    before_pt=None,
    after_pt=None,
):
    p = _SubElement(tc, _P)
    _add_ppr(p, style=TABLE_TEXT_STYLE_ID, before_pt=before_pt, after_pt=after_pt, align=align)
    _add_run(p, clean_text(text), bold=bold, italic=italic, size_pt=size_pt)
    return p


def _table(widths_mm, *, borders: bool, centred: bool = False):
    """An empty w:tbl with a fixed grid; rows are added with _row()."""
    tbl = oxml_parser.makeelement(qn("w:tbl"), nsmap=_W_NSMAP)
    tbl_pr = _SubElement(tbl, qn("w:tblPr"))
    _SubElement(tbl_pr, qn("w:tblW"), {_W_ATTR: _twips(sum(widths_mm)), _TYPE: "dxa"})
    if centred:
        _SubElement(tbl_pr, _JC, {_VAL: "center"})
    tbl_borders = _SubElement(tbl_pr, qn("w:tblBorders"))
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        attrs = (
            {_VAL: "single", qn("w:sz"): "4", qn("w:space"): "0", qn("w:color"): "auto"} if borders else {_VAL: "nil"}
        )
        _SubElement(tbl_borders, qn(f"w:{side}"), attrs)
    _SubElement(tbl_pr, qn("w:tblLayout"), {_TYPE: "fixed"})
    if not borders:  # layout tables: text may use the whole column
        cell_mar = _SubElement(tbl_pr, qn("w:tblCellMar"))
        for side in ("left", "right"):
            _SubElement(cell_mar, qn(f"w:{side}"), {_W_ATTR: "0", _TYPE: "dxa"})
    grid = _SubElement(tbl, qn("w:tblGrid"))
    for width in widths_mm:
        _SubElement(grid, qn("w:gridCol"), {_W_ATTR: _twips(width)})
    return tbl


def _row(tbl, widths_mm, *, header=False, cant_split=False):
    """A row of empty cells (each needs at least one paragraph before saving)."""
    tr = _SubElement(tbl, qn("w:tr"))
    if header or cant_split:
        tr_pr = _SubElement(tr, qn("w:trPr"))
        if cant_split:
            _SubElement(tr_pr, qn("w:cantSplit"))
        if header:
            _SubElement(tr_pr, qn("w:tblHeader"))
    cells = []
    for width in widths_mm:
        tc = _SubElement(tr, qn("w:tc"))
        tc_pr = _SubElement(tc, qn("w:tcPr"))
        _SubElement(tc_pr, qn("w:tcW"), {_W_ATTR: _twips(width), _TYPE: "dxa"})
        if header:
            _SubElement(tc_pr, qn("w:vAlign"), {_VAL: "center"})
        cells.append(tc)
    return cells


# --------------------------------------------------------------------------------------------
# HTML from a rich-text box -> blocks of runs.


@dataclass
class _Block:
    runs: list[list] = field(default_factory=list)  # [text, bold, italic, underline]
    align: str | None = None
    bold: bool = False
    prefix: str = ""
    depth: int = 0  # list nesting

    def text(self) -> str:
        return "".join(run[0] for run in self.runs)


_BLOCK_TAGS = set(
    "p div h1 h2 h3 h4 h5 h6 blockquote pre tr section article header footer address dd dt figcaption caption".split()
)
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_DROPPED_TAGS = {"script", "style"}
_HTML_SPACE = re.compile("[ \t\n\r\f]+")  # not \s: a non-breaking space is kept
_TEXT_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right|justify)", re.IGNORECASE)
_CLASS_ALIGN = re.compile(r"\bql-align-(center|right|justify)\b")


class _HtmlBlocks(HTMLParser):
    """Turns an already sanitised HTML fragment into paragraphs of formatted runs.

    Known tags shape the result; any other tag is ignored and its text kept. Only the content of
    <script> and <style> is dropped: it is code, never prose, and the fragment has already been
    through the sanitiser, which removes such tags, so no text a person wrote is lost.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.bold = self.italic = self.underline = self.dropping = 0
        self.lists: list[list] = []  # [tag, counter]

    def _align(self, attrs) -> str | None:
        attrs = dict(attrs)
        match = _TEXT_ALIGN.search(attrs.get("style") or "") or _CLASS_ALIGN.search(attrs.get("class") or "")
        value = (match.group(1) if match else attrs.get("align") or "").lower()
        return _ALIGN.get(value)

    def _flush(self) -> None:
        block, self.current = self.current, None
        if block is None:
            return
        while block.runs:  # a trailing space or <br> prints nothing
            block.runs[-1][0] = block.runs[-1][0].rstrip(" \n")
            if block.runs[-1][0]:
                break
            block.runs.pop()
        if block.runs:
            self.blocks.append(block)

    def _open(self, **kwargs) -> _Block:
        self._flush()
        self.current = _Block(depth=len(self.lists), **kwargs)
        return self.current

    def _add(self, text: str) -> None:
        block = self.current or self._open()
        runs = block.runs
        if not runs or runs[-1][0][-1:] in (" ", "\n", "\t", ""):
            text = text.lstrip(" ")
            if not text:
                return
        style = [bool(self.bold), bool(self.italic), bool(self.underline)]
        if runs and runs[-1][1:] == style:
            runs[-1][0] += text
        else:
            runs.append([text, *style])

    def handle_starttag(self, tag, attrs):
        if tag in _DROPPED_TAGS:
            self.dropping += 1
        elif tag == "br":
            self._add("\n")
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag in ("u", "ins"):
            self.underline += 1
        elif tag in ("ul", "ol"):
            self._flush()
            start = dict(attrs).get("start") or "1"
            self.lists.append([tag, int(start) - 1 if start.isdigit() else 0])
        elif tag == "li":
            prefix = "- "
            if self.lists:
                self.lists[-1][1] += 1
                kind, number = self.lists[-1]
                prefix = f"{number}. " if kind == "ol" else ("- " if len(self.lists) == 1 else "+ ")
            self._open(prefix=prefix, align=self._align(attrs))
        elif tag in ("td", "th"):
            if self.current is not None and self.current.text().strip():
                self._add("\t")
        elif tag in _BLOCK_TAGS:
            if self.current is not None and self.current.prefix and not self.current.text().strip():
                return  # <li><p>text</p></li>: the paragraph is the list item
            self._open(align=self._align(attrs), bold=tag in _HEADING_TAGS)
        elif tag == "hr":
            self._flush()

    def handle_endtag(self, tag):
        if tag in _DROPPED_TAGS:
            self.dropping = max(0, self.dropping - 1)
        elif tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("i", "em"):
            self.italic = max(0, self.italic - 1)
        elif tag in ("u", "ins"):
            self.underline = max(0, self.underline - 1)
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "li" or tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self.dropping:
            self._add(_HTML_SPACE.sub(" ", data))

    def close(self):
        super().close()
        self._flush()


# --------------------------------------------------------------------------------------------


class OfficialDocument:
    """A Word document in the Decree 30 layout: header block, type and title, body, closing."""

    def __init__(
        self,
        *,
        issuer_lines: list[str],
        number_symbol: str,
        place: str,
        date: datetime.date | None,
        doc_type: str,
        title_lines: list[str],
    ):
        self._document = Document()
        self._setup_page()
        self._setup_styles()
        self._setup_page_numbers()
        core = self._document.core_properties
        core.title = clean_text(" ".join([doc_type, *title_lines]).strip())
        core.author = clean_text(" ".join(issuer_lines))
        core.comments = ""
        body = self._document.element.body
        self._sect_pr = body.sectPr  # every append goes right before it
        self._last_was_table = False
        self._add_header_block(issuer_lines, number_symbol, place, date)
        self._add_title_block(doc_type, title_lines)

    # -- setup ---------------------------------------------------------------------------------

    def _setup_page(self) -> None:
        section = self._document.sections[0]
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
        section.header_distance = section.footer_distance = Mm(10)

    def _setup_styles(self) -> None:
        styles = self._document.styles
        # Document defaults use theme fonts (Calibri); name Times New Roman for every script.
        for rpr in (
            styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")),
            styles["Normal"].element.get_or_add_rPr(),
        ):
            _set_fonts(rpr)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(_VAL, "vi-VN")
        normal = styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        fmt = normal.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(FIRST_LINE_INDENT_CM)
        fmt.space_before, fmt.space_after = Pt(0), Pt(6)
        fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        fmt.line_spacing = LINE_SPACING
        table_text = styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        table_text.base_style = normal
        table_text.font.size = Pt(TABLE_PT)
        fmt = table_text.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt.first_line_indent = Cm(0)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0

    def _setup_page_numbers(self) -> None:
        """Page number centred in the top margin, not shown on the first page (Decree 30)."""
        section = self._document.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_header.is_linked_to_previous = False
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Cm(0)
        for field_part in (
            '<w:fldChar w:fldCharType="begin"/>',
            '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
            '<w:fldChar w:fldCharType="separate"/>',
            "<w:t>2</w:t>",
            '<w:fldChar w:fldCharType="end"/>',
        ):
            paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{field_part}</w:r>"))

    # -- fixed blocks --------------------------------------------------------------------------

    def _add_header_block(self, issuer_lines, number_symbol, place, date) -> None:
        left_mm, right_mm = HEADER_COLUMNS_MM
        tbl = _table(HEADER_COLUMNS_MM, borders=False)
        left, right = _row(tbl, HEADER_COLUMNS_MM, cant_split=True)
        issuer_lines = [clean_text(line) for line in issuer_lines] or [""]
        for i, line in enumerate(issuer_lines):
            _cell_p(left, line, size_pt=13, bold=i == len(issuer_lines) - 1)
        rule_mm = min(left_mm - 10, max(12.0, _estimated_width_mm(issuer_lines[-1], 13) * 0.4))
        left.append(_rule(rule_mm, left_mm))
        _cell_p(left, _number_line(clean_text(number_symbol)), size_pt=13, before_pt=4)
        _cell_p(right, NATIONAL_TITLE, size_pt=13, bold=True)
        _cell_p(right, MOTTO, size_pt=14, bold=True)
        right.append(_rule(MOTTO_RULE_MM, right_mm))
        _cell_p(right, _date_line(clean_text(place).strip(), date), size_pt=14, italic=True, before_pt=4)
        self._append(tbl, is_table=True)

    def _add_title_block(self, doc_type: str, title_lines: list[str]) -> None:
        doc_type = clean_text(doc_type)
        if doc_type:
            p = _new_p()
            _add_ppr(p, keep_next=True, before_pt=18, after_pt=0, first_line_mm=0, align="center")
            _add_run(p, doc_type, bold=True, size_pt=14)
            self._append(p)
        title_lines = [clean_text(line) for line in title_lines]
        for line in title_lines:
            p = _new_p()
            _add_ppr(p, keep_next=True, after_pt=0, first_line_mm=0, align="center")
            _add_run(p, line, bold=True, size_pt=14)
            self._append(p)
        if title_lines:
            longest = max(title_lines, key=len)
            rule_mm = min(80.0, max(25.0, _estimated_width_mm(longest, 14) * 0.4))
            rule = _rule(rule_mm, TEXT_WIDTH_MM)
            rule.find(_PPR).find(_SPACING).set(qn("w:after"), "240")
            self._append(rule)

    # -- body ----------------------------------------------------------------------------------

    def _append(self, element, *, is_table: bool = False) -> None:
        if is_table and self._last_was_table:  # Word merges two adjacent tables into one
            self._sect_pr.addprevious(_new_p())
        self._sect_pr.addprevious(element)
        self._last_was_table = is_table

    def heading(self, text: str, level: int) -> None:
        """Outline heading "I. ...", "1. ...", "1.1. ...": 1-2 bold, 3 bold italic, deeper italic."""
        if level < 1:
            raise ValueError("heading level starts at 1")
        p = _new_p()
        _add_ppr(p, keep_next=True, outline=min(level - 1, 8))
        _add_run(p, clean_text(text), bold=level <= 3, italic=level >= 3)
        self._append(p)

    def paragraph(
        self, text: str, *, bold: bool = False, italic: bool = False, align: str | None = None, keep_next: bool = False
    ) -> None:
        """A body paragraph (justified, first-line indent); align: left, center, right or justify;
        keep_next: on the same page as what follows (a closing sentence with the signature)."""
        p = _new_p()
        if align is not None:
            if align not in _ALIGN:
                raise ValueError(f"align must be one of {sorted(_ALIGN)}, not {align!r}")
            _add_ppr(p, first_line_mm=0 if align in ("center", "right") else None, align=_ALIGN[align], keep_next=keep_next)
        elif keep_next:
            _add_ppr(p, keep_next=True)
        _add_run(p, clean_text(text), bold=bold, italic=italic)
        self._append(p)

    def html(self, fragment: str) -> None:
        """Sanitised HTML from a rich-text box: paragraphs, line breaks, bold/italic/underline,
        lists ("- " or "1. ", "+ " when nested), h1-h6 as bold paragraphs; other tags give their text."""
        parser = _HtmlBlocks()
        parser.feed(clean_text(fragment))
        parser.close()
        indent_mm = FIRST_LINE_INDENT_CM * 10
        for block in parser.blocks:
            p = _new_p()
            if block.align or block.depth > 1:
                _add_ppr(
                    p,
                    left_mm=5 * (block.depth - 1) if block.depth > 1 else None,
                    first_line_mm=0 if block.align in ("center", "right") else indent_mm,
                    align=block.align,
                )
            _add_run(p, block.prefix, bold=block.bold)
            for text, bold, italic, underline in block.runs:
                _add_run(p, text, bold=bold or block.bold, italic=italic, underline=underline)
            self._append(p)

    def table(
        self,
        header: list[str],
        rows: list[list[str | int | float | None]],
        *,
        total_row: list | None = None,
        col_widths_mm: list[float] | None = None,
    ) -> None:
        """A bordered table: bold header repeated on every page, numbers right-aligned ("1.234"),
        an optional bold total row."""
        columns = len(header)
        if not columns:
            raise ValueError("a table needs a header")
        widths = list(col_widths_mm) if col_widths_mm else [TEXT_WIDTH_MM / columns] * columns
        if len(widths) != columns:
            raise ValueError("col_widths_mm needs one width per column")
        tbl = _table(widths, borders=True, centred=True)
        for tc, text in zip(_row(tbl, widths, header=True), header, strict=True):
            _cell_p(tc, text, size_pt=None, bold=True, align="center", before_pt=2, after_pt=2)
        body_rows = [(row, False) for row in rows]
        if total_row:
            body_rows.append((total_row, True))
        for values, bold in body_rows:
            if len(values) != columns:
                raise ValueError(f"a row has {len(values)} cells, the header {columns}: {values!r}")
            for tc, value in zip(_row(tbl, widths), values, strict=True):
                if _is_number(value):
                    _cell_p(tc, format_number(value), size_pt=None, bold=bold, align="right", before_pt=2, after_pt=2)
                else:
                    _cell_p(tc, value, size_pt=None, bold=bold, align="left", before_pt=2, after_pt=2)
        self._append(tbl, is_table=True)

    def page_break(self) -> None:
        p = _new_p()
        _SubElement(_SubElement(p, _R), _BR, {_TYPE: "page"})
        self._append(p)

    def closing(self, *, recipients: list[str], on_behalf: str, position: str, signer_name: str) -> None:
        """ "Nơi nhận:" and its list on the left; "TM. BAN THƯỜNG TRỰC" / "CHỦ TỊCH", room for the
        signature and seal, then the signer's name on the right. Kept on the page of the paragraph
        before it when that one asks (keep_next), never alone on a page of its own."""
        spacer = _new_p()
        _add_ppr(spacer, keep_next=True)
        self._append(spacer)
        tbl = _table(CLOSING_COLUMNS_MM, borders=False)
        left, right = _row(tbl, CLOSING_COLUMNS_MM, cant_split=True)
        _cell_p(left, "Nơi nhận:", size_pt=12, bold=True, italic=True, align="left")
        recipients = [clean_text(item) for item in recipients if clean_text(item).strip()]
        for i, recipient in enumerate(recipients):
            _cell_p(left, _recipient_line(recipient, last=i == len(recipients) - 1), size_pt=11, align="left")
        for line in (on_behalf, position):
            if clean_text(line).strip():
                _cell_p(right, line, size_pt=14, bold=True)
        for _ in range(SIGNATURE_SPACE_LINES):
            _cell_p(right, "", size_pt=14)
        _cell_p(right, signer_name, size_pt=14, bold=True)
        self._append(tbl, is_table=True)

    # -- output --------------------------------------------------------------------------------

    def save(self, path_or_stream: str | IO[bytes]) -> None:
        self._document.save(path_or_stream)

    def to_bytes(self) -> bytes:
        stream = io.BytesIO()
        self._document.save(stream)
        return stream.getvalue()


def _set_fonts(rpr) -> None:
    """Times New Roman for Latin, East Asian and complex scripts, dropping theme font references
    (a theme attribute wins over the named font)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = oxml_parser.makeelement(qn("w:rFonts"), nsmap=_W_NSMAP)
        rpr.insert(0, rfonts)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{theme}"), None)
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{script}"), FONT)


def floor_document(paragraph_texts: list[str]) -> bytes:
    """The benchmark floor: the same paragraphs as minimal XML in a plain python-docx Document."""
    document = Document()
    sect_pr = document.element.body.sectPr
    for text in paragraph_texts:
        p, r, t = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
        t.text = text
        r.append(t)
        p.append(r)
        sect_pr.addprevious(p)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()
