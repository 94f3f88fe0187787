"""Reading a report outline (đề cương báo cáo) from pasted text or a Word file into a tree.

An outline is numbered "I." / "1." / "1.1." / "a)" / "(1)" / "-" / "+", but committees do not all
nest these the same way: one outline starts at "1." with "a)" under it, another puts "-" straight
under "I.". So the tree is not built from a fixed rank of labels. A stack of the label kinds that are
open decides: a label kind already open is a sibling of that item (closing everything deeper), a kind
not yet open becomes a child of the most recent item, unless the outline has already shown that kind
to be the parent of the one on top (an "1." after an introductory "-" directly under "II." goes back
up beside where "1." sat before).

Text that is not an item is kept: before the first item it is the title (``title_lines``), after it
the guidance of the most recent item. Nothing of the source is dropped; a lone page number at the
very end is reported in ``warnings`` instead of being put in the tree.

Pure Python: no models, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lib.docx_reader import docx_blocks, open_docx


class OutlineParseError(ValueError):
    """The content has no recognisable outline; the message is for the user."""


@dataclass
class ParsedItem:
    label: str  # as written: "I.", "1.", "1.1.", "a)", "-", "+", "(1)." or ""
    title: str
    guidance: str = ""  # text under the heading that is not itself an item
    children: list[ParsedItem] = field(default_factory=list)
    level: int = 0  # depth in the tree: 0 for the outermost items


@dataclass
class ParsedOutline:
    title_lines: list[str] = field(default_factory=list)  # the lines before the first item
    items: list[ParsedItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def walk(self) -> Iterator[ParsedItem]:
        """Every item, depth first, in document order."""
        stack = list(reversed(self.items))
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))


# --- labels ------------------------------------------------------------------------------------

_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_ROMANS += ["X" + r for r in _ROMANS[:9]] + ["XX"]
_ROMAN_VALUE = {numeral: value for value, numeral in enumerate(_ROMANS, start=1)}
_ROMAN = "|".join(sorted(_ROMANS, key=len, reverse=True))
_LETTERS = "a-zđ"

# (kind, pattern). The first match wins; a kind is what must match for two items to be siblings.
# After the label comes white space or the end; "1.Mục" and "I.MỤC" (no space, a letter follows)
# are accepted for Roman and decimal labels, never after a digit ("1.500 người" is text).
_TIGHT = r"(?=\s|$|[^\W\d_])"
_LABELS = [
    ("paren", re.compile(rf"\((?P<n>\d{{1,2}}|[{_LETTERS}])\)\.?(?=\s|$)")),
    ("dotted", re.compile(r"(?P<n>\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|$)")),
    ("roman", re.compile(rf"(?P<n>{_ROMAN})\s?[.:)]{_TIGHT}")),
    ("decimal", re.compile(rf"(?P<n>\d{{1,2}})[.:]{_TIGHT}")),
    ("decimal)", re.compile(rf"(?P<n>\d{{1,2}})\){_TIGHT}")),
    ("upper", re.compile(r"(?P<n>[A-ZĐ])[.)](?=\s|$)")),
    ("letter", re.compile(rf"(?P<n>[{_LETTERS}])[.)](?=\s|$)")),
    ("dash", re.compile(r"[-–—•](?=\s|$|[^\W\d_])")),
    ("bullet", re.compile(r"[◦○▪■□●➢►✓·*](?=\s)")),
    ("plus", re.compile(r"\+(?=\s|$|[^\W\d_])")),
]
# A Roman numeral with no punctuation counts only before a title in capitals: "V CÁC KIẾN NGHỊ".
_BARE_ROMAN = re.compile(rf"(?P<n>{_ROMAN})(?=\s+[^a-zđ\W\d_])")
_PAGE_NUMBER = re.compile(r"\d{1,3}")
_MARKDOWN_HEADING = re.compile(r"#{1,6}(?=\s|$)")


@dataclass
class _Label:
    text: str
    kind: tuple
    value: int | None  # the number, when the label counts (for the gap warning)


def _match_label(line: str) -> tuple[_Label, str] | None:
    """Split a line into its label and the rest, or None when the line is not an item."""
    for kind, pattern in _LABELS:
        match = pattern.match(line)
        if match:
            return _make_label(kind, match), line[match.end() :]
    match = _BARE_ROMAN.match(line)
    if match and line[match.end() :].strip().upper() == line[match.end() :].strip():
        return _make_label("roman", match), line[match.end() :]
    return None


def _make_label(kind: str, match: re.Match) -> _Label:
    text = match.group(0)
    number = match.groupdict().get("n")
    if kind == "dotted":
        parts = number.split(".")
        return _Label(text, (kind, len(parts)), int(parts[-1]))
    if kind == "paren":
        return _Label(text, (kind, number.isdigit()), int(number) if number.isdigit() else None)
    if kind == "roman":
        return _Label(text, (kind,), _ROMAN_VALUE[number])
    # Letters are not checked for gaps: Vietnamese lists run a, b, c, d, đ, e, g but many skip đ.
    return _Label(text, (kind,), int(number) if number and number.isdigit() else None)


def _label_from_word(numbering_label: str) -> _Label:
    """The kind of a label produced by Word's automatic numbering ("1.", "a)", "-", "Điều 1.")."""
    found = _match_label(numbering_label)
    if found and not found[1].strip():
        return found[0]
    return _Label(numbering_label, ("word", re.sub(r"\d+", "9", numbering_label)), None)


def _clean(line: str) -> str:
    """Strip markdown decoration (leading #'s, ** bold markers) and surrounding white space."""
    line = line.replace("\ufeff", "").strip()
    heading = _MARKDOWN_HEADING.match(line)
    if heading:
        line = line[heading.end() :]
    return line.replace("**", "").strip()


def _title(rest: str) -> str:
    title = rest.strip()
    return title[:-1].rstrip() if title.endswith(":") else title


# --- building the tree -------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    word_label: str | None = None  # the label Word's numbering shows, if any


class _TreeBuilder:
    def __init__(self):
        self.outline = ParsedOutline()
        self._stack: list[tuple[tuple, ParsedItem]] = []
        self._parent_of: set[tuple[tuple, tuple]] = set()  # (outer kind, inner kind) seen so far
        self._last: dict[tuple[int, tuple], tuple[_Label, ParsedItem]] = {}
        self._current: ParsedItem | None = None

    def add_item(self, label: _Label, title: str) -> None:
        kinds = [kind for kind, _item in self._stack]
        if label.kind in kinds:
            del self._stack[kinds.index(label.kind) :]
        else:
            while self._stack and self._is_outer(label.kind, self._stack[-1][0]):
                self._stack.pop()
        parent = self._stack[-1][1] if self._stack else None
        item = ParsedItem(label=label.text.strip(), title=title, level=len(self._stack))
        (parent.children if parent else self.outline.items).append(item)
        self._check_sequence(parent, label, item)
        self._parent_of.update((kind, label.kind) for kind, _item in self._stack)
        self._stack.append((label.kind, item))
        self._current = item

    def _is_outer(self, kind: tuple, other: tuple) -> bool:
        return (kind, other) in self._parent_of and (other, kind) not in self._parent_of

    def _check_sequence(self, parent: ParsedItem | None, label: _Label, item: ParsedItem) -> None:
        key = (id(parent), label.kind)
        previous = self._last.get(key)
        self._last[key] = (label, item)
        if previous and label.value is not None and previous[0].value is not None:
            if label.value != previous[0].value + 1:
                self.outline.warnings.append(
                    _("Mục “%(label)s %(title)s” không liền số thứ tự sau mục “%(previous)s”.")
                    % {"label": item.label, "title": item.title, "previous": previous[1].label}
                )

    def add_text(self, text: str) -> None:
        if self._current is None:
            self.outline.title_lines.append(text)
        elif self._current.guidance:
            self._current.guidance += "\n" + text
        else:
            self._current.guidance = text


def _parse_lines(lines: list[_Line]) -> ParsedOutline:
    cleaned = [(_clean(line.text), line.word_label) for line in lines]
    # An empty paragraph still shows its number in Word; like any blank line it is not content.
    cleaned = [(text, word_label) for text, word_label in cleaned if text]
    if not cleaned:
        raise OutlineParseError(_("Nội dung đề cương trống."))
    builder = _TreeBuilder()
    for index, (text, word_label) in enumerate(cleaned):
        if word_label:
            builder.add_item(_label_from_word(word_label), _title(text))
            continue
        found = _match_label(text)
        if found:
            builder.add_item(found[0], _title(found[1]))
        elif index == len(cleaned) - 1 and builder.outline.items and _PAGE_NUMBER.fullmatch(text):
            builder.outline.warnings.append(_("Bỏ qua số trang “%(number)s” ở cuối nội dung.") % {"number": text})
        else:
            builder.add_text(text)
    if not builder.outline.items:
        raise OutlineParseError(
            _(
                "Không nhận ra cấu trúc đánh số (I., 1., -, +) nào trong nội dung. Mỗi mục của đề cương "
                "cần bắt đầu bằng số thứ tự hoặc gạch đầu dòng, ví dụ “I. TÌNH HÌNH CHUNG” hay “1. Kết quả”."
            )
        )
    return builder.outline


def parse_outline_text(text: str) -> ParsedOutline:
    """Parse pasted text, one item or guidance line per line."""
    return _parse_lines([_Line(line) for line in text.splitlines()])


def parse_outline_docx(data: bytes) -> ParsedOutline:
    """Parse an uploaded Word file; a label from Word's automatic numbering counts as written.
    Raises ``lib.docx_reader.DocxInputError`` for a file that cannot be read safely."""
    lines: list[_Line] = []
    for block in docx_blocks(open_docx(data)):
        # A soft line break inside a paragraph starts a new line; Word's label goes with the first.
        first, *rest = block.text.split("\n")
        lines.append(_Line(first, block.numbering_label))
        lines.extend(_Line(line) for line in rest)
    return _parse_lines(lines)


def render_tree(outline: ParsedOutline) -> str:
    """One item per line, indented two spaces per level: what ``import_outline`` prints."""
    return "\n".join(
        "  " * item.level + " ".join(part for part in (item.label, item.title) if part) for item in outline.walk()
    )
