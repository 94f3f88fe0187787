"""Evidence files: real type by content, size limits, generated names, downloads only for those allowed."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Attachment, SubmissionEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def docx_bytes(text="Biên bản hội nghị") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "Số cuộc"
    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()


def zip_bomb_docx() -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/image1.bin", b"\x00" * (40 * 1024 * 1024))
    return stream.getvalue()


def upload(client, sub, name, data, **extra):
    return client.post(reverse("reports-attachment-upload", args=[sub.pk]), {"file": SimpleUploadedFile(name, data), **extra})


@pytest.mark.parametrize("name, data, content_type", [
    ("bien-ban.pdf", PDF, "application/pdf"),
    ("anh hoi nghi.JPG", JPEG, "image/jpeg"),
    ("so-lieu.png", PNG, "image/png"),
    ("Báo cáo chi tiết.docx", docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("bang so lieu.xlsx", xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_allowed_types_are_stored_under_generated_names(issued_plan, personas, client_as, name, data, content_type):
    response = upload(client_as(personas.officer), issued_plan.sub_a1, name, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert attachment.original_name == name and attachment.content_type == content_type and attachment.size == len(data)
    assert attachment.file.name.startswith(f"evidence/{issued_plan.sub_a1.pk}/")
    assert name.rsplit(".", 1)[0] not in attachment.file.name
    assert "." not in attachment.file.name.rsplit("/", 1)[-1]
    assert SubmissionEvent.objects.filter(action="attached", note=name).exists()


@pytest.mark.parametrize("name, data, message", [
    ("script.exe", b"MZ\x90\x00" + b"\x00" * 100, "không đúng loại cho phép"),
    ("ghi-chu.txt", "Ghi chú".encode(), "không đúng loại cho phép"),
    ("trang.html", b"<html><script>alert(1)</script></html>", "không đúng loại cho phép"),
    ("anh.pdf", PNG, "không khớp với nội dung thật"),
    ("tai-lieu.docx", PDF, "không khớp với nội dung thật"),
    ("virus.pdf.exe", PDF, "không khớp với nội dung thật"),
    ("la-zip.docx", b"PK\x03\x04garbage", "không đúng loại cho phép"),
])
def test_forbidden_or_misleading_files_are_refused(issued_plan, personas, client_as, name, data, message):
    client = client_as(personas.officer)
    response = upload(client, issued_plan.sub_a1, name, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "is-invalid" in html
    assert not Attachment.objects.exists()


def test_zip_bomb_docx_is_refused(issued_plan, personas, client_as):
    response = upload(client_as(personas.officer), issued_plan.sub_a1, "bao-cao.docx", zip_bomb_docx())
    assert response.status_code == 400
    assert "giải nén bất thường" in response.content.decode()  # the shared check of plans/files.py
    assert not Attachment.objects.exists()


def test_file_over_the_limit_is_refused_and_typed_text_stays(issued_plan, personas, client_as, settings):
    import json

    settings.UPLOAD_MAX_FILE_MB = 1
    client = client_as(personas.officer)
    client.post(reverse("reports-submission-save-section", args=[issued_plan.sub_a1.pk]),
                data=json.dumps({"item": issued_plan.items.s11.pk, "html": "<p>Nội dung đã gõ</p>", "revision": 0}),
                content_type="application/json")
    response = upload(client, issued_plan.sub_a1, "lon.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    html = response.content.decode()
    assert "lớn hơn 1 MB cho phép" in html
    assert "Nội dung đã gõ" in html
    assert not Attachment.objects.exists()


def test_report_total_limit(issued_plan, personas, client_as, settings):
    settings.UPLOAD_MAX_FILE_MB = 1
    settings.UPLOAD_MAX_REPORT_MB = 1
    client = client_as(personas.officer)
    assert upload(client, issued_plan.sub_a1, "a.pdf", PDF + b"0" * 600_000).status_code == 302
    response = upload(client, issued_plan.sub_a1, "b.pdf", PDF + b"0" * 600_000)
    assert response.status_code == 400
    assert "Tổng dung lượng minh chứng của báo cáo vượt quá 1 MB" in response.content.decode()
    assert Attachment.objects.count() == 1


@pytest.fixture
def attachment(issued_plan, personas, client_as):
    assert upload(client_as(personas.officer), issued_plan.sub_a1, "Biên bản hội nghị.pdf", PDF).status_code == 302
    return Attachment.objects.get()


@pytest.mark.parametrize("who", ["officer", "leader", "reviewer"])
def test_download_for_those_allowed_with_original_name(attachment, personas, client_as, who):
    response = client_as(getattr(personas, who)).get(reverse("reports-attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%99i%20ngh%E1%BB%8B.pdf" in disposition


@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "other_city_officer", "org_officer", "nobody"])
def test_download_refused_for_others(attachment, personas, client_as, who):
    response = client_as(getattr(personas, who)).get(reverse("reports-attachment-download", args=[attachment.pk]))
    assert response.status_code == 404


def test_download_anonymous_goes_to_login(attachment, client_as):
    response = client_as(None).get(reverse("reports-attachment-download", args=[attachment.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_others_cannot_upload_or_delete(attachment, issued_plan, personas, client_as):
    for who in ("other_ward_officer", "other_city_reviewer", "reviewer"):
        client = client_as(getattr(personas, who))
        assert upload(client, issued_plan.sub_a1, "x.pdf", PDF).status_code == 404
        assert client.post(reverse("reports-attachment-delete", args=[attachment.pk])).status_code == 404
    assert Attachment.objects.count() == 1


def test_officer_deletes_while_editable_only(attachment, issued_plan, personas, client_as, django_capture_on_commit_callbacks):
    storage, path = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(personas.officer).post(reverse("reports-attachment-delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not storage.exists(path)


def test_no_upload_after_submit(issued_plan, personas, client_as):
    from reports.models import Submission

    Submission.objects.filter(pk=issued_plan.sub_a1.pk).update(state="submitted")
    response = upload(client_as(personas.officer), issued_plan.sub_a1, "a.pdf", PDF)
    assert response.status_code == 302
    assert not Attachment.objects.exists()
