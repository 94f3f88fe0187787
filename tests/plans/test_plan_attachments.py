"""Plan attachments: real type by content, size limit, generated names, changes only by the plan's
own standing committee (draft, or issued as a correction), downloads only for its readers."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Plan, PlanAttachment
from reports.duties.services import plan_issue_with_duties
from tests.conftest import ENCRYPTED_OFFICE, OLD_DOC, local_dt

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes(text="Phụ lục kế hoạch") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số cuộc"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _upload(client, plan, name, data, **extra):
    return client.post(
        reverse("plans-attachment-upload", args=[plan.pk]), {"file": SimpleUploadedFile(name, data), **extra}
    )


def _issue(draft, personas):
    return plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Phụ lục 1.pdf", PDF),
        ("Mẫu báo cáo.docx", docx_bytes()),
        ("Biểu số liệu.xlsx", xlsx_bytes()),
        ("Ảnh.PNG", PNG),
        ("ảnh hội nghị.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
    ],
)
def test_standing_committee_uploads_allowed_types_under_generated_names(draft, personas, client_as, name, data):
    c = client_as(personas.reviewer)
    response = _upload(c, draft.plan, name, data)
    assert response.status_code == 302 and response["Location"].endswith("#tep-dinh-kem")
    attachment = PlanAttachment.objects.get()
    assert (attachment.original_name, attachment.size, attachment.uploaded_by) == (name, len(data), personas.reviewer)
    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert name.rsplit(".", 1)[0] not in attachment.file.name
    assert len(stored.split(".")[0]) == 32  # uuid4 hex
    with attachment.file.open("rb") as handle:
        assert handle.read() == data
    page = c.get(reverse("plans-detail", args=[draft.plan.pk])).content.decode()
    assert name in page and reverse("plans-attachment-download", args=[attachment.pk]) in page


def test_download_gives_the_original_name_and_content(draft, personas, client_as):
    _upload(client_as(personas.reviewer), draft.plan, "Phụ lục 1.pdf", PDF)
    attachment = PlanAttachment.objects.get()
    response = client_as(personas.reviewer).get(reverse("plans-attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        "attachment" in response["Content-Disposition"]
        and "Ph%E1%BB%A5%20l%E1%BB%A5c%201.pdf" in (response["Content-Disposition"])
    )
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("chay-toi.exe", b"MZ\x90\x00" + b"\x00" * 64, "không đúng loại cho phép"),
        ("ghi-chu.txt", "Ghi chú".encode(), "không đúng loại cho phép"),
        ("van-ban.doc", OLD_DOC, "định dạng cũ"),
        ("bao-mat.docx", ENCRYPTED_OFFICE, "Tệp có mật khẩu"),
    ],
)
def test_bad_type_is_refused_next_to_the_field(draft, personas, client_as, name, data, message):
    response = _upload(client_as(personas.reviewer), draft.plan, name, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if message == "không đúng loại cho phép":
        assert "Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), ảnh JPEG hoặc PNG." in html
    assert 'id="attachment-form"' in html
    assert not PlanAttachment.objects.exists()


def test_misleading_extension_is_refused(draft, personas, client_as):
    c = client_as(personas.reviewer)
    response = _upload(c, draft.plan, "bao-cao.pdf", PNG)
    assert response.status_code == 400
    assert "Tên tệp “bao-cao.pdf” không khớp với nội dung thật của tệp (PNG)." in response.content.decode()
    response = _upload(c, draft.plan, "so-lieu.xlsx", docx_bytes())
    assert "không khớp với nội dung thật của tệp (DOCX)" in response.content.decode()
    assert not PlanAttachment.objects.exists()


def test_encrypted_or_broken_word_file_is_refused(draft, personas, client_as):
    import zipfile

    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<not really word")
    response = _upload(client_as(personas.reviewer), draft.plan, "hong.docx", stream.getvalue())
    assert response.status_code == 400 and "Không đọc được nội dung tệp Word" in response.content.decode()
    assert not PlanAttachment.objects.exists()


def test_file_over_the_limit_is_refused(draft, personas, client_as, settings):
    settings.UPLOAD_MAX_FILE_MB = 1
    response = _upload(client_as(personas.reviewer), draft.plan, "lon.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "Tệp “lon.pdf” lớn hơn 1 MB cho phép." in response.content.decode()
    assert not PlanAttachment.objects.exists()
    assert _upload(client_as(personas.reviewer), draft.plan, "vua.pdf", PDF + b"0" * 1000).status_code == 302


def test_only_the_standing_committee_uploads_and_deletes(draft, personas, client_as):
    _upload(client_as(personas.reviewer), draft.plan, "Phụ lục.pdf", PDF)
    attachment = PlanAttachment.objects.get()
    _issue(draft, personas)
    for user in (personas.officer, personas.leader, personas.other_ward_officer, personas.other_city_reviewer):
        c = client_as(user)
        assert _upload(c, draft.plan, "x.pdf", PDF, note="Bổ sung").status_code == 404
        delete = c.post(reverse("plans-attachment-delete", args=[attachment.pk]), {"note": "Bỏ"})
        assert delete.status_code == 404
    response = _upload(client_as(None), draft.plan, "x.pdf", PDF)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert list(PlanAttachment.objects.values_list("original_name", flat=True)) == ["Phụ lục.pdf"]


def test_delete_in_draft_removes_row_and_file(draft, personas, client_as, django_capture_on_commit_callbacks):
    c = client_as(personas.reviewer)
    _upload(c, draft.plan, "Phụ lục.pdf", PDF)
    attachment = PlanAttachment.objects.get()
    storage, path = attachment.file.storage, attachment.file.name
    assert storage.exists(path)
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("plans-attachment-delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not PlanAttachment.objects.exists() and not storage.exists(path)
    assert Plan.objects.get().version == 1  # a draft change is not a correction


def test_issued_plan_takes_attachments_only_as_a_correction(draft, personas, client_as):
    c = client_as(personas.reviewer)
    _upload(c, draft.plan, "Phụ lục 1.pdf", PDF)
    _issue(draft, personas)
    response = _upload(c, draft.plan, "Phụ lục 2.pdf", PDF)
    assert response.status_code == 400 and "Lý do điều chỉnh" in response.content.decode()
    assert PlanAttachment.objects.count() == 1
    response = _upload(c, draft.plan, "Phụ lục 2.pdf", PDF, note="Bổ sung phụ lục 2")
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.version == 2
    revision = plan.revisions.get()
    assert (revision.version, revision.note, revision.snapshot["attachments"]) == (
        1,
        "Bổ sung phụ lục 2",
        ["Phụ lục 1.pdf"],
    )
    first = PlanAttachment.objects.get(original_name="Phụ lục 1.pdf")
    response = c.post(reverse("plans-attachment-delete", args=[first.pk]), {"note": ""})
    assert response.status_code == 302 and PlanAttachment.objects.filter(pk=first.pk).exists()
    c.post(reverse("plans-attachment-delete", args=[first.pk]), {"note": "Thay bằng phụ lục 2"})
    assert list(PlanAttachment.objects.values_list("original_name", flat=True)) == ["Phụ lục 2.pdf"]
    assert Plan.objects.get().version == 3
    revision_page = c.get(reverse("plans-revision", args=[plan.pk, 2])).content.decode()
    assert "Phụ lục 1.pdf" in revision_page and "Phụ lục 2.pdf" in revision_page


def test_draft_attachment_is_read_only_by_its_standing_committee(draft, personas, client_as):
    _upload(client_as(personas.reviewer), draft.plan, "Phụ lục.pdf", PDF)
    url = reverse("plans-attachment-download", args=[PlanAttachment.objects.get().pk])
    assert client_as(personas.reviewer).get(url).status_code == 200
    for user in (personas.officer, personas.other_ward_officer, personas.other_city_reviewer, personas.nobody):
        assert client_as(user).get(url).status_code == 404
    response = client_as(None).get(url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_issued_attachment_is_read_by_target_committee_not_by_others(draft, personas, client_as):
    _upload(client_as(personas.reviewer), draft.plan, "Phụ lục.pdf", PDF)
    _issue(draft, personas)
    url = reverse("plans-attachment-download", args=[PlanAttachment.objects.get().pk])
    for user in (personas.reviewer, personas.officer, personas.leader):
        response = client_as(user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    officer_page = client_as(personas.officer).get(reverse("plans-detail", args=[draft.plan.pk])).content.decode()
    assert "Phụ lục.pdf" in officer_page and 'id="attachment-form"' not in officer_page
    for user in (personas.other_ward_officer, personas.other_city_reviewer, personas.other_city_officer):
        assert client_as(user).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302
    assert client_as(personas.reviewer).get(reverse("plans-attachment-download", args=[999999])).status_code == 404
