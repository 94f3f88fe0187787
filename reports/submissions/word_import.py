"""Split a Word report a committee already wrote into the sections of the plan's outline.

The file is read with lib.docx_reader (safe limits, Word's automatic numbering as labels). A
paragraph that reads like an outline item's heading (same title, with or without its label,
"I."/"1."/"-", a trailing colon, different case) opens that section; the paragraphs after it go
there. What comes before the first matched heading goes to the "not placed" area: it is never
dropped. Headings are searched in outline order from the last match on, so two items with the
same title ("Thuận lợi" under I. and under II.) are told apart by where they come.

Each paragraph keeps its bold and italic runs (as <strong>/<em>), and Word's bulleted paragraphs
become list items; numbered paragraphs keep their number as text.

The officer then sees every piece with the section it went to, can move any piece (or leave one
out on purpose), and confirms; services_submissions.sections_import writes the sections.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext as _
from docx.oxml.ns import qn

# _iter_paragraphs/_own_runs walk the paragraphs exactly as docx_blocks does, so that each block
# can be paired with its runs (bold and italic are not part of a Block).
from lib.docx_reader import DocxInputError, _iter_paragraphs, _own_runs, docx_blocks, open_docx
from lib.params import parse_id
from lib.richtext import html_to_text, sanitize_html, text_to_html

UNPLACED = "unplaced"
DROP = "drop"
MAX_PIECES = 5000
SIMILARITY = 0.88  # headings retyped by hand differ by a letter or two

_LABEL = re.compile(r"^\s*(?:[IVXLC]+\s?[.:)]|\d{1,2}(?:\.\d{1,2})*[.:)]?|[a-zđ][.)]|\(\w{1,2}\)\.?|[-–—•+*])\s*", re.I)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


class WordImportError(ValueError):
    """The file cannot be read; the message is for the user."""


@dataclass
class Piece:
    index: int
    text: str
    target: int | None  # an OutlineItem id, or None when not placed
    choice: str = ""  # what the officer chose on the confirm form: an item id, UNPLACED or DROP
    html: str = ""  # the paragraph as safe HTML (bold, italic, a bullet item)


@dataclass
class Line:
    """One line of the Word file: its text (label included) and the same as safe HTML."""

    text: str
    html: str


@dataclass
class SplitResult:
    pieces: list[Piece]
    found: set[int]  # the outline items whose heading was found in the file

    @property
    def unplaced(self) -> list[Piece]:
        return [p for p in self.pieces if p.target is None]


def normalise(text: str) -> str:
    """Lower case, NFC, no label in front, no punctuation, single spaces."""
    text = unicodedata.normalize("NFC", text or "").strip()
    text = _LABEL.sub("", text, count=1)
    text = _PUNCT.sub(" ", text.lower())
    return " ".join(text.split())


def _matches(block_norm: str, title_norm: str) -> bool:
    if not block_norm or not title_norm:
        return False
    if block_norm == title_norm:
        return True
    if abs(len(block_norm) - len(title_norm)) > max(6, len(title_norm) // 8):
        return False
    return difflib.SequenceMatcher(a=block_norm, b=title_norm, autojunk=False).ratio() >= SIMILARITY


def split_paragraphs(paragraphs: list[str | Line], items) -> SplitResult:
    """`paragraphs` in document order (labels included); `items` the outline in reading order."""
    titles = [(item.pk, normalise(item.title)) for item in items]
    pieces: list[Piece] = []
    current: int | None = None
    cursor = 0
    used: set[int] = set()
    for line in paragraphs:
        if isinstance(line, str):
            line = Line(text=line, html=text_to_html(line))
        text = line.text.strip()
        if not text:
            continue
        norm = normalise(text)
        found = None
        # Forward from the last heading first, then anywhere not used yet.
        order = list(range(cursor, len(titles))) + list(range(0, cursor))
        for i in order:
            pk, title = titles[i]
            if pk in used:
                continue
            if _matches(norm, title):
                found = i
                break
        if found is not None:
            pk = titles[found][0]
            used.add(pk)
            cursor = found + 1
            current = pk
            continue
        pieces.append(Piece(index=len(pieces), text=text, target=current, html=line.html or text_to_html(text)))
    return SplitResult(pieces=pieces, found=used)


def _on(rpr, tag: str) -> bool | None:
    """A toggle such as w:b in a run's properties: absent -> None, otherwise its value."""
    if rpr is None:
        return None
    element = rpr.find(qn(tag))
    if element is None:
        return None
    return element.get(qn("w:val"), "true").lower() not in {"0", "false", "off"}


class _Formats:
    """Bold and italic of a run as Word shows them: the run's own setting, then its character
    style, then the paragraph's style (each following its basedOn chain), then the defaults."""

    def __init__(self, document):
        self._styles = {}
        root = document.styles.element
        for style in root.findall(qn("w:style")):
            self._styles[(style.get(qn("w:type")), style.get(qn("w:styleId")))] = style
        defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self._default = {tag: bool(_on(defaults, tag)) for tag in ("w:b", "w:i")}
        self._default_paragraph = next(
            (sid for (kind, sid), el in self._styles.items() if kind == "paragraph" and _on(el, "w:default")), None
        )

    def _from_style(self, kind: str, style_id: str | None, tag: str) -> bool | None:
        for _hop in range(10):
            style = self._styles.get((kind, style_id)) if style_id else None
            if style is None:
                return None
            value = _on(style.find(qn("w:rPr")), tag)
            if value is not None:
                return value
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return None

    def run(self, r, paragraph_style: str | None, tag: str) -> bool:
        rpr = r.find(qn("w:rPr"))
        value = _on(rpr, tag)
        if value is None and rpr is not None:
            rstyle = rpr.find(qn("w:rStyle"))
            if rstyle is not None:
                value = self._from_style("character", rstyle.get(qn("w:val")), tag)
        if value is None:
            value = self._from_style("paragraph", paragraph_style or self._default_paragraph, tag)
        return self._default[tag] if value is None else value


def _segments_html(segments: list[tuple[str, bool, bool]]) -> str:
    out = []
    for text, bold, italic in segments:
        piece = escape(text)
        if italic:
            piece = f"<em>{piece}</em>"
        if bold:
            piece = f"<strong>{piece}</strong>"
        out.append(piece)
    return "".join(out)


def _block_lines(block, p, formats: _Formats) -> list[Line]:
    """The lines of one paragraph (a manual line break starts a new one), with their formatting."""
    pstyle_el = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    pstyle = pstyle_el.get(qn("w:val")) if pstyle_el is not None else None
    lines: list[list[tuple[str, bool, bool]]] = [[]]
    for r in _own_runs(p):
        text = r.text
        if not text:
            continue
        bold, italic = formats.run(r, pstyle, "w:b"), formats.run(r, pstyle, "w:i")
        for i, part in enumerate(text.split("\n")):
            if i:
                lines.append([])
            if part:
                segments = lines[-1]
                if segments and segments[-1][1:] == (bold, italic):
                    segments[-1] = (segments[-1][0] + part, bold, italic)
                else:
                    segments.append((part, bold, italic))
    bullet = block.numbering_label == "-"
    result = []
    for i, segments in enumerate(lines):
        # No spaces at either end, as the plain text is stripped too.
        while segments and not segments[0][0].strip():
            segments.pop(0)
        while segments and not segments[-1][0].strip():
            segments.pop()
        if segments:
            segments[0] = (segments[0][0].lstrip(), *segments[0][1:])
            segments[-1] = (segments[-1][0].rstrip(), *segments[-1][1:])
        text = "".join(s[0] for s in segments)
        inner = _segments_html(segments)
        if i == 0 and block.numbering_label and not bullet:
            text = f"{block.numbering_label} {text}"
            inner = f"{escape(block.numbering_label)} {inner}"
        html = f"<ul><li>{inner}</li></ul>" if bullet else f"<p>{inner}</p>"
        result.append(Line(text=text, html=sanitize_html(html) if text.strip() else ""))
    return result


def docx_lines(data: bytes) -> list[Line]:
    try:
        document = open_docx(data)
    except DocxInputError as exc:
        raise WordImportError(str(exc)) from None
    blocks = docx_blocks(document)
    paragraphs = list(_iter_paragraphs(document.element.body))
    formats = _Formats(document)
    lines: list[Line] = []
    if len(paragraphs) == len(blocks):
        for block, p in zip(blocks, paragraphs, strict=True):
            lines.extend(_block_lines(block, p, formats))
    else:  # cannot pair blocks with paragraphs: plain text, which is never wrong
        for block in blocks:
            for i, line in enumerate(block.text.split("\n")):
                if i == 0 and block.numbering_label and block.numbering_label != "-":
                    line = f"{block.numbering_label} {line}"
                lines.append(Line(text=line, html=text_to_html(line)))
    if len(lines) > MAX_PIECES:
        raise WordImportError(_("Tệp có quá nhiều đoạn văn (hơn %(n)d), không thể chia mục.") % {"n": MAX_PIECES})
    if not any(line.text.strip() for line in lines):
        raise WordImportError(_("Tệp Word không có nội dung chữ."))
    return lines


def docx_paragraphs(data: bytes) -> list[str]:
    return [line.text for line in docx_lines(data)]


def split_docx(data: bytes, items) -> SplitResult:
    return split_paragraphs(docx_lines(data), items)


# --- the confirm form carries the pieces and the officer's choices -----------------------------
def pieces_from_post(post) -> list[Piece]:
    try:
        count = min(int(post.get("piece_count", 0)), MAX_PIECES)
    except ValueError:
        count = 0
    pieces = []
    for i in range(count):
        text = (post.get(f"piece-{i}") or "").strip()
        # The formatted copy of the piece comes back from the page: cleaned again like any input.
        html = sanitize_html(post.get(f"piece-html-{i}") or "")
        if html and html_to_text(html).strip():
            text = text or html_to_text(html)
        else:
            html = text_to_html(text)
        target = post.get(f"target-{i}", UNPLACED)
        pieces.append(
            Piece(index=i, text=text, target=parse_id(target), choice=target, html=html)
        )
    return pieces


def placements_from_post(post, pieces: list[Piece], items) -> tuple[dict[int, list[str]], list[Piece]]:
    """({item id: [safe HTML of a paragraph, ...]}, pieces still not placed). A piece marked DROP is left out."""
    valid = {item.pk for item in items}
    placements: dict[int, list[str]] = {}
    unplaced = []
    for piece in pieces:
        if not piece.text:
            continue
        if piece.choice == DROP:
            continue
        if piece.target in valid:
            placements.setdefault(piece.target, []).append(piece.html or text_to_html(piece.text))
        else:
            piece.target = None
            unplaced.append(piece)
    return placements, unplaced
