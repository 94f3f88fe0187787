"""From an uploaded Word file or pasted text to the rows the person corrects before saving:
a thin layer over reports.outlines.parser (which does the reading)."""

from dataclasses import dataclass, field

from lib.docx_reader import DocxInputError
from reports.outlines.parser import OutlineParseError, ParsedOutline, parse_outline_docx, parse_outline_text


class ImportError_(ValueError):
    """The source cannot be read as an outline; the message is for the user."""


@dataclass
class ParsedRows:
    rows: list[dict]
    title: str = ""
    heading: str = ""
    warnings: list[str] = field(default_factory=list)


def parsed_to_rows(parsed: ParsedOutline) -> ParsedRows:
    rows = [
        {"depth": item.level, "label": item.label, "title": item.title, "guidance": item.guidance}
        for item in parsed.walk()
    ]
    lines = [line.strip() for line in parsed.title_lines if line.strip()]
    # "ĐỀ CƯƠNG BÁO CÁO" / "Sơ kết giữa nhiệm kỳ ..." / "...": the title is what follows the kind.
    body = lines[1:] if lines and lines[0].upper().startswith("ĐỀ CƯƠNG") else lines
    title = " ".join(body)[:500] or (lines[0] if lines else "")
    return ParsedRows(rows=rows, title=title, heading="\n".join(lines), warnings=list(parsed.warnings))


def parse_source(*, data: bytes | None = None, text: str = "") -> ParsedRows:
    """Parse a .docx (data) or pasted text. Raises DocxInputError or ImportError_ with a message."""
    try:
        parsed = parse_outline_docx(data) if data else parse_outline_text(text)
    except DocxInputError:
        raise
    except OutlineParseError as exc:
        raise ImportError_(str(exc)) from exc
    return parsed_to_rows(parsed)
