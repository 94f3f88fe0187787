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

import lxml.html
from django.utils.html import escape
from django.utils.translation import gettext as _
from docx.oxml.ns import qn

# _iter_paragraphs/_own_runs walk the paragraphs exactly as docx_blocks does, so that each block
# can be paired with its runs (bold and italic are not part of a Block).
from lib.docx_reader import DocxInputError, _iter_paragraphs, _own_runs, docx_blocks, open_docx
from lib.params import parse_id
from lib.richtext import html_to_text, sanitize_html, text_to_html
from lib.vnsort import fold_name

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
    part: str = ""  # HEADER or CLOSING: a line of the document's header or signature block, left out


HEADER = "header"
CLOSING = "closing"


@dataclass
class Line:
    """One line of the Word file: its text (label included) and the same as safe HTML."""

    text: str
    html: str
    bullet: bool = False  # a Word bulleted paragraph (its "-" is not part of the text)


@dataclass
class SplitResult:
    pieces: list[Piece]
    found: set[int]  # the outline items whose heading was found in the file

    @property
    def unplaced(self) -> list[Piece]:
        return [p for p in self.pieces if p.target is None and p.choice != DROP]

    @property
    def left_out(self) -> list[Piece]:
        """The header and closing blocks of the official document, left out of the sections."""
        return [p for p in self.pieces if p.part]


def normalise(text: str) -> str:
    """Lower case, NFC, no label in front, no punctuation, single spaces."""
    text = unicodedata.normalize("NFC", text or "").strip()
    text = _LABEL.sub("", text, count=1)
    text = _PUNCT.sub(" ", text.lower())
    return " ".join(text.split())


def _key(text: str) -> str:
    """normalise, then the same for old and new accent placement (Hoà/Hòa) and NFC/NFD."""
    return fold_name(normalise(text))


def _matches(block_norm: str, title_norm: str) -> bool:
    if not block_norm or not title_norm:
        return False
    if block_norm == title_norm:
        return True
    if abs(len(block_norm) - len(title_norm)) > max(6, len(title_norm) // 8):
        return False
    return difflib.SequenceMatcher(a=block_norm, b=title_norm, autojunk=False).ratio() >= SIMILARITY


# --- the header and the closing block of an official document (Decree 30) ----------------------
_DASH_LINE = re.compile(r"^[\s\-–—_*=.~]+$")
_SYMBOL = re.compile(r"^\s*(?:Số|So)\s*:", re.I)
_DATE_LINE = re.compile(r"^[^,]{1,80},\s*ngày\b.{0,12}\btháng\b.{0,12}\bnăm\b", re.I)
_CLOSING_START = re.compile(r"^\s*(?:Nơi\s+nhận\b|(?:TM|T/M|KT|TL|TUQ|Q)\.\s+\S)", re.I)
_SIGNATURE = re.compile(r"^\s*\((?:đã\s+ký|ký)\b[^)]*\)\s*$", re.I)
_HEADER_KEYS = tuple(_key(t) for t in ("Cộng hòa xã hội chủ nghĩa Việt Nam", "Độc lập - Tự do - Hạnh phúc", "Kính gửi"))
_POSITIONS = {_key(t) for t in ("Chủ tịch", "Phó Chủ tịch", "Trưởng ban", "Phó Trưởng ban")}
_REPORT = _key("Báo cáo")
_BODY_OPENERS = tuple(_key(t) for t in ("Thực hiện", "Căn cứ", "Theo", "Nhằm", "Kính gửi", "Trên cơ sở"))
MAX_SUMMARY_LINES = 3  # the trích yếu under "BÁO CÁO": one to three short lines


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _header_line(text: str) -> bool:
    """Quốc hiệu, tiêu ngữ, the issuing committee (capitals), the number, the place and date."""
    key = _key(text)
    if _DASH_LINE.match(text) or _SYMBOL.match(text) or _DATE_LINE.match(text):
        return True
    if any(key.startswith(k) for k in _HEADER_KEYS):
        return True
    if key.startswith(_REPORT) and _is_upper(" ".join(text.split()[:2])):
        return len(text) <= 200  # "BÁO CÁO Sơ kết ...": the kind and the trích yếu on one line
    return _is_upper(text) and len(text) <= 120


def _closing_start(text: str) -> bool:
    """"Nơi nhận:", "TM. BAN THƯỜNG TRỰC", "KT. CHỦ TỊCH", a position alone in capitals, "(Đã ký)"."""
    if _CLOSING_START.match(text) or _SIGNATURE.match(text):
        return True
    return _is_upper(text) and _key(text) in _POSITIONS


def _summary_line(text: str) -> bool:
    """A line of the trích yếu after "BÁO CÁO": short, not a sentence of the report's opening."""
    key = _key(text)
    return len(text) <= 200 and not text.rstrip().endswith(":") and not key.startswith(_BODY_OPENERS)


# --- sub-items written with their text: "- Hình thức: hội nghị trực tiếp ..." -------------------
_SUB_LABEL = re.compile(r"^\s*[-–—•+*]\s*")
_CLAUSE_END = re.compile(r"[(:.;]")
MIN_CLAUSE_WORDS = 4  # a title's first clause this long, at the start of a line, names the item


@dataclass
class _Title:
    pk: int
    parent_id: int | None
    key: str  # the whole title
    clause: str  # its first clause, up to "(" ":" "." or ";"
    sub: bool  # a "-" or "+" item

    @property
    def named_by_clause(self) -> bool:
        """A long title whose first clause alone, typed as a heading, names the item."""
        return self.clause != self.key and len(self.clause.split()) >= MIN_CLAUSE_WORDS


def _titles(items) -> list[_Title]:
    result = []
    for item in items:
        clause = _CLAUSE_END.split(item.title or "", maxsplit=1)[0]
        label = (item.label or "").strip()
        result.append(
            _Title(
                pk=item.pk,
                parent_id=item.parent_id,
                key=_key(item.title),
                clause=_key(clause),
                sub=label[:1] in ("-", "–", "+", "•", "*"),
            )
        )
    return result


def _lead_match(line: Line, candidates: list[_Title]) -> tuple[int, _Title] | None:
    """A "- …" or "+ …" line that starts with a sub-item's title: (characters of the line's text
    that are the title and its colon, to be left out; 0 when the whole line is kept), the item."""
    text = line.text
    label = _SUB_LABEL.match(text)
    if not label and not line.bullet:
        return None
    start = label.end() if label else 0
    head, colon, _rest = text[start:].partition(":")
    head_key = _key(head) if colon and len(head) <= 300 else ""
    whole = _key(text[start:])
    for title in candidates:
        if head_key and (_matches(head_key, title.key) or _matches(head_key, title.clause)):
            return start + len(head) + 1, title
        for prefix in (title.key, title.clause):
            if len(prefix.split()) >= MIN_CLAUSE_WORDS and whole.startswith(prefix + " "):
                return 0, title
    return None


def _drop_leading_chars(html: str, count: int) -> str:
    """`html` without the first `count` characters of its text (the title already in the heading),
    what is left starting with a capital ("- Hình thức: tổ chức…" gives "Tổ chức…")."""
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    left = count
    for node in root.iter():
        for attr in ("text", "tail"):
            if node is root and attr == "tail":
                continue
            value = getattr(node, attr)
            if not value or left <= 0:
                continue
            cut = min(left, len(value))
            left -= cut
            rest = value[cut:]
            if left <= 0:  # what follows the title now opens the paragraph: a capital, as written
                rest = rest.lstrip()
                rest = rest[:1].upper() + rest[1:]
            setattr(node, attr, rest)
        if left <= 0:
            break
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return sanitize_html(inner)


def split_paragraphs(paragraphs: list[str | Line], items) -> SplitResult:
    """`paragraphs` in document order (labels included); `items` the outline in reading order.

    Before the first heading found, the lines of the document's header (quốc hiệu, tiêu ngữ, the
    committee, số, the place and date, "BÁO CÁO" and its trích yếu) are marked HEADER; from
    "Nơi nhận:" or "TM. BAN THƯỜNG TRỰC" on, every line (the recipients, the position, the
    signer) is marked CLOSING. Both are left out (choice DROP): the officer may still place one.
    A "- …" or "+ …" line starting with the title of a sub-item of the current section goes to
    that sub-item, without the title when a colon follows it."""
    items = list(items)
    titles = _titles(items)
    parent_of = {t.pk: t.parent_id for t in titles}
    pieces: list[Piece] = []
    current: int | None = None
    cursor = 0
    used: set[int] = set()
    closing = False
    summary_left = 0  # lines of trích yếu still expected after "BÁO CÁO"

    def add(text: str, html: str, target: int | None, part: str = "") -> None:
        pieces.append(
            Piece(
                index=len(pieces),
                text=text,
                target=None if part else target,
                choice=DROP if part else "",
                html=html or text_to_html(text),
                part=part,
            )
        )

    for line in paragraphs:
        if isinstance(line, str):
            line = Line(text=line, html=text_to_html(line))
        text = line.text.strip()
        if not text:
            continue
        line = Line(text=text, html=line.html, bullet=line.bullet)
        if closing or _closing_start(text):
            closing = True
            add(text, line.html, None, CLOSING)
            continue
        norm = _key(text)
        found = None
        # Forward from the last heading first, then anywhere not used yet.
        order = list(range(cursor, len(titles))) + list(range(0, cursor))
        for i in order:
            title = titles[i]
            if title.pk in used:
                continue
            if _matches(norm, title.key) or (title.named_by_clause and _matches(norm, title.clause)):
                found = i
                break
        if found is not None:
            pk = titles[found].pk
            used.add(pk)
            cursor = found + 1
            current = pk
            continue
        if current is None:
            if summary_left and _summary_line(text):
                summary_left -= 1
                add(text, line.html, None, HEADER)
                continue
            summary_left = 0
            if _header_line(text):
                if norm.startswith(_REPORT):
                    summary_left = MAX_SUMMARY_LINES
                add(text, line.html, None, HEADER)
                continue
        else:
            path = {current}
            walker = parent_of.get(current)
            while walker is not None:
                path.add(walker)
                walker = parent_of.get(walker)
            candidates = [t for t in titles if t.sub and t.parent_id in path and t.pk not in used]
            lead = _lead_match(line, candidates)
            if lead is not None:
                cut, title = lead
                used.add(title.pk)
                cursor = titles.index(title) + 1
                current = title.pk
                rest = text[cut:].strip() if cut else text
                rest = rest[:1].upper() + rest[1:]  # as _drop_leading_chars does to the html
                if rest:
                    html = line.html or text_to_html(text)
                    add(rest, _drop_leading_chars(html, cut) if cut else html, current)
                continue
        add(text, line.html, current)
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
        result.append(Line(text=text, html=sanitize_html(html) if text.strip() else "", bullet=bullet))
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
        part = post.get(f"piece-part-{i}", "")
        pieces.append(
            Piece(
                index=i,
                text=text,
                target=parse_id(target),
                choice=target,
                html=html,
                part=part if part in (HEADER, CLOSING) else "",
            )
        )
    return pieces


def by_part(pieces: list[Piece]) -> dict[str, list[Piece]]:
    """The pieces as the page shows them: the header block, the body, the closing block."""
    return {
        "header_pieces": [p for p in pieces if p.part == HEADER],
        "body_pieces": [p for p in pieces if not p.part],
        "closing_pieces": [p for p in pieces if p.part == CLOSING],
    }


def placements_from_post(post, pieces: list[Piece], items) -> tuple[dict[int, list[str]], list[Piece]]:
    """({item id: [safe HTML of a paragraph, ...]}, pieces still not placed). A piece marked DROP is
    left out, and so is every piece not placed when the officer chose "Bỏ tất cả" (drop_unplaced)."""
    valid = {item.pk for item in items}
    drop_unplaced = bool(post.get("drop_unplaced"))
    placements: dict[int, list[str]] = {}
    unplaced = []
    for piece in pieces:
        if not piece.text:
            continue
        if piece.choice == DROP or (drop_unplaced and piece.target not in valid):
            continue
        if piece.target in valid:
            placements.setdefault(piece.target, []).append(piece.html or text_to_html(piece.text))
        else:
            piece.target = None
            unplaced.append(piece)
    return placements, unplaced
