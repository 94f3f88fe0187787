"""Rich text of a report section: cleaned with nh3 against a short allow-list, and read back as
plain text (for word counts, the printed-length estimate and version diffs)."""

import html
import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li"}
# Blocks that browsers and Word produce for a paragraph or a heading become paragraphs, so that
# pasted text keeps its paragraphs once the tags outside the allow-list are stripped.
_BLOCK_OPEN = re.compile(r"<\s*(div|h[1-6]|blockquote|section|article|header|footer|pre|tr)\b[^>]*>", re.I)
_BLOCK_CLOSE = re.compile(r"<\s*/\s*(div|h[1-6]|blockquote|section|article|header|footer|pre|tr)\s*>", re.I)
_EMPTY_P = re.compile(r"<p>(\s|&nbsp;|\u00a0|<br>)*</p>")
_BLOCK_TAGS = {"p", "li", "ul", "ol", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
_WORD = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"<[^>]*>")
# Characters XML 1.0 forbids (C0 controls except tab, newline and carriage return; lone UTF-16
# surrogates; U+FFFE/U+FFFF). PostgreSQL cannot store NUL, a .docx cannot hold any of them, and a
# lone surrogate (JSON can carry one) cannot even be encoded as UTF-8. The only copy of this rule:
# lib.officedoc.clean_text uses strip_forbidden.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Two lists side by side (one piece of text per paragraph, joined) read as one list.
_ADJACENT_LISTS = re.compile(r"</ul>\s*<ul>")


def strip_forbidden(text: str | None) -> str:
    """The text without NUL and the other characters XML and PostgreSQL cannot hold."""
    return _FORBIDDEN.sub("", text or "")


def sanitize_html(fragment: str | None) -> str:
    """Safe HTML for a section: only ALLOWED_TAGS, no attributes, scripts and styles removed with
    their content, comments (Word's conditional comments included) removed."""
    fragment = strip_forbidden(fragment)
    if not fragment:
        return ""
    text = _BLOCK_OPEN.sub("<p>", fragment)
    text = _BLOCK_CLOSE.sub("</p>", text)
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes={},
        clean_content_tags={"script", "style", "xml", "title", "head", "iframe", "object", "template"},
        strip_comments=True,
        link_rel=None,
    )
    cleaned = _EMPTY_P.sub("", cleaned)
    return cleaned.strip()


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(fragment: str | None) -> str:
    """Plain text, one paragraph (or list item) per line, blank lines dropped."""
    if not fragment:
        return ""
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)


def text_to_html(text: str) -> str:
    """Plain text (one paragraph per line) as safe HTML paragraphs."""
    from django.utils.html import escape

    text = strip_forbidden(text)
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def join_fragments(fragments: list[str]) -> str:
    """Safe HTML fragments (one per paragraph) as one section: consecutive bullet items share one list."""
    return sanitize_html(_ADJACENT_LISTS.sub("", "".join(fragments)))


def word_count(fragment: str | None) -> int:
    return len(_WORD.findall(html_to_text(fragment)))


def is_blank(fragment: str | None) -> bool:
    """True when a section has nothing written in it: no text once the tags are removed and the
    entities decoded (spaces of any kind, no-break spaces included, do not count). No HTML parser:
    the consolidation asks this of every answer it reads."""
    if not fragment:
        return True
    text = _TAG.sub("", fragment)
    if "&" in text:
        text = html.unescape(text)
    return not text.strip()
