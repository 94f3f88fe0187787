"""Split a Word report a committee already wrote into the sections of the plan's outline.

The file is read with plans.docx_input (safe limits, Word's automatic numbering as labels). A
paragraph that reads like an outline item's heading (same title, with or without its label,
"I."/"1."/"-", a trailing colon, different case) opens that section; the paragraphs after it go
there. What comes before the first matched heading goes to the "not placed" area: it is never
dropped. Headings are searched in outline order from the last match on, so two items with the
same title ("Thuận lợi" under I. and under II.) are told apart by where they come.

The officer then sees every piece with the section it went to, can move any piece (or leave one
out on purpose), and confirms; services_submissions.sections_import writes the sections.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from plans.docx_input import DocxInputError, docx_blocks, open_docx

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


def split_paragraphs(paragraphs: list[str], items) -> SplitResult:
    """`paragraphs` in document order (labels included); `items` the outline in reading order."""
    titles = [(item.pk, normalise(item.title)) for item in items]
    pieces: list[Piece] = []
    current: int | None = None
    cursor = 0
    used: set[int] = set()
    for text in paragraphs:
        text = text.strip()
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
        pieces.append(Piece(index=len(pieces), text=text, target=current))
    return SplitResult(pieces=pieces, found=used)


def docx_paragraphs(data: bytes) -> list[str]:
    try:
        document = open_docx(data)
    except DocxInputError as exc:
        raise WordImportError(str(exc)) from None
    lines = []
    for block in docx_blocks(document):
        for i, line in enumerate(block.text.split("\n")):
            if i == 0 and block.numbering_label and block.numbering_label != "-":
                line = f"{block.numbering_label} {line}"
            lines.append(line)
    if len(lines) > MAX_PIECES:
        raise WordImportError(_("Tệp có quá nhiều đoạn văn (hơn %(n)d), không thể chia mục.") % {"n": MAX_PIECES})
    if not any(line.strip() for line in lines):
        raise WordImportError(_("Tệp Word không có nội dung chữ."))
    return lines


def split_docx(data: bytes, items) -> SplitResult:
    return split_paragraphs(docx_paragraphs(data), items)


# --- the confirm form carries the pieces and the officer's choices -----------------------------
def pieces_from_post(post) -> list[Piece]:
    try:
        count = min(int(post.get("piece_count", 0)), MAX_PIECES)
    except ValueError:
        count = 0
    pieces = []
    for i in range(count):
        text = (post.get(f"piece-{i}") or "").strip()
        target = post.get(f"target-{i}", UNPLACED)
        pieces.append(Piece(index=i, text=text, target=int(target) if target.isdigit() else None, choice=target))
    return pieces


def placements_from_post(post, pieces: list[Piece], items) -> tuple[dict[int, list[str]], list[Piece]]:
    """({item id: [paragraph, ...]}, pieces still not placed). A piece marked DROP is left out."""
    valid = {item.pk for item in items}
    placements: dict[int, list[str]] = {}
    unplaced = []
    for piece in pieces:
        if not piece.text:
            continue
        if piece.choice == DROP:
            continue
        if piece.target in valid:
            placements.setdefault(piece.target, []).append(piece.text)
        else:
            piece.target = None
            unplaced.append(piece)
    return placements, unplaced
