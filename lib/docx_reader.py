"""Reading Word files that people upload: refuse what is unsafe or unreadable, then flatten.

``open_docx`` checks an upload before python-docx sees it: size, the OLE2 signature of a
password-protected .docx or an old .doc, the zip structure, and zip bombs (from the sizes the zip
declares, before anything is decompressed; ``zipfile`` itself refuses a member that inflates past
its declared size). Every refusal is a ``DocxInputError`` whose message can be shown to the user.

``docx_blocks`` turns a document into the list of its paragraphs in reading order, table cells
included, each with the label Word would display for an auto-numbered paragraph ("1.", "a)",
"II.", "-" for a bullet), since that label is not part of the paragraph's text.

Pure Python: no models, no database.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass

import docx
from django.utils.translation import gettext as _
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.styles import BabelFish

from lib.numbers import format_number
from lib.uploads import (
    MB,
    ZIP_MAX_MEMBERS,
    UnsafeArchive,
    check_archive,
    encrypted_message,
    is_ole2,
    macro_message,
    ole_message,
    zip_members,
)

MAX_MEMBERS = ZIP_MAX_MEMBERS
_MAIN_PART = re.compile(r"word/document\d*\.xml", re.IGNORECASE)


class DocxInputError(ValueError):
    """An uploaded file that cannot be read as a Word document; the message is for the user."""


def _format_size(n_bytes: int) -> str:
    if n_bytes < MB:
        return f"{math.ceil(n_bytes / 1024)} KB"
    return format_number(math.ceil(n_bytes * 10 / MB) / 10, places=1) + " MB"  # rounded up: never "10 > 10"


def open_docx(data: bytes, *, max_bytes: int = 10 * MB, max_uncompressed: int = 50 * MB) -> Document:
    """Open an uploaded .docx, or raise ``DocxInputError`` saying in Vietnamese what is wrong."""
    if not data:
        raise DocxInputError(_("Tệp rỗng, không có nội dung."))
    if len(data) > max_bytes:
        raise DocxInputError(
            _("Tệp quá lớn (%(size)s); dung lượng tối đa là %(limit)s.")
            % {"size": _format_size(len(data)), "limit": _format_size(max_bytes)}
        )
    if is_ole2(data):
        raise DocxInputError(ole_message(data, old_format=".doc"))
    members = zip_members(data)
    if members is None:
        raise DocxInputError(_("Tệp không phải là tệp Word (.docx)."))
    _check_archive(members, max_uncompressed=max_uncompressed)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and lxml raise many kinds; all mean "unreadable"
        raise DocxInputError(
            _(
                "Không đọc được nội dung tệp Word: tệp có thể bị hỏng hoặc không phải văn bản .docx "
                "thông thường. Hãy mở tệp bằng Word và lưu lại thành .docx."
            )
        ) from exc


def _check_archive(members: list[zipfile.ZipInfo], *, max_uncompressed: int) -> None:
    """Judge the zip from its directory alone (lib.uploads.check_archive): nothing is decompressed."""
    not_docx = DocxInputError(_("Tệp không phải là tệp Word (.docx)."))
    has_main_part = any(_MAIN_PART.fullmatch(member.filename) for member in members)
    try:
        check_archive(members, max_members=MAX_MEMBERS, max_uncompressed=max_uncompressed)
    except UnsafeArchive as exc:
        if exc.reason == "members":
            raise DocxInputError(
                _("Tệp Word có cấu trúc bất thường (quá nhiều thành phần), không thể xử lý.")
            ) from None
        if not has_main_part:
            raise not_docx from None
        if exc.reason == "encrypted":
            raise DocxInputError(encrypted_message()) from None
        if exc.reason == "macro":
            raise DocxInputError(macro_message()) from None
        raise DocxInputError(
            _("Tệp Word có dung lượng giải nén bất thường (nghi là tệp độc hại), không thể xử lý.")
        ) from None
    if not has_main_part:
        raise not_docx


# --- flattening a document into blocks ---------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One paragraph of the document, in reading order."""

    text: str
    style_name: str
    level: int | None  # 1-based heading or outline level; None for body text
    numbering_label: str | None  # what Word shows before an auto-numbered paragraph: "1.", "a)", "-"
    bold: bool  # every run with visible text is bold


_P, _R = qn("w:p"), qn("w:r")
_VAL = qn("w:val")
_TXBX_CONTENT = qn("w:txbxContent")
# Containers whose content is not reading text (properties) or no longer exists (deletions).
_SKIPPED = {qn(tag) for tag in ("w:sectPr", "w:tblPr", "w:tblGrid", "w:trPr", "w:tcPr", "w:del", "w:moveFrom")}
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_NAME = re.compile(r"heading\s+([1-9])", re.IGNORECASE)
_FALSE = {"0", "false", "off"}


def docx_blocks(document: Document) -> list[Block]:
    """Every paragraph of the body in reading order; tables are read row by row, cell by cell."""
    styles = _Styles(document)
    numbering = _Numbering(document, styles)
    blocks: list[Block] = []
    for p in _iter_paragraphs(document.element.body):
        style_id = _child_val(p, "w:pPr", "w:pStyle")
        style = styles.paragraph(style_id)
        numbering_label = numbering.label_for(p, style)
        blocks.append(
            Block(
                text=_paragraph_text(p),
                style_name=style.name,
                level=_level(p, style),
                numbering_label=numbering_label,
                bold=_paragraph_bold(p, style, styles),
            )
        )
    return blocks


def _iter_paragraphs(container):
    """Paragraphs of a block container in document order, descending into tables, content
    controls and text boxes (each text box once: its markup-compatibility fallback copy is skipped)."""
    for child in container:
        if child.tag in _SKIPPED or child.tag == _MC_FALLBACK:
            continue
        if child.tag == _P:
            yield child
            for box in _own_text_boxes(child):
                yield from _iter_paragraphs(box)
        else:
            yield from _iter_paragraphs(child)


def _own_text_boxes(p):
    for box in p.iter(_TXBX_CONTENT):
        if _nearest(box, _P) is p and not any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            yield box


def _nearest(element, tag):
    return next(element.iterancestors(tag), None)


def _own_runs(p):
    """The runs of this paragraph (not of a paragraph nested in a text box), deletions excluded."""
    for r in p.iter(_R):
        if _nearest(r, _P) is not p:
            continue
        if any(a.tag in _SKIPPED or a.tag == _MC_FALLBACK for a in r.iterancestors()):
            continue
        yield r


def _paragraph_text(p) -> str:
    # python-docx's Paragraph.text reads only direct runs and hyperlinks; tracked insertions,
    # simple fields, smart tags and inline content controls would be lost.
    return "".join(r.text for r in _own_runs(p))


def _child_val(element, *path: str) -> str | None:
    for tag in path:
        if element is None:
            return None
        element = element.find(qn(tag))
    return None if element is None else element.get(_VAL)


def _on(element) -> bool | None:
    """A toggle property such as ``w:b``: absent -> None, otherwise its value."""
    if element is None:
        return None
    return element.get(_VAL, "true").lower() not in _FALSE


@dataclass(frozen=True)
class _Style:
    name: str
    num_id: str | None
    ilvl: str | None
    outline: str | None  # w:outlineLvl, 0-based; "9" is body text
    bold: bool | None


class _Styles:
    """Style properties resolved along the ``basedOn`` chain, for paragraph, character and
    numbering styles."""

    def __init__(self, document: Document):
        root = document.styles.element
        self._elements = {}
        self._defaults = {}
        for el in root.findall(qn("w:style")):
            kind = el.get(qn("w:type"), "paragraph")
            self._elements[(kind, el.get(qn("w:styleId")))] = el
            if el.get(qn("w:default")) in ("1", "true", "on"):
                self._defaults[kind] = el.get(qn("w:styleId"))
        default_b = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:b')}")
        self.default_bold = bool(_on(default_b))
        self._cache = {}

    def paragraph(self, style_id: str | None) -> _Style:
        if ("paragraph", style_id) not in self._elements:
            style_id = self._defaults.get("paragraph")
        return self.get("paragraph", style_id)

    def get(self, kind: str, style_id: str | None, depth: int = 0) -> _Style:
        key = (kind, style_id)
        if key in self._cache:
            return self._cache[key]
        el = self._elements.get(key)
        if el is None or depth > 20:
            return _Style("", None, None, None, None)
        based_on = _child_val(el, "w:basedOn")
        parent = self.get(kind, based_on, depth + 1) if based_on else None
        ppr = el.find(qn("w:pPr"))
        num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id = _child_val(num_pr, "w:numId") if num_pr is not None else None
        ilvl = _child_val(num_pr, "w:ilvl") if num_pr is not None else None
        outline = _child_val(ppr, "w:outlineLvl") if ppr is not None else None
        bold = _on(el.find(f"{qn('w:rPr')}/{qn('w:b')}"))
        if parent is not None:
            num_id = num_id if num_id is not None else parent.num_id
            ilvl = ilvl if ilvl is not None else parent.ilvl
            outline = outline if outline is not None else parent.outline
            bold = bold if bold is not None else parent.bold
        # Word stores built-in names in lower case ("heading 1") and displays them capitalised.
        name = BabelFish.internal2ui(_child_val(el, "w:name") or style_id or "")
        style = _Style(name, num_id, ilvl, outline, bold)
        self._cache[key] = style
        return style


def _level(p, style: _Style) -> int | None:
    outline = _child_val(p, "w:pPr", "w:outlineLvl") or style.outline
    if outline is not None and outline.isdigit() and int(outline) < 9:
        return int(outline) + 1
    match = _HEADING_NAME.fullmatch(style.name)
    return int(match.group(1)) if match else None


def _paragraph_bold(p, style: _Style, styles: _Styles) -> bool:
    visible = [r for r in _own_runs(p) if r.text.strip()]
    if not visible:
        return False
    for r in visible:
        bold = _on(r.find(f"{qn('w:rPr')}/{qn('w:b')}"))
        if bold is None:
            bold = styles.get("character", _child_val(r, "w:rPr", "w:rStyle")).bold
        if bold is None:
            bold = style.bold
        if bold is None:
            bold = styles.default_bold
        if not bold:
            return False
    return True


# --- Word's automatic numbering ----------------------------------------------------------------


class _Level:
    def __init__(self, lvl):
        self.fmt = _child_val(lvl, "w:numFmt") or "decimal"
        self.text = _child_val(lvl, "w:lvlText")
        start = _child_val(lvl, "w:start")
        self.start = int(start) if start and start.lstrip("-").isdigit() else (0 if self.fmt == "decimalZero" else 1)
        restart = _child_val(lvl, "w:lvlRestart")
        self.restart = int(restart) if restart and restart.isdigit() else None
        self.legal = bool(_on(lvl.find(qn("w:isLgl"))))


class _Numbering:
    """Counts Word's automatic numbering in document order and renders each label.

    As Word does, paragraphs of different ``w:num`` instances that share one ``w:abstractNum``
    continue the same count, unless the instance restarts a level with ``w:startOverride``.
    """

    def __init__(self, document: Document, styles: _Styles):
        self._styles = styles
        self._abstracts: dict[str, dict[int, _Level]] = {}
        self._style_links: dict[str, str] = {}  # abstractNumId -> numStyleLink style id
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._seen_nums: set[str] = set()
        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            return
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            self._abstracts[abstract_id] = {
                int(lvl.get(qn("w:ilvl"), "0")): _Level(lvl) for lvl in abstract.findall(qn("w:lvl"))
            }
            link = _child_val(abstract, "w:numStyleLink")
            if link:
                self._style_links[abstract_id] = link
        for num in root.findall(qn("w:num")):
            starts, levels = {}, {}
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = _child_val(override, "w:startOverride")
                if start and start.isdigit():
                    starts[ilvl] = int(start)
                lvl = override.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _Level(lvl)
            self._nums[num.get(qn("w:numId"))] = (_child_val(num, "w:abstractNumId"), starts, levels)

    def label_for(self, p, style: _Style) -> str | None:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = _child_val(num_pr, "w:numId") if num_pr is not None else None
        ilvl = _child_val(num_pr, "w:ilvl") if num_pr is not None else None
        num_id = num_id if num_id is not None else style.num_id
        ilvl = ilvl if ilvl is not None else style.ilvl
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        level = int(ilvl) if ilvl and ilvl.isdigit() and int(ilvl) < 9 else 0
        abstract_id, starts, levels = self._resolve(num_id)
        if abstract_id not in self._abstracts:
            return None
        defs = {**self._abstracts[abstract_id], **levels}
        if level not in defs:
            return None
        counters = self._counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self._seen_nums:
            self._seen_nums.add(num_id)
            for ilvl_override, start in starts.items():
                counters[ilvl_override] = start - 1
        counters[level] = defs[level].start if counters[level] is None else counters[level] + 1
        for deeper in range(level + 1, 9):
            restart = defs[deeper].restart if deeper in defs else None
            if restart is None or (restart != 0 and level < restart):
                counters[deeper] = None
        return self._render(defs, counters, level)

    def _resolve(self, num_id: str) -> tuple[str | None, dict[int, int], dict[int, _Level]]:
        """Follow ``w:numStyleLink`` (a list defined by a numbering style) to the real definition."""
        abstract_id, starts, levels = self._nums[num_id]
        for _hop in range(5):
            link = self._style_links.get(abstract_id)
            if link is None:
                break
            linked_num = self._styles.get("numbering", link).num_id
            if linked_num not in self._nums:
                break
            abstract_id = self._nums[linked_num][0]
        return abstract_id, starts, levels

    @staticmethod
    def _render(defs: dict[int, _Level], counters: list[int | None], level: int) -> str | None:
        current = defs[level]
        if current.fmt == "bullet":
            return "-"
        if current.text is None:
            return None

        def number(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lvl = defs.get(k)
            if lvl is None:
                return ""
            value = counters[k] if counters[k] is not None else lvl.start
            return _format_number(value, "decimal" if current.legal else lvl.fmt)

        label = re.sub(r"%([1-9])", number, current.text).strip()
        return label or None


def _format_number(value: int, fmt: str) -> str:
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and value > 0:
        letters = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)  # Z, AA, BB, ...
        return letters if fmt == "upperLetter" else letters.lower()
    return str(value)


_ROMAN_VALUES = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def _roman(value: int) -> str:
    out = []
    for amount, numeral in _ROMAN_VALUES:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)
