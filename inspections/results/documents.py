"""The results of a round: the Excel table, the conclusion (Word, Decree 30 layout, signed by the
standing committee), and the lines the command prints. All read `selectors.board`."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lib.numbers import format_number
from lib.officedoc import OfficialDocument

from ..models import Round
from ..selectors import band_counts, board

HEADER = ["Hạng", "Đơn vị", "Ngày kiểm tra", "Tự chấm", "Chấm chéo", "Đơn vị chấm chéo", "Tổ kiểm tra",
          "Điểm thưởng", "Điểm trừ", "Điểm cuối cùng", "Xếp loại", "Ghi chú"]
FORMULA_STARTS = ("=", "+", "-", "@")


def tie_rule_text(round: Round) -> str:
    return "Khi bằng điểm: " + str(Round.TieBreak(round.tie_break).label)


def note_for(row) -> str:
    parts = []
    if row.capped_by == "top_cap":
        parts.append("hạ một bậc do giới hạn tỷ lệ loại cao nhất")
    elif row.capped_by:
        parts.append(f"không xét theo điểm: {row.capped_by}")
    if row.tie_note == "broken":
        parts.append("bằng điểm, xếp theo quy tắc")
    elif row.tie_note == "shared":
        parts.append("đồng hạng")
    return "; ".join(parts)


def _cell(ws, r, c, value, bold=False):
    cell = ws.cell(row=r, column=c)
    if value is None or isinstance(value, int | float):
        cell.value = value
    elif hasattr(value, "as_tuple"):  # Decimal
        # General: Excel shows "96,5" and "97" as the clerk writes them ("0.00" showed "97,00")
        cell.value = int(value) if value == value.to_integral_value() else float(value)
    else:
        cell.value = str(value)
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def results_xlsx(round: Round) -> bytes:
    rows = board(round)
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả"
    _cell(ws, 1, 1, f"Kết quả kiểm tra: {round.title}", bold=True)
    status = "Ban Thường trực đã quyết định" if round.is_decided else "Kết quả tạm thời (chưa quyết định)"
    _cell(ws, 2, 1, f"{status}. {tie_rule_text(round)}.")
    fill = PatternFill("solid", fgColor="DCE6F2")
    for c, (label, width) in enumerate(zip(HEADER, [7, 32, 13, 10, 10, 24, 11, 11, 10, 13, 28, 36], strict=True), start=1):
        cell = _cell(ws, 4, c, label, bold=True)
        cell.fill, cell.alignment = fill, Alignment(wrap_text=True, horizontal="center")
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, row in enumerate(rows, start=5):
        u = row.unit
        values = [row.rank, u.name, u.day.date.strftime("%d/%m/%Y") if u.day else "", row.self_total, row.cross_total,
                  row.cross_by.name if row.cross_by else "", row.team_total, row.totals.bonus, row.totals.deductions,
                  row.totals.total, row.band, note_for(row)]
        for c, value in enumerate(values, start=1):
            _cell(ws, r, c, value)
    ws.freeze_panes = "C5"
    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()


def conclusion_docx(round: Round) -> bytes:
    rows = board(round)
    committee = round.committee
    decided = timezone.localdate(round.decided_at) if round.decided_at else None
    doc = OfficialDocument(
        issuer_lines=committee.get_header_lines(),
        number_symbol="/TB-MTTQ-BTT",
        place=committee.place,
        date=decided,
        doc_type="THÔNG BÁO KẾT LUẬN",
        title_lines=["Kết quả kiểm tra, đánh giá, xếp loại", round.title],
    )
    if not round.is_decided:
        doc.paragraph("DỰ THẢO – Ban Thường trực chưa quyết định xếp loại.", bold=True, align="center")
    if round.example_label:
        doc.paragraph(f"Ghi chú: {round.example_label}; điểm số minh họa.", italic=True)
    days = sorted({r.unit.day.date for r in rows if r.unit.day})
    span = f"từ ngày {days[0]:%d/%m/%Y} đến ngày {days[-1]:%d/%m/%Y}" if len(days) > 1 else f"ngày {days[0]:%d/%m/%Y}" if days else ""
    doc.paragraph(
        f"Thực hiện {('Kế hoạch số ' + round.plan.document_number) if round.plan and round.plan.number else 'kế hoạch kiểm tra'} "
        "của Ban Thường trực "
        f"{committee.name}, Đoàn kiểm tra đã tiến hành kiểm tra, đánh giá công tác Mặt trận của {len(rows)} đơn vị {span}. "
        "Trên cơ sở kết quả tự chấm điểm, kiểm tra chéo và kết quả kiểm tra của Tổ kiểm tra, Ban Thường trực kết luận như sau:"
    )
    doc.heading("1. Kết quả xếp loại", 2)
    for band, count in band_counts(rows, list(round.bands.all())):
        doc.paragraph(f"- {band.label}: {count:02d} đơn vị.")
    doc.heading("2. Điểm và thứ hạng từng đơn vị", 2)
    doc.table(
        ["Hạng", "Đơn vị", "Tự chấm", "Chấm chéo", "Tổ kiểm tra", "Điểm cuối cùng", "Xếp loại"],
        [[str(r.rank or ""), r.unit.name, r.self_total if r.self_total is not None else "",
          r.cross_total if r.cross_total is not None else "", r.team_total if r.team_total is not None else "",
          r.totals.total, r.band + (f" ({note_for(r)})" if note_for(r) else "")] for r in rows],
        col_widths_mm=[12, 38, 18, 18, 18, 20, 41],
    )
    doc.paragraph(tie_rule_text(round) + ".", italic=True)
    doc.closing(
        recipients=["BTT Ủy ban MTTQ Việt Nam tỉnh", "Thường trực Thành ủy", "BTT Ủy ban MTTQ Việt Nam các xã, phường", "Lưu VT"],
        on_behalf="TM. BAN THƯỜNG TRỰC",
        position="CHỦ TỊCH",
        signer_name=round.signer_name,
    )
    return doc.to_bytes()


def _n(value) -> str:
    return format_number(value) if value is not None else "–"


def result_lines(round: Round) -> list[str]:
    """One unit a line: rank, unit, self, cross (by whom), team, bonus, deductions, final, band."""
    lines = []
    for r in board(round):
        cross = _n(r.cross_total) + (f" ({r.cross_by.name})" if r.cross_by else "")
        note = note_for(r)
        lines.append(
            f"{r.rank or '-':>3}  {r.unit.name}  tự chấm {_n(r.self_total)}  chấm chéo {cross}  tổ {_n(r.team_total)}  "
            f"thưởng {_n(r.totals.bonus)}  trừ {_n(r.totals.deductions)}  cuối cùng {_n(r.totals.total)}  {r.band}"
            + (f"  [{note}]" if note else "")
        )
    return lines
