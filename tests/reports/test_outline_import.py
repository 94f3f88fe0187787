"""Importing an outline in the browser (paste or .docx -> tree to correct -> save) and from the
command line; every bad input gives a clear message and keeps what was typed."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from reports.models import Outline, OutlineItem
from tests.conftest import ENCRYPTED_OFFICE

pytestmark = pytest.mark.django_db
SEED_001 = Path(__file__).resolve().parents[2] / "demo" / "data" / "outline_001.txt"
URL = "/bao-cao/de-cuong/nhap/"


def _rows_from_context(response):
    rows = response.context["rows"]
    header = response.context["header"]
    data = {"step": "tree", "row-TOTAL_FORMS": str(rows.total_form_count()), "row-INITIAL_FORMS": "0"}
    data.update({f"o-{k}": v for k, v in header.initial.items() if v is not None})
    for i, form in enumerate(rows.forms):
        for name in ("depth", "label", "title", "guidance"):
            data[f"row-{i}-{name}"] = form.initial.get(name, "")
    return data


def test_url_names():
    assert reverse("reports-outline-import") == URL
    assert reverse("reports-outline-list") == "/bao-cao/de-cuong/"


def test_paste_001_shows_tree_then_saves_with_exact_structure(tree, personas, client_as):
    c = client_as(personas.reviewer)
    response = c.post(URL, {"committee": tree.city_a.pk, "title": "", "text": SEED_001.read_text(encoding="utf-8")})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kiểm tra cây mục trước khi lưu" in html and "Bỏ qua số trang “4”" in html
    assert not Outline.objects.exists()  # nothing saved before the person confirms
    data = _rows_from_context(response)
    assert data["o-title"].startswith("Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết")
    response = c.post(URL, data)
    outline = Outline.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports-outline-detail", args=[outline.pk])
    top = list(OutlineItem.objects.filter(outline=outline, parent=None).order_by("position"))
    assert [i.label for i in top] == ["I.", "II.", "III.", "IV.", "V.", "VI."]
    parts = list(top[1].children.order_by("position"))
    assert [p.label for p in parts] == ["1.", "2.", "3.", "4.", "5."]
    assert [p.children.count() for p in parts] == [4, 9, 5, 4, 8]
    dashes = list(parts[2].children.order_by("position"))
    assert all(d.label == "-" for d in dashes)
    assert [d.children.count() for d in dashes] == [4, 4, 2, 0, 0]
    assert {g.label for d in dashes for g in d.children.all()} == {"+"}
    # nothing dropped: the line under III. is its guidance
    assert top[2].guidance.startswith("Trên cơ sở Chương trình hành động")
    assert top[4].guidance.startswith("Để giải quyết khó khăn")


def test_person_corrects_the_tree_before_saving(tree, personas, client_as):
    c = client_as(personas.reviewer)
    response = c.post(
        URL,
        {
            "committee": tree.city_a.pk,
            "title": "Đề cương thử",
            "text": "I. PHẦN MỘT\n1. Mục một\n2. Mục hai\nII. PHẦN HAI",
        },
    )
    data = _rows_from_context(response)
    data["row-2-depth"] = "3"  # two levels deeper than the row above: refused
    response = c.post(URL, data)
    assert response.status_code == 200 and "Dòng 3: lùi quá một cấp so với dòng trên." in response.content.decode()
    assert "Mục hai" in response.content.decode() and not Outline.objects.exists()
    data["row-2-depth"] = "0"
    data["row-2-label"] = "III."
    data["row-2-title"] = "PHẦN BA (sửa)"
    data["row-3-DELETE"] = "on"
    assert c.post(URL, data).status_code == 302
    outline = Outline.objects.get(title="Đề cương thử")
    assert [(i.depth, i.label, i.title) for i in outline.ordered_items()] == [
        (0, "I.", "PHẦN MỘT"),
        (1, "1.", "Mục một"),
        (0, "III.", "PHẦN BA (sửa)"),
    ]


def _docx_bytes(lines) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_upload_docx_with_odd_numbering(tree, personas, client_as):
    """An outline starting at "1." with "a)" under it, and "-" straight under "I."."""
    data = _docx_bytes(
        [
            "ĐỀ CƯƠNG BÁO CÁO",
            "Kết quả năm 2023",
            "1. Công tác tuyên truyền",
            "a) Hình thức",
            "b) Kết quả",
            "2. Giám sát",
            "- Số cuộc giám sát",
            "Ghi rõ nội dung giám sát.",
        ]
    )
    response = client_as(personas.reviewer).post(
        URL, {"committee": tree.city_a.pk, "title": "", "file": SimpleUploadedFile("de-cuong.docx", data)}
    )
    assert response.status_code == 200
    rows = [
        (f.initial["depth"], f.initial["label"], f.initial["title"], f.initial["guidance"])
        for f in response.context["rows"].forms
    ]
    assert rows == [
        (0, "1.", "Công tác tuyên truyền", ""),
        (1, "a)", "Hình thức", ""),
        (1, "b)", "Kết quả", ""),
        (0, "2.", "Giám sát", ""),
        (1, "-", "Số cuộc giám sát", "Ghi rõ nội dung giám sát."),
    ]
    assert response.context["header"].initial["title"] == "Kết quả năm 2023"


@pytest.mark.parametrize(
    "upload, message",
    [
        (b"This is not a Word file at all", "không phải"),
        (ENCRYPTED_OFFICE, "Tệp có mật khẩu"),
    ],
    ids=["not-a-docx", "encrypted"],
)
def test_bad_file_gives_clear_message_and_saves_nothing(tree, personas, client_as, upload, message):
    response = client_as(personas.reviewer).post(
        URL, {"committee": tree.city_a.pk, "title": "Giữ tên này", "file": SimpleUploadedFile("x.docx", upload)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.lower() or message in html
    assert 'value="Giữ tên này"' in html
    assert not Outline.objects.exists()


def test_too_big_file_is_refused(tree, personas, client_as, monkeypatch):
    import reports.outlines.forms

    monkeypatch.setattr(reports.outlines.forms, "MAX_IMPORT_MB", 1)
    big = SimpleUploadedFile("lon.docx", b"PK" + b"0" * (1024 * 1024 + 10))
    response = client_as(personas.reviewer).post(URL, {"committee": tree.city_a.pk, "title": "", "file": big})
    assert "Tệp quá lớn (tối đa 1 MB)" in response.content.decode()
    assert not Outline.objects.exists()


def test_text_without_numbering_keeps_the_pasted_text(tree, personas, client_as):
    text = "Báo cáo tình hình chung\nKết quả đạt được trong năm"
    response = client_as(personas.reviewer).post(URL, {"committee": tree.city_a.pk, "title": "", "text": text})
    html = response.content.decode()
    assert "Không nhận ra cấu trúc đánh số" in html
    assert "Báo cáo tình hình chung\nKết quả đạt được trong năm" in html  # still in the textarea
    assert not Outline.objects.exists()


def test_nothing_given(tree, personas, client_as):
    response = client_as(personas.reviewer).post(URL, {"committee": tree.city_a.pk, "title": "", "text": "  "})
    assert "Xin chọn tệp Word (.docx) hoặc dán nội dung đề cương." in response.content.decode()


def test_import_page_access(tree, personas, client_as):
    assert client_as(personas.reviewer).get(URL).status_code == 200
    for user in (personas.officer, personas.other_ward_officer, personas.nobody):
        assert client_as(user).get(URL).status_code == 404
    # another city's standing committee cannot import for city A
    response = client_as(personas.other_city_reviewer).post(URL, {"committee": tree.city_a.pk, "text": "I. A"})
    assert response.status_code == 200 and "committee" in response.context["form"].errors
    assert client_as(None).get(URL).status_code == 302


def test_import_outline_command_prints_the_tree(capsys):
    call_command("import_outline", str(SEED_001))
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == [
        "I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT",
        "  1. Công tác triển khai",
        "    - Hình thức",
        "    - Số cuộc, số lượt người dự",
    ]
    assert sum(1 for line in lines if not line.startswith(" ")) == 6
    assert "      + Tham gia góp ý kiến với Đảng, Nhà nước." in lines


def test_import_outline_command_refuses_bad_file(tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "x.docx"
    bad.write_bytes(b"hello")
    with pytest.raises(CommandError):
        call_command("import_outline", str(bad))
