"""Uploading the Word report already written: split into the outline's sections (outline 001),
unmatched text kept in "not placed", the officer moves pieces and confirms."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Outline, OutlineItem, SectionAnswer, SubmissionEvent
from reports.outlines.parser import parse_outline_text
from reports.submissions.word_import import normalise, split_docx

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "001_outline.txt"


def build_outline_001(committee) -> Outline:
    parsed = parse_outline_text(FIXTURE.read_text(encoding="utf-8"))
    outline = Outline.objects.create(committee=committee, title="Đề cương 001")

    def add(items, parent):
        for position, p in enumerate(items):
            item = OutlineItem.objects.create(outline=outline, parent=parent, position=position, label=p.label, title=p.title)
            add(p.children, item)

    add(parsed.items, None)
    return outline


@pytest.fixture
def plan_001(issued_plan, tree):
    outline = build_outline_001(tree.city_a)
    issued_plan.duty.outline = outline
    issued_plan.duty.save()
    items = outline.ordered_items()
    by_title = {}
    for item in items:
        by_title.setdefault(item.title, item)
    return issued_plan, outline, items, by_title


def report_docx() -> bytes:
    """A ward's report written in Word from the 001 headings, as a ward would type it."""
    import docx

    d = docx.Document()
    d.add_paragraph("ỦY BAN MTTQ VIỆT NAM PHƯỜNG A1")
    d.add_paragraph("BÁO CÁO Sơ kết giữa nhiệm kỳ")
    d.add_paragraph("I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT:")
    d.add_paragraph("1. Công tác triển khai:")
    d.add_paragraph("Ban Thường trực đã tổ chức hội nghị quán triệt Nghị quyết đến 100% cán bộ chủ chốt.")
    d.add_paragraph("- Hình thức")
    d.add_paragraph("Hội nghị trực tiếp kết hợp tuyên truyền trên loa truyền thanh.")
    d.add_paragraph("- Số cuộc, số lượt người dự")
    d.add_paragraph("Tổ chức 14 cuộc với 1.250 lượt người dự.")
    d.add_heading("2. Thuận lợi", level=2)  # no colon, a Word heading style
    d.add_paragraph("Được sự quan tâm lãnh đạo của Đảng ủy phường.")
    d.add_paragraph("3. KHÓ KHĂN")  # typed in capitals
    d.add_paragraph("Kinh phí hoạt động còn hạn chế.")
    d.add_paragraph("II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2019 - 2024:")
    d.add_paragraph("Nhìn chung các chỉ tiêu đều đạt và vượt.")
    stream = io.BytesIO()
    d.save(stream)
    return stream.getvalue()


def test_split_places_text_under_matching_headings_and_keeps_the_rest(plan_001):
    _plan, _outline, items, by_title = plan_001
    result = split_docx(report_docx(), items)
    where = {p.text: p.target for p in result.pieces}
    assert where["ỦY BAN MTTQ VIỆT NAM PHƯỜNG A1"] is None  # before any heading: not placed, kept
    assert where["BÁO CÁO Sơ kết giữa nhiệm kỳ"] is None
    assert where["Ban Thường trực đã tổ chức hội nghị quán triệt Nghị quyết đến 100% cán bộ chủ chốt."] == by_title["Công tác triển khai"].pk
    assert where["Hội nghị trực tiếp kết hợp tuyên truyền trên loa truyền thanh."] == by_title["Hình thức"].pk
    assert where["Tổ chức 14 cuộc với 1.250 lượt người dự."] == by_title["Số cuộc, số lượt người dự"].pk
    assert where["Được sự quan tâm lãnh đạo của Đảng ủy phường."] == by_title["Thuận lợi"].pk
    assert where["Kinh phí hoạt động còn hạn chế."] == by_title["Khó khăn"].pk
    assert where["Nhìn chung các chỉ tiêu đều đạt và vượt."] == by_title["KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2019 - 2024"].pk
    assert len(result.pieces) == 8  # every non-heading paragraph is a piece: nothing dropped
    # The two lines before the first heading are the document's header: left out, not "unplaced".
    assert [p.text for p in result.left_out] == ["ỦY BAN MTTQ VIỆT NAM PHƯỜNG A1", "BÁO CÁO Sơ kết giữa nhiệm kỳ"]
    assert result.unplaced == []


def test_normalise_ignores_label_case_and_punctuation():
    assert normalise("2. Thuận lợi:") == normalise("THUẬN LỢI") == "thuận lợi"
    assert normalise("- Hình thức") == "hình thức"


def test_preview_move_and_confirm(plan_001, personas, client_as):
    plan, _outline, items, by_title = plan_001
    client = client_as(personas.officer)
    url = reverse("reports-submission-import-word", args=[plan.sub_a1.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("bao-cao-phuong-a1.docx", report_docx())})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ỦY BAN MTTQ VIỆT NAM PHƯỜNG A1" in html
    assert "Tìm thấy tiêu đề của 7 mục trong tệp; 0 đoạn chưa xếp" in html
    assert "2 dòng phần đầu và phần cuối văn bản" in html
    pieces = response.context["pieces"]
    post = {"confirm": "1", "file_name": "bao-cao-phuong-a1.docx", "piece_count": str(len(pieces))}
    for p in pieces:
        post[f"piece-{p.index}"] = p.text
        post[f"target-{p.index}"] = str(p.target) if p.target else "unplaced"

    # Confirming with pieces still not placed (the officer put the header lines back) is refused; nothing is written, the choices stay.
    refused = client.post(url, post)
    assert refused.status_code == 400
    assert "Còn 2 đoạn chưa xếp vào mục nào" in refused.content.decode()
    assert not SectionAnswer.objects.exists()

    # The officer drops the header lines and moves the "Thuận lợi" text to "Khó khăn".
    post["target-0"] = post["target-1"] = "drop"
    moved = next(p for p in pieces if p.text.startswith("Được sự quan tâm"))
    post[f"target-{moved.index}"] = str(by_title["Khó khăn"].pk)
    response = client.post(url, post)
    assert response.status_code == 302
    answers = {a.item_id: a.html for a in SectionAnswer.objects.filter(submission=plan.sub_a1)}
    assert answers[by_title["Khó khăn"].pk] == "<p>Được sự quan tâm lãnh đạo của Đảng ủy phường.</p><p>Kinh phí hoạt động còn hạn chế.</p>"
    assert answers[by_title["Số cuộc, số lượt người dự"].pk] == "<p>Tổ chức 14 cuộc với 1.250 lượt người dự.</p>"
    assert by_title["Thuận lợi"].pk not in answers
    assert not any("ỦY BAN MTTQ" in h for h in answers.values())
    assert SubmissionEvent.objects.filter(submission=plan.sub_a1, action="imported", note="bao-cao-phuong-a1.docx").exists()
    plan.sub_a1.refresh_from_db()
    assert plan.sub_a1.state == "draft"


def test_confirmed_pieces_are_sanitised(plan_001, personas, client_as):
    plan, _outline, _items, by_title = plan_001
    url = reverse("reports-submission-import-word", args=[plan.sub_a1.pk])
    post = {"confirm": "1", "piece_count": "1", "piece-0": "<script>alert(1)</script>Đoạn", "target-0": str(by_title["Khó khăn"].pk)}
    assert client_as(personas.officer).post(url, post).status_code == 302
    assert SectionAnswer.objects.get().html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;Đoạn</p>"


def test_bad_files_are_refused_with_a_message(plan_001, personas, client_as):
    plan = plan_001[0]
    url = reverse("reports-submission-import-word", args=[plan.sub_a1.pk])
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b" " * (60 * 1024 * 1024))
    bomb = client_as(personas.officer).post(url, {"file": SimpleUploadedFile("bom.docx", stream.getvalue())})
    assert bomb.status_code == 400 and "bất thường" in bomb.content.decode()
    pdf = client_as(personas.officer).post(url, {"file": SimpleUploadedFile("bao-cao.docx", b"%PDF-1.4 not word")})
    assert pdf.status_code == 400 and "không phải là tệp Word" in pdf.content.decode()
    assert not SectionAnswer.objects.exists()


@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "reviewer"])
def test_import_page_access(plan_001, personas, client_as, who):
    url = reverse("reports-submission-import-word", args=[plan_001[0].sub_a1.pk])
    assert client_as(getattr(personas, who)).get(url).status_code == 404


def formatted_docx() -> bytes:
    """Headings of 001, a paragraph with a bold and an italic run, and a Word bulleted list."""
    import docx

    d = docx.Document()
    d.add_paragraph("1. Công tác triển khai:")
    p = d.add_paragraph("Đã tổ chức ")
    p.add_run("14 hội nghị").bold = True
    p.add_run(" với ")
    p.add_run("1.250 lượt").italic = True
    p.add_run(" người dự.")
    d.add_paragraph("Hình thức tuyên truyền:")
    d.add_paragraph("Loa truyền thanh <phường>", style="List Bullet")
    d.add_paragraph("Hội nghị trực tiếp", style="List Bullet")
    d.add_paragraph("3. KHÓ KHĂN")
    d.add_paragraph("Kinh phí còn hạn chế.")
    stream = io.BytesIO()
    d.save(stream)
    return stream.getvalue()


def test_bold_italic_and_bullets_are_kept(plan_001, personas, client_as):
    plan, _outline, items, by_title = plan_001
    result = split_docx(formatted_docx(), items)
    html = {p.text: p.html for p in result.pieces}
    assert html["Đã tổ chức 14 hội nghị với 1.250 lượt người dự."] == (
        "<p>Đã tổ chức <strong>14 hội nghị</strong> với <em>1.250 lượt</em> người dự.</p>"
    )
    assert html["Loa truyền thanh <phường>"] == "<ul><li>Loa truyền thanh &lt;phường&gt;</li></ul>"

    client = client_as(personas.officer)
    url = reverse("reports-submission-import-word", args=[plan.sub_a1.pk])
    preview = client.post(url, {"file": SimpleUploadedFile("bao-cao.docx", formatted_docx())})
    assert preview.status_code == 200
    assert "<strong>14 hội nghị</strong>" in preview.content.decode()
    post = {"confirm": "1", "file_name": "bao-cao.docx", "piece_count": str(len(result.pieces))}
    for p in preview.context["pieces"]:
        post[f"piece-{p.index}"] = p.text
        post[f"piece-html-{p.index}"] = p.html  # what the hidden field carries back
        post[f"target-{p.index}"] = str(p.target)
    assert client.post(url, post).status_code == 302
    answer = SectionAnswer.objects.get(submission=plan.sub_a1, item=by_title["Công tác triển khai"])
    assert answer.html == (
        "<p>Đã tổ chức <strong>14 hội nghị</strong> với <em>1.250 lượt</em> người dự.</p>"
        "<p>Hình thức tuyên truyền:</p>"
        "<ul><li>Loa truyền thanh &lt;phường&gt;</li><li>Hội nghị trực tiếp</li></ul>"
    )
    assert SectionAnswer.objects.get(submission=plan.sub_a1, item=by_title["Khó khăn"]).html == "<p>Kinh phí còn hạn chế.</p>"


def test_formatted_piece_from_the_page_is_cleaned_again(plan_001, personas, client_as):
    plan, _outline, _items, by_title = plan_001
    url = reverse("reports-submission-import-word", args=[plan.sub_a1.pk])
    post = {"confirm": "1", "piece_count": "1", "piece-0": "Đoạn", "target-0": str(by_title["Khó khăn"].pk),
            "piece-html-0": '<p onclick="x()"><strong>Đoạn</strong><script>alert(1)</script>\x00</p><img src=x onerror=y>'}
    assert client_as(personas.officer).post(url, post).status_code == 302
    assert SectionAnswer.objects.get().html == "<p><strong>Đoạn</strong></p>"
