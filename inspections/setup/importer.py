"""A scoring table read from the Excel sheet or the Word table the committee already has.

Columns, in this order (a header row is skipped): TT | Nội dung | Điểm tối đa | Loại | Minh chứng |
Hướng dẫn. A row with a Roman numeral (I, II, ...) and no points is a group; a row with points is a
criterion of the group above it. "Loại" is empty (a scored criterion), "thưởng" or "trừ"; a title
starting "Điểm thưởng" / "Điểm trừ" also says so. "Minh chứng" is "x" / "có" when evidence is
required. Every wrong cell is reported by its address (Excel "C7", Word "dòng 7, cột 3") and
nothing is imported until all are right."""

import io
import re
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from lib.docx_reader import DocxInputError, open_docx
from lib.numbers import parse_number
from lib.uploads import MB, UnsafeArchive, check_archive, is_ole2, zip_members

MAX_POINTS = Decimal("100000")  # Criterion.max_points holds 7 digits with 2 decimals
ROMAN = re.compile(r"^(?=[IVXLC]+\.?$)M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$")


class TableImportError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _kind(kind_text: str, title: str) -> str:
    text = f"{kind_text} {title[:20]}".casefold()
    if "thưởng" in text or "cộng" in kind_text.casefold():
        return "bonus"
    if "trừ" in text:
        return "deduction"
    return "regular"


def rows_to_table(rows: list[tuple[str, list[str]]]):
    """rows: (address prefix, cells as text). Returns the table for services.table_replace, or
    raises TableImportError listing every bad cell."""
    table, problems, group = [], [], None
    for where, cells in rows:
        cells = [(c or "").strip() for c in cells] + [""] * 6
        label, title, points, kind, evidence, guidance = cells[:6]
        if not any(cells[:6]):
            continue
        if group is None and not ROMAN.match(label) and parse_number_or_none(points) is None:
            continue  # headings above the table
        if ROMAN.match(label) and not points:
            group = (label.rstrip("."), title, [])
            table.append(group)
            continue
        if not title:
            problems.append(_("%(at)s: thiếu nội dung tiêu chí.") % {"at": where(2)})
            continue
        try:
            value = parse_number(points)
        except ValueError:
            problems.append(_("%(at)s: \"%(v)s\" không phải là số điểm.") % {"at": where(3), "v": points})
            continue
        if value is None or value <= 0:
            problems.append(_("%(at)s: tiêu chí \"%(t)s\" cần điểm tối đa lớn hơn 0.") % {"at": where(3), "t": title[:60]})
            continue
        if value >= MAX_POINTS:  # what the points column holds (7 digits, 2 decimals); also too long to round
            problems.append(_("%(at)s: tiêu chí \"%(t)s\" cần điểm tối đa dưới 100.000.") % {"at": where(3), "t": title[:60]})
            continue
        if value != value.quantize(Decimal("0.01")):
            problems.append(_("%(at)s: điểm chỉ ghi tối đa hai chữ số thập phân.") % {"at": where(3)})
            continue
        if group is None:
            problems.append(_("%(at)s: tiêu chí \"%(t)s\" đứng trước nhóm đầu tiên (dòng có số La Mã I, II...).") % {"at": where(1), "t": title[:60]})
            continue
        group[2].append((label.rstrip("."), title, _kind(kind, title), value, evidence.casefold() in ("x", "có", "co", "1"), guidance))
    if not table and not problems:
        problems.append(_("Không thấy bảng điểm: cần các dòng nhóm (I, II...) và tiêu chí có điểm tối đa."))
    if problems:
        raise TableImportError(problems)
    return table


def parse_number_or_none(text):
    try:
        return parse_number(text)
    except ValueError:
        return None


def read_table(upload):
    data = upload.read()
    limit = settings.UPLOAD_MAX_FILE_MB * MB
    if len(data) > limit:
        raise TableImportError([_("Tệp lớn hơn %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_FILE_MB}])
    if is_ole2(data):
        raise TableImportError([_("Tệp đã được đặt mật khẩu hoặc là tệp Office cũ (.xls, .doc): hãy lưu lại dạng .xlsx hoặc .docx.")])
    members = zip_members(data) if data[:4] == b"PK\x03\x04" else None
    if members is None:
        raise TableImportError([_("Tệp không phải Excel (.xlsx) hay Word (.docx).")])
    names = {m.filename for m in members}
    if "word/document.xml" in names:
        return _from_docx(data, limit)
    if "xl/workbook.xml" in names:
        try:
            check_archive(members)
        except UnsafeArchive:
            raise TableImportError([_("Tệp có cấu trúc bất thường hoặc đặt mật khẩu, không nhận.")]) from None
        return _from_xlsx(data)
    raise TableImportError([_("Tệp không phải Excel (.xlsx) hay Word (.docx).")])


def _from_xlsx(data: bytes):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise TableImportError([_("Không đọc được tệp Excel.")]) from None
    rows = []
    for r, values in enumerate(ws.iter_rows(max_col=6, values_only=True), start=1):
        cells = ["" if v is None else (str(v) if not isinstance(v, float) else repr(v)) for v in values]
        rows.append((lambda col, r=r: _("ô %(a)s") % {"a": f"{get_column_letter(col)}{r}"}, cells))
    return rows_to_table(rows)


def _from_docx(data: bytes, limit: int):
    try:
        document = open_docx(data, max_bytes=limit)
    except DocxInputError as exc:
        raise TableImportError([str(exc)]) from None
    if not document.tables:
        raise TableImportError([_("Tệp Word không có bảng nào.")])
    rows = []
    for r, row in enumerate(document.tables[0].rows, start=1):
        cells = [cell.text for cell in row.cells[:6]]
        rows.append((lambda col, r=r: _("dòng %(r)s, cột %(c)s của bảng") % {"r": r, "c": col}, cells))
    return rows_to_table(rows)
