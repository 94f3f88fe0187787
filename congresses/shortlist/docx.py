"""The short list as a Word document in the usual table layout (Decree 30 header, landscape-wide
columns kept short)."""

from congresses.models import Congress
from congresses.shortlist.excel import cell_text
from lib.officedoc import OfficialDocument

WORD_COLUMNS = [
    ("STT", 8),
    ("Họ và tên", 30),
    ("Ngày sinh", 20),
    ("Giới tính", 12),
    ("Dân tộc", 14),
    ("Tôn giáo", 16),
    ("Trình độ", 22),
    ("Đảng viên", 18),
    ("Chức vụ, đơn vị", 34),
    ("Cơ cấu", 22),
    ("Tái cử/Mới", 14),
    ("Dự kiến", 20),
]


def shortlist_docx(*, congress: Congress, nominees) -> bytes:
    committee = congress.committee
    doc = OfficialDocument(
        issuer_lines=committee.get_header_lines(),
        number_symbol="",
        place=committee.place,
        date=None,
        doc_type="DANH SÁCH TRÍCH NGANG",
        title_lines=[
            f"Dự kiến Ủy viên Ủy ban MTTQ Việt Nam {committee.name.replace('Ủy ban MTTQ Việt Nam ', '')}",
            f"khóa mới, nhiệm kỳ {congress.round.term_start}-{congress.round.term_end}",
        ],
    )
    total = sum(w for _h, w in WORD_COLUMNS)
    widths = [w * 165 / total for _h, w in WORD_COLUMNS]
    rows = []
    for n, x in enumerate(nominees, start=1):
        education = ", ".join(v for v in (x.education, x.political_theory and f"LLCT {x.political_theory}") if v)
        rows.append(
            [
                n,
                x.full_name,
                cell_text(x, "birth_date"),
                cell_text(x, "gender"),
                x.ethnicity,
                cell_text(x, "religion"),
                education,
                cell_text(x, "party_joined_on"),
                x.current_position,
                cell_text(x, "group"),
                cell_text(x, "reelected"),
                cell_text(x, "proposed_post"),
            ]
        )
    doc.table([h for h, _w in WORD_COLUMNS], rows, col_widths_mm=widths)
    return doc.to_bytes()
