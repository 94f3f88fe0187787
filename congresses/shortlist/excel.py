"""The short list in and out of Excel. In: the portal's layout only (title rows, the header row
exactly), every cell checked, the whole file refused with every wrong cell named, nothing
half-imported. Out: the same layout, so a downloaded list can be edited and uploaded again."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from congresses.models import Congress, Nominee
from congresses.shortlist.selectors import reference_date
from congresses.shortlist.values import COLUMNS, clean_row
from lib.uploads import UnsafeArchive, check_archive, is_ole2, zip_members
from lib.vnsort import fold_name

HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = [5, 24, 12, 8, 10, 12, 18, 18, 16, 12, 12, 30, 22, 10, 18]


def headers() -> list[str]:
    return ["STT"] + [header for _field, header in COLUMNS]


def cell_text(nominee: Nominee, field: str) -> str:
    value = getattr(nominee, field)
    if field in ("birth_date", "party_joined_on"):
        return value.strftime("%d/%m/%Y") if value else "Không"
    if field == "reelected":
        return "Tái cử" if value else "Mới"
    if field in ("gender", "group", "proposed_post"):
        return str(getattr(nominee, f"get_{field}_display")())
    if field in ("religion", "political_theory"):
        return value or "Không"
    return value


def shortlist_workbook(*, congress: Congress, nominees) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách trích ngang"
    ws.cell(1, 1, _("DANH SÁCH TRÍCH NGANG DỰ KIẾN ỦY VIÊN ỦY BAN MTTQ VIỆT NAM KHÓA MỚI")).font = Font(
        bold=True, size=13
    )
    ws.cell(2, 1, f"{congress.committee.name} – {_('nhiệm kỳ')} {congress.round.term}")
    ws.cell(
        3,
        1,
        _(
            "Ngày ghi dd/mm/yyyy; tôn giáo, lý luận chính trị, ngày vào Đảng ghi “Không” nếu không có. Không thêm, bớt hay đổi thứ tự cột."
        ),
    )
    ws["A3"].font = Font(italic=True)
    for col, label in enumerate(headers(), start=1):
        cell = ws.cell(HEADER_ROW, col, label)
        cell.font = Font(bold=True)
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = WIDTHS[col - 1]
    for n, nominee in enumerate(nominees, start=1):
        row = HEADER_ROW + n
        ws.cell(row, 1, n).border = BORDER
        for col, (field, _header) in enumerate(COLUMNS, start=2):
            cell = ws.cell(row, col, cell_text(nominee, field))
            cell.border = BORDER
            cell.number_format = "@"
    ws.freeze_panes = ws.cell(FIRST_ROW, 3)
    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()


@dataclass
class CellError:
    address: str
    message: str


class ShortlistRejected(Exception):
    def __init__(self, errors: list[CellError]):
        super().__init__("; ".join(f"{e.address}: {e.message}" if e.address else e.message for e in errors))
        self.errors = errors


def _open(data: bytes):
    if len(data) > MAX_BYTES:
        raise ShortlistRejected([CellError("", _("Tệp quá lớn (tối đa 5 MB)."))])
    if is_ole2(data):
        raise ShortlistRejected(
            [CellError("", _("Tệp đã đặt mật khẩu hoặc là tệp Excel cũ (.xls): hãy lưu lại dạng .xlsx."))]
        )
    members = zip_members(data) if data[:4] == b"PK\x03\x04" else None
    not_xlsx = ShortlistRejected([CellError("", _("Tệp không phải bảng tính Excel (.xlsx)."))])
    if members is None or "xl/workbook.xml" not in {m.filename for m in members}:
        raise not_xlsx
    try:
        check_archive(members, max_uncompressed=50 * 1024 * 1024)
    except UnsafeArchive:
        raise ShortlistRejected([CellError("", _("Tệp bị khóa hoặc giải nén lớn bất thường: không nhận."))]) from None
    try:
        return load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise not_xlsx from None


def shortlist_read(*, congress: Congress, data: bytes) -> list[dict]:
    """Every row of the uploaded list, checked; ShortlistRejected naming every wrong cell."""
    wb = _open(data)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(min_row=1, max_row=HEADER_ROW + MAX_ROWS + 1, values_only=True))
    expected = headers()
    header = list(rows[HEADER_ROW - 1]) if len(rows) >= HEADER_ROW else []
    header = [fold_name(str(v or "")) for v in header[: len(expected)]] + [""] * (len(expected) - len(header))
    if header != [fold_name(h) for h in expected]:
        raise ShortlistRejected(
            [
                CellError(
                    f"A{HEADER_ROW}",
                    _(
                        "Tệp không đúng mẫu danh sách trích ngang: dòng %(r)d phải là các cột %(cols)s. Hãy tải mẫu từ Cổng."
                    )
                    % {"r": HEADER_ROW, "cols": ", ".join(expected)},
                )
            ]
        )
    if len(rows) > HEADER_ROW + MAX_ROWS:
        raise ShortlistRejected([CellError("", _("Danh sách quá dài (tối đa %(n)d dòng).") % {"n": MAX_ROWS})])
    on = reference_date(congress)
    result, errors = [], []
    for index, row in enumerate(rows[HEADER_ROW:], start=FIRST_ROW):
        cells = list(row[1 : len(expected)]) + [None] * (len(expected) - len(row))
        if all(v is None or str(v).strip() == "" for v in cells):
            continue
        raw = {field: cells[i] for i, (field, _header) in enumerate(COLUMNS)}
        for i, value in enumerate(cells[: len(COLUMNS)]):
            if isinstance(value, str) and value.startswith("="):
                errors.append(CellError(f"{get_column_letter(i + 2)}{index}", _("có công thức; chỉ ghi giá trị")))
        values, row_errors = clean_row(raw, on=on)
        for field, message in row_errors.items():
            col = [f for f, _h in COLUMNS].index(field) + 2
            errors.append(CellError(f"{get_column_letter(col)}{index}", message))
        result.append(values)
    if errors:
        raise ShortlistRejected(errors)
    if not result:
        raise ShortlistRejected([CellError("", _("Tệp không có dòng nào từ dòng %(r)d.") % {"r": FIRST_ROW})])
    return result
