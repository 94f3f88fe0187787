"""Excel in and out (openpyxl).

Out: the status table of a plan and the indicator table (one row per committee, one column per
indicator, a totals row by each indicator's aggregation rule). Title row, frozen header, column
widths, dates as real dates in local time, numbers as numbers; text that Excel would read as a
formula (= + - @) is written as text.

In: a committee's own indicator form, prefilled with its name and the plan's indicators and a
signed key (hidden column F), filled offline and uploaded. Everything is checked first and every
wrong cell is reported by address with the reason; the values are written in one transaction or
not at all.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from committees.models import Committee
from committees.people import display_name
from lib.numbers import parse_number
from lib.uploads import (
    UnsafeArchive,
    check_archive,
    encrypted_message,
    is_ole2,
    macro_message,
    ole_message,
    zip_members,
)
from reports.approval.selectors import approval_progress
from reports.dashboards.selectors import STATUS_ORDER, days_late
from reports.indicators import aggregate, check_value, total_places
from reports.models import Indicator, IndicatorValue, ReportingDuty, Submission

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


# --- writing cells ----------------------------------------------------------------------------
def put(ws, row: int, col: int, value, *, number_format: str | None = None, bold: bool = False):
    """Write one cell: dates as local dates, numbers as numbers, text always as text."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        cell.value = value
        cell.number_format = number_format or DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = number_format or DATE_FORMAT
    elif isinstance(value, bool) or value is None:
        cell.value = value
    elif isinstance(value, int | float | Decimal):
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        cell.value = value
        if number_format:
            cell.number_format = number_format
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # never a formula, whatever it starts with
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def _title(ws, text: str, subtitle: str, width: int) -> None:
    put(ws, 1, 1, text).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
    put(ws, 2, 1, subtitle).font = Font(italic=True)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=max(width, 1))


def _header(ws, row: int, labels: list[str], widths: list[int]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = put(ws, row, col, label, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=3)


def _generated_line(plan) -> str:
    now = timezone.localtime()
    return _("Kế hoạch số %(number)s – lập lúc %(time)s") % {
        "number": plan.document_number,
        "time": now.strftime("%d/%m/%Y %H:%M"),
    }


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- the status table -------------------------------------------------------------------------
def status_workbook(*, duty: ReportingDuty, submissions, now=None) -> Workbook:
    """One row per report: committee, level, kind, status, dates, days late, reviewer, and for a
    duty approved level by level the level each report waits for. The submissions carry `status`
    and `effective_deadline` (SubmissionQuerySet.with_status()), and for such a duty `waiting_tier`
    (reports.approval.selectors.with_waiting_level)."""
    now = now or timezone.now()
    subs = list(submissions)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Tình hình nộp")[:31]
    labels = [
        _("STT"),
        _("Đơn vị"),
        _("Cấp"),
        _("Loại"),
        _("Trạng thái"),
        _("Hạn nộp"),
        _("Nộp lần đầu"),
        _("Nộp gần nhất"),
        _("Số ngày trễ"),
        _("Tiếp nhận lúc"),
        _("Người xem xét"),
    ]
    widths = [6, 42, 12, 20, 20, 17, 17, 17, 10, 17, 22]
    by_levels = duty.approved_level_by_level
    if by_levels:
        labels.append(_("Cấp phê duyệt"))
        widths.append(24)
    _title(
        ws,
        _("TÌNH HÌNH NỘP BÁO CÁO: %(title)s") % {"title": duty.title.upper()},
        _generated_line(duty.plan),
        len(labels),
    )
    _header(ws, 4, labels, widths)
    status_labels = dict(Submission.Status.choices)
    counts = dict.fromkeys(STATUS_ORDER, 0)
    row = 5
    for n, sub in enumerate(subs, start=1):
        counts[sub.status] = counts.get(sub.status, 0) + 1
        reviewer = display_name(sub.reviewed_by) if sub.reviewed_by_id else ""
        values = [
            n,
            sub.committee.name,
            sub.committee.level,
            sub.committee.get_kind_display(),
            status_labels[sub.status],
            sub.effective_deadline,
            sub.first_submitted_at,
            sub.submitted_at,
            days_late(sub, now),
            sub.accepted_at,
            reviewer,
        ]
        if by_levels:
            values.append(approval_progress(sub))
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value).border = BORDER
        row += 1
    put(ws, row, 1, _("Tổng cộng"), bold=True).fill = TOTAL_FILL
    put(ws, row, 2, len(subs), bold=True).fill = TOTAL_FILL
    for col in range(3, len(labels) + 1):
        ws.cell(row=row, column=col).fill = TOTAL_FILL
    row += 2
    for status in STATUS_ORDER:
        put(ws, row, 2, status_labels[status])
        put(ws, row, 3, counts[status])
        row += 1
    ws.auto_filter.ref = f"A4:{get_column_letter(len(labels))}{4 + len(subs)}"
    return wb


# --- the indicator table ----------------------------------------------------------------------
def indicator_workbook(*, duty: ReportingDuty, submissions) -> Workbook:
    """One row per committee, one column per indicator of the duty's outline, a totals row by each
    indicator's aggregation rule and a row counting the committees that gave a value. The values
    are read in one query whatever the number of submissions."""
    subs = list(submissions)
    indicators = list(
        Indicator.objects.filter(item__outline_id=duty.outline_id).order_by(
            "item__position", "item_id", "position", "pk"
        )
    )
    values: dict[tuple[int, int], Decimal] = {}
    for sid, iid, value in IndicatorValue.objects.filter(
        submission_id__in=[s.pk for s in subs], value__isnull=False
    ).values_list("submission_id", "indicator_id", "value"):
        values[(sid, iid)] = value
    missing_committees = [s.committee_id for s in subs if "committee" not in s._state.fields_cache]
    committees = Committee.objects.in_bulk(missing_committees) if missing_committees else {}

    wb = Workbook()
    ws = wb.active
    ws.title = _("Số liệu")[:31]
    labels = [_("STT"), _("Đơn vị")] + [f"{i.name} ({i.unit})" if i.unit else i.name for i in indicators]
    widths = [6, 42] + [16] * len(indicators)
    _title(
        ws,
        _("BIỂU TỔNG HỢP SỐ LIỆU: %(title)s") % {"title": duty.title.upper()},
        _generated_line(duty.plan),
        len(labels),
    )
    _header(ws, 4, labels, widths)
    row = 5
    for n, sub in enumerate(subs, start=1):
        committee = committees.get(sub.committee_id) or sub.committee
        put(ws, row, 1, n).border = BORDER
        put(ws, row, 2, committee.name).border = BORDER
        for col, ind in enumerate(indicators, start=3):
            put(
                ws, row, col, values.get((sub.pk, ind.pk)), number_format=_number_format(ind.decimal_places)
            ).border = BORDER
        row += 1
    rules = dict(Indicator.Aggregation.choices)
    put(ws, row, 2, _("Tổng hợp"), bold=True).fill = TOTAL_FILL
    put(ws, row + 1, 2, _("Cách tổng hợp"))
    put(ws, row + 2, 2, _("Số đơn vị có số liệu"))
    ws.cell(row=row, column=1).fill = TOTAL_FILL
    for col, ind in enumerate(indicators, start=3):
        given = [values[(s.pk, ind.pk)] for s in subs if (s.pk, ind.pk) in values]
        total = aggregate(ind, given)
        cell = put(ws, row, col, total, number_format=_number_format(total_places(ind)), bold=True)
        cell.fill = TOTAL_FILL
        put(ws, row + 1, col, rules.get(ind.aggregation, ind.aggregation))
        put(ws, row + 2, col, len(given))
    return wb


def _number_format(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


# --- the indicator form: download ---------------------------------------------------------------
FORM_SALT = "reports.indicator-form"
FORM_MAX_BYTES = 1024 * 1024  # a filled form is a few kilobytes
FORM_MAX_UNZIPPED = 4 * 1024 * 1024  # a form of 500 indicators unpacks to well under 1 MB
FORM_MAX_ERRORS = 50  # the rest are counted, not listed
FORM_MAX_MEMBERS = 200
FORM_FIRST_ROW = 7
KEY_CELL = "F1"
VALUE_COL = "E"


def _form_headers() -> list[str]:
    return [_("STT"), _("Mục"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Số liệu"), _("Mã")]


def form_indicators(submission: Submission) -> list[Indicator]:
    return list(
        Indicator.objects.filter(item__outline_id=submission.duty.outline_id)
        .select_related("item")
        .order_by("item__position", "item_id", "position", "pk")
    )


def indicator_form_workbook(*, submission: Submission) -> Workbook:
    """The committee's own form: its name, the plan's indicators, its current values, a signed key."""
    indicators = form_indicators(submission)
    current = dict(submission.values.values_list("indicator_id", "value"))
    wb = Workbook()
    ws = wb.active
    ws.title = _("Biểu mẫu")
    put(ws, 1, 1, _("BIỂU MẪU SỐ LIỆU")).font = Font(bold=True, size=13)
    ws.merge_cells("A1:E1")
    put(ws, 2, 1, _("Báo cáo:"), bold=True)
    put(ws, 2, 2, f"{submission.duty.title} – {_('Kế hoạch số')} {submission.duty.plan.document_number}")
    ws.merge_cells("B2:E2")
    put(ws, 3, 1, _("Đơn vị:"), bold=True)
    put(ws, 3, 2, submission.committee.name, bold=True)
    ws.merge_cells("B3:E3")
    put(
        ws,
        4,
        1,
        _(
            "Chỉ nhập số vào cột “Số liệu” (không nhập chữ, không dùng công thức, không thêm hay di chuyển cột, dòng, trang tính)."
        ),
    )
    ws.merge_cells("A4:E4")
    ws["A4"].font = Font(italic=True)
    _header(ws, 6, _form_headers(), [6, 36, 40, 14, 16, 12])
    ws.freeze_panes = "A7"
    key = signing.dumps(
        {"s": submission.pk, "c": submission.committee_id, "i": [i.pk for i in indicators]},
        salt=FORM_SALT,
        compress=True,
    )
    put(ws, 1, 6, key)
    for n, ind in enumerate(indicators):
        row = FORM_FIRST_ROW + n
        put(ws, row, 1, n + 1).border = BORDER
        put(ws, row, 2, str(ind.item)).border = BORDER
        put(ws, row, 3, ind.name).border = BORDER
        put(ws, row, 4, ind.unit).border = BORDER
        cell = put(ws, row, 5, current.get(ind.pk), number_format=_number_format(ind.decimal_places))
        cell.border = BORDER
        cell.protection = Protection(locked=False)
        cell.fill = PatternFill("solid", fgColor="FFF9DB")
        put(ws, row, 6, f"ind:{ind.pk}")
    ws.column_dimensions["F"].hidden = True
    ws.protection.sheet = True  # layout locked; only the value cells are open
    return wb


# --- the indicator form: upload ---------------------------------------------------------------
@dataclass
class CellError:
    address: str
    message: str


class FormRejected(Exception):
    """The whole file was refused; `errors` lists the wrong cells (address may be empty), the first
    FORM_MAX_ERRORS of them, and `more` says how many were left out ("và 99.990 lỗi khác")."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors[:FORM_MAX_ERRORS]
        self.more = max(0, len(errors) - FORM_MAX_ERRORS)
        super().__init__("; ".join(f"{e.address}: {e.message}" if e.address else e.message for e in self.errors))


def _open_workbook(data: bytes):
    if len(data) > FORM_MAX_BYTES:
        raise FormRejected(
            [
                CellError(
                    "",
                    _("Tệp quá lớn (tối đa %(n)d KB); biểu mẫu chỉ nặng vài chục KB.") % {"n": FORM_MAX_BYTES // 1024},
                )
            ]
        )
    if is_ole2(data):
        raise FormRejected([CellError("", ole_message(data, old_format=".xls"))])
    not_xlsx = FormRejected(
        [CellError("", _("Tệp không phải bảng tính Excel (.xlsx). Hãy tải biểu mẫu từ Cổng và điền vào đó."))]
    )
    members = zip_members(data) if data[:4] == b"PK\x03\x04" else None
    if members is None:
        raise not_xlsx
    try:
        check_archive(members, max_members=FORM_MAX_MEMBERS, max_uncompressed=FORM_MAX_UNZIPPED)
    except UnsafeArchive as exc:
        if exc.reason in ("encrypted", "macro"):
            message = encrypted_message() if exc.reason == "encrypted" else macro_message()
            raise FormRejected([CellError("", message)]) from None
        raise FormRejected(
            [
                CellError(
                    "",
                    _(
                        "Tệp lớn bất thường khi giải nén: biểu mẫu của Cổng chỉ vài chục KB; có thể đã thêm rất "
                        "nhiều dòng hoặc cột. Hãy tải biểu mẫu mới và chỉ điền vào cột “Số liệu”."
                    ),
                )
            ]
        ) from None
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise not_xlsx
    try:
        return load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise not_xlsx from None


def _is_formula(cell) -> bool:
    value = cell.value
    return (
        cell.data_type == "f"
        or isinstance(value, ArrayFormula | DataTableFormula)
        or (isinstance(value, str) and value.startswith("="))
    )


def _read_number(indicator: Indicator, cell) -> Decimal | None:
    """The cell as a number for this indicator (read_number), refusing a formula."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if _is_formula(cell):
        raise ValidationError(_("có công thức; chỉ được nhập số"))
    return read_number(indicator, value)


def read_number(indicator: Indicator, value) -> Decimal | None:
    """One cell's value (from the Excel form, or a value sent to the API: api/v1.py) as a number
    for this indicator, or ValidationError with the reason; None when empty. What a value may be
    is reports.indicators.check_value; only the wording of the reasons is the form's."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or isinstance(value, datetime | date):
        raise ValidationError(_("phải là một số"))
    if isinstance(value, str):
        # Typed as text, the way the portal's form takes it ("1.500", "2,5": lib.numbers).
        try:
            number = parse_number(value, decimals=indicator.decimal_places > 0)
        except ValueError:
            if any(ch.isalpha() for ch in value):
                raise ValidationError(
                    _("có chữ (“%(text)s”); chỉ được nhập số") % {"text": value.strip()[:40]}
                ) from None
            raise ValidationError(_("“%(text)s” không phải là một số") % {"text": value.strip()[:40]}) from None
        if number is None:
            return None
    else:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(_("phải là một số")) from None
    if not number.is_finite():
        raise ValidationError(_("phải là một số"))
    try:
        return check_value(indicator, number)
    except ValidationError as exc:
        reasons = {
            "negative": _("không được là số âm"),
            "not_integer": _("phải là số nguyên"),
            "too_many_decimals": _("tối đa %(n)d chữ số sau dấu phẩy") % {"n": indicator.decimal_places},
            "too_large": _("số quá lớn"),
        }
        raise ValidationError(reasons[exc.code]) from None


def indicator_form_read(*, submission: Submission, data: bytes) -> dict[int, Decimal | None]:
    """Check the whole uploaded form; return {indicator_id: value} or raise FormRejected listing
    every wrong cell. Reads only; writes nothing."""
    wb = _open_workbook(data)
    if len(wb.sheetnames) != 1:
        raise FormRejected(
            [
                CellError(
                    "",
                    _("Tệp có %(n)d trang tính; biểu mẫu chỉ có một trang. Hãy xóa các trang đã thêm.")
                    % {"n": len(wb.sheetnames)},
                )
            ]
        )
    ws = wb.worksheets[0]
    errors: list[CellError] = []
    key, key_at = None, None
    for cell in ws[1]:  # the key lives in F1; found elsewhere in row 1, columns were moved
        try:
            key, key_at = signing.loads(str(cell.value or ""), salt=FORM_SALT), cell.coordinate
            break
        except signing.BadSignature:
            continue
    if key is None or not isinstance(key, dict):
        raise FormRejected(
            [
                CellError(
                    KEY_CELL,
                    _(
                        "không có mã biểu mẫu hợp lệ: hãy tải biểu mẫu mới từ Cổng (cột ẩn F không được sửa hay di chuyển)."
                    ),
                )
            ]
        )
    if key_at != KEY_CELL:
        errors.append(
            CellError(
                KEY_CELL,
                _("mã biểu mẫu đã bị chuyển sang ô %(cell)s: các cột đã bị thêm hoặc di chuyển") % {"cell": key_at},
            )
        )
    if key.get("c") != submission.committee_id:
        other = Committee.objects.filter(pk=key.get("c")).values_list("name", flat=True).first() or "?"
        raise FormRejected(
            [
                CellError(
                    "",
                    _("Đây là biểu mẫu của đơn vị khác (%(other)s), không phải của %(name)s.")
                    % {"other": other, "name": submission.committee.name},
                )
            ]
        )
    if key.get("s") != submission.pk:
        raise FormRejected(
            [CellError("", _("Biểu mẫu này thuộc một báo cáo khác của đơn vị; hãy tải đúng biểu mẫu của báo cáo này."))]
        )

    indicators = form_indicators(submission)
    if key.get("i") != [i.pk for i in indicators]:
        raise FormRejected([CellError("", _("Danh sách chỉ tiêu của kế hoạch đã thay đổi; hãy tải biểu mẫu mới."))])

    name = ws["B3"].value
    if str(name or "").strip() != submission.committee.name:
        errors.append(
            CellError(
                "B3",
                _("tên đơn vị “%(got)s” không phải đơn vị của bạn (%(name)s)")
                % {"got": name or "", "name": submission.committee.name},
            )
        )
    for col, label in enumerate(_form_headers()[:5], start=1):
        cell = ws.cell(row=6, column=col)
        if str(cell.value or "").strip() != label:
            errors.append(
                CellError(
                    cell.coordinate,
                    _("tiêu đề cột phải là “%(label)s”: các cột đã bị di chuyển hoặc đổi tên") % {"label": label},
                )
            )
    last_row = FORM_FIRST_ROW + len(indicators) - 1
    # A merged value cell keeps only its first value: E7:E8 merged would silently empty E8.
    for merged in ws.merged_cells.ranges:
        if merged.min_col <= 5 <= merged.max_col and merged.max_row >= FORM_FIRST_ROW and merged.min_row <= last_row:
            errors.append(
                CellError(
                    merged.coord,
                    _("các ô đã bị gộp (merge): mỗi chỉ tiêu một ô riêng, hãy bỏ gộp ô rồi nhập lại số liệu"),
                )
            )
    values: dict[int, Decimal | None] = {}
    for n, ind in enumerate(indicators):
        row = FORM_FIRST_ROW + n
        if (
            str(ws.cell(row=row, column=6).value or "") != f"ind:{ind.pk}"
            or str(ws.cell(row=row, column=3).value or "").strip() != ind.name
        ):
            errors.append(
                CellError(
                    f"C{row}", _("dòng này phải là chỉ tiêu “%(name)s”: các dòng đã bị di chuyển") % {"name": ind.name}
                )
            )
            continue
        cell = ws[f"{VALUE_COL}{row}"]
        try:
            values[ind.pk] = _read_number(ind, cell)
        except ValidationError as exc:
            errors.append(CellError(cell.coordinate, f"{ind.name}: {exc.messages[0]}"))
    # Anything typed outside the form (an extra column or row) means the layout moved.
    for cells in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=1, max_col=ws.max_column):
        for cell in cells:
            if cell.value is None or cell.coordinate in (KEY_CELL, key_at):
                continue
            if cell.column > 6 or cell.row > last_row or (cell.row == 5):
                errors.append(
                    CellError(cell.coordinate, _("có dữ liệu ngoài biểu mẫu: không thêm hay di chuyển cột, dòng"))
                )
            elif cell.row >= FORM_FIRST_ROW and cell.column != 5 and _is_formula(cell):
                errors.append(CellError(cell.coordinate, _("có công thức; không được sửa biểu mẫu")))
    if errors:
        raise FormRejected(errors)
    return values


@transaction.atomic
def indicator_form_import(*, submission: Submission, data: bytes, by) -> dict[int, Decimal | None]:
    """Read the uploaded form and write every value into the committee's report, all or nothing.
    Only while the report is editable (not started, draft or returned)."""
    locked = (
        Submission.objects.select_for_update().select_related("duty", "duty__plan", "committee").get(pk=submission.pk)
    )
    if not locked.is_editable:
        raise FormRejected([CellError("", _("Báo cáo đã nộp hoặc đã được tiếp nhận nên không nhập số liệu được."))])
    values = indicator_form_read(submission=locked, data=data)
    from reports.submissions.services import indicator_values_save  # the one write path for values

    raw = {pk: (format(v, "f") if v is not None else "") for pk, v in values.items()}
    saved, errors = indicator_values_save(submission=locked, raw_values=raw, by=by)
    if errors:  # cannot happen after the checks above; never keep half of it
        raise FormRejected([CellError("", msg) for msg in errors.values()])
    return saved
