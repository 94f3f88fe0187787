"""A unit's explanatory report (báo cáo thuyết minh bảng điểm, Word) and its evidence as one zip,
ordered by the scoring table."""

import io
import re
import unicodedata
import zipfile

from django.utils import timezone

from lib.numbers import format_number
from lib.officedoc import OfficialDocument

from ..selectors import dossier_status


def _safe(name: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", " ", text)
    return " ".join(text.split())[:limit].strip() or "tep"


def evidence_zip(unit) -> bytes:
    """Folders "01 I.1 <criterion>" in table order, each file numbered in the order it was attached."""
    status = dossier_status(unit)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, criterion in enumerate(status.criteria, start=1):
            files = status.evidence.get(criterion.pk, [])
            folder = f"{n:02d} {_safe(criterion.code, 12)} {_safe(criterion.title, 50)}"
            for i, evidence in enumerate(files, start=1):
                try:
                    with evidence.file.open("rb") as handle:
                        archive.writestr(f"{folder}/{i:02d} {_safe(evidence.original_name, 80)}", handle.read())
                except FileNotFoundError:
                    continue
    return buffer.getvalue()


def report_docx(unit) -> bytes:
    committee, status = unit.committee, dossier_status(unit)
    doc = OfficialDocument(
        issuer_lines=committee.get_header_lines(),
        number_symbol="/BC-MTTQ-BTT",
        place=committee.place,
        date=timezone.localdate(unit.submitted_at) if unit.submitted_at else timezone.localdate(),
        doc_type="BÁO CÁO",
        title_lines=["Thuyết minh bảng điểm tự chấm", unit.round.title],
    )
    for number, (title, text) in enumerate(
        [
            ("Kết quả nổi bật", unit.report_results),
            ("Mô hình mới, cách làm hiệu quả", unit.report_models),
            ("Khó khăn, hạn chế", unit.report_difficulties),
            ("Đề xuất, kiến nghị", unit.report_proposals),
        ],
        start=1,
    ):
        doc.heading(f"{number}. {title}", 2)
        for line in (text or "").splitlines() or [""]:
            if line.strip():
                doc.paragraph(line.strip())
    doc.heading("5. Bảng điểm tự chấm", 2)
    rows = []
    for c in status.criteria:
        score = status.scores.get(c.pk)
        rows.append([c.code, c.title, c.max_points, score.points if score and score.points is not None else "",
                     score.note if score else "", str(len(status.evidence.get(c.pk, [])))])
    t = status.totals
    doc.table(
        ["TT", "Nội dung", "Điểm tối đa", "Tự chấm", "Thuyết minh", "Số minh chứng"],
        rows,
        total_row=["", "Tổng (đã cộng điểm thưởng, trừ điểm trừ)", "", format_number(t.total), "", ""],
        col_widths_mm=[14, 55, 18, 18, 42, 18],
    )
    doc.closing(
        recipients=["BTT Ủy ban MTTQ Việt Nam " + unit.round.committee.name.replace("Ủy ban MTTQ Việt Nam ", ""), "Lưu VT"],
        on_behalf="TM. BAN THƯỜNG TRỰC",
        position="CHỦ TỊCH",
        signer_name="",
    )
    return doc.to_bytes()
