"""Macro-bearing Office files (a VBA project under the normal .docx/.xlsx name and content type) are
refused everywhere a file comes in, with the same Vietnamese message (lib.uploads.macro_message)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lib.docx_reader import DocxInputError, open_docx
from lib.uploads import UnsafeArchive, check_archive, detect_kind, zip_members
from plans.models import PlanAttachment
from reports.models import Attachment, Outline
from tests.plans.conftest import draft  # noqa: F401  (fixture)
from tests.plans.test_plan_attachments import docx_bytes, xlsx_bytes

MACRO = "macro (mã VBA hoặc ActiveX)"


def with_part(data: bytes, name: str, content: bytes = b"\xd0\xcf\x11\xe0VBA") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(name, content)
    return out.getvalue()


DOCM = with_part(docx_bytes(), "word/vbaProject.bin")
XLSM = with_part(xlsx_bytes(), "xl/vbaProject.bin")
ACTIVEX = with_part(docx_bytes(), "word/activeX/activeX1.bin")


@pytest.mark.parametrize("data", [DOCM, XLSM, ACTIVEX])
def test_check_archive_finds_code_parts(data):
    with pytest.raises(UnsafeArchive) as caught:
        check_archive(zip_members(data))
    assert caught.value.reason == "macro"


def test_plain_office_files_pass():
    assert detect_kind(docx_bytes(), max_bytes=10**7) == "docx"
    assert detect_kind(xlsx_bytes(), max_bytes=10**7) == "xlsx"


@pytest.mark.parametrize("data", [DOCM, XLSM])
def test_detect_kind_refuses_with_the_macro_message(data):
    with pytest.raises(ValidationError) as caught:
        detect_kind(data, max_bytes=10**7)
    assert MACRO in caught.value.messages[0]


def test_word_reader_refuses_a_docm():
    with pytest.raises(DocxInputError, match="macro"):
        open_docx(DOCM, max_bytes=10**7)


@pytest.mark.django_db
def test_evidence_refuses_a_docx_with_a_vba_project(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    response = client_as(personas.officer).post(
        reverse("reports-attachment-upload", args=[sub.pk]), {"file": SimpleUploadedFile("bien-ban.docx", DOCM)}
    )
    assert MACRO in response.content.decode()
    assert not Attachment.objects.filter(submission=sub).exists()


@pytest.mark.django_db
def test_plan_attachment_refuses_an_xlsx_with_a_vba_project(draft, personas, client_as):  # noqa: F811
    response = client_as(personas.reviewer).post(
        reverse("plans-attachment-upload", args=[draft.plan.pk]), {"file": SimpleUploadedFile("phu-luc.xlsx", XLSM)}
    )
    assert MACRO in response.content.decode()
    assert not PlanAttachment.objects.filter(plan=draft.plan).exists()


@pytest.mark.django_db
def test_outline_import_refuses_a_docm(tree, personas, client_as):
    before = Outline.objects.count()
    response = client_as(personas.reviewer).post(
        reverse("reports-outline-import"),
        {"committee": tree.city_a.pk, "file": SimpleUploadedFile("de-cuong.docx", DOCM)},
    )
    assert MACRO in response.content.decode()
    assert Outline.objects.count() == before


@pytest.mark.django_db
def test_indicator_excel_form_refuses_an_xlsm(issued_plan, personas, client_as):
    response = client_as(personas.officer).post(
        reverse("reports-indicator-form-upload", args=[issued_plan.sub_a1.pk]),
        {"file": SimpleUploadedFile("bieu-mau.xlsx", XLSM)},
    )
    assert MACRO in response.content.decode()
