"""The plan as an official document, read back with python-docx; and `manage.py plan_docx`."""

import io

import pytest
from django.core.management import call_command
from docx import Document
from docx.shared import Mm

from plans.plan_docx import plan_docx_bytes
from reports.duties.services import plan_issue_with_duties
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db


def _mm(length):
    return round(length / Mm(1))


@pytest.fixture
def doc(draft, tree, personas):
    tree.city_a.header_lines = "ỦY BAN MTTQ VIỆT NAM\nTHÀNH PHỐ A\nBAN THƯỜNG TRỰC"
    tree.city_a.save()
    plan = plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())
    return Document(io.BytesIO(plan_docx_bytes(plan)))


def test_page_is_a4_with_decree_30_margins(doc):
    section = doc.sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert 20 <= _mm(section.top_margin) <= 25 and 20 <= _mm(section.bottom_margin) <= 25
    assert 30 <= _mm(section.left_margin) <= 35 and 15 <= _mm(section.right_margin) <= 20


def test_font_is_times_new_roman(doc):
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    rfonts = normal.element.rPr.rFonts
    assert rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "Times New Roman"


def test_header_table_number_and_italic_date_line(doc):
    left, right = doc.tables[0].rows[0].cells
    left_lines = [p.text for p in left.paragraphs if p.text]
    assert left_lines == ["ỦY BAN MTTQ VIỆT NAM", "THÀNH PHỐ A", "BAN THƯỜNG TRỰC", "Số: 01/KH-MTTQ-BTT"]
    right_texts = [p for p in right.paragraphs if p.text]
    assert [p.text for p in right_texts[:2]] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    date_line = right_texts[2]
    assert date_line.text == "A, ngày 20 tháng 5 năm 2022"
    assert all(run.italic for run in date_line.runs)


def test_title_body_closing_and_outline_annex(doc):
    texts = [p.text for p in doc.paragraphs]
    kh = texts.index("KẾ HOẠCH")
    title = doc.paragraphs[kh + 1]
    assert title.text.startswith("Sơ kết giữa nhiệm kỳ") and all(r.bold for r in title.runs)
    assert doc.paragraphs[kh].runs[0].bold
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "II. NỘI DUNG" in texts and "III. TỔ CHỨC THỰC HIỆN" in texts
    assert "2. Tiến độ thực hiện" in texts
    assert any(t.startswith("- Cấp phường: hoàn thành giữa tháng 6/2022 (thời hạn: 15/06/2022)") for t in texts)
    closing = doc.tables[1].rows[0].cells
    assert [p.text for p in closing[0].paragraphs] == ["Nơi nhận:", "- BTT Ủy ban MTTQVN tỉnh (B/c);", "- Lưu VP."]
    signer = [p.text for p in closing[1].paragraphs if p.text]
    assert signer == ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Nguyễn Hồng Hải"]
    annex = texts[texts.index("PHỤ LỤC") :]
    assert "I. TÌNH HÌNH TRIỂN KHAI" in annex and "1. Công tác triển khai" in annex and "Nêu kết quả nổi bật." in annex
    assert any("Kèm theo Kế hoạch số 01/KH-MTTQ-BTT ngày 20/05/2022" in t for t in annex)


def test_management_command_writes_the_same_file(draft, tmp_path, capsys):
    out = tmp_path / "kh.docx"
    call_command("plan_docx", str(draft.plan.pk), "-o", str(out))
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "KẾ HOẠCH" or "KẾ HOẠCH" in [p.text for p in doc.paragraphs]
    assert "Số:      /KH-MTTQ-BTT" in [
        p.text for p in doc.tables[0].rows[0].cells[0].paragraphs
    ]  # a draft has no number yet
