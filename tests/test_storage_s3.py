"""Files on shared object storage: the upload, download and consolidation flows against an S3
server on loopback (moto's server mode), through django-storages and boto3 as in production
(settings.file_storage with S3_* variables). Nothing lands on the local disk; downloads go through
the portal's views and access checks; the bucket's objects are private."""

import io
import os

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.reports.test_consolidation import build_now, fill_round, read_docx

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def local_files(settings_tmp: str) -> list[str]:
    return [os.path.join(d, f) for d, _dirs, files in os.walk(settings_tmp) for f in files]


def test_default_storage_is_the_s3_backend(s3_storage):
    from django.core.files.storage import storages
    from storages.backends.s3 import S3Storage

    assert isinstance(storages["default"], S3Storage)
    name = default_storage.save("probe/a.txt", io.BytesIO(b"x"))
    assert s3_storage.keys() == [name]


def test_evidence_is_stored_in_the_bucket_and_streamed_to_those_allowed(
    s3_storage, issued_plan, personas, client_as, tmp_path, django_capture_on_commit_callbacks
):
    from reports.models import Attachment

    officer = client_as(personas.officer)
    url = reverse("reports-attachment-upload", args=[issued_plan.sub_a1.pk])
    response = officer.post(url, {"file": SimpleUploadedFile("Biên bản hội nghị.pdf", PDF)})
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert s3_storage.keys() == [attachment.file.name] and attachment.file.name.startswith("evidence/")
    assert local_files(str(tmp_path / "files")) == []  # nothing on this machine's disk
    # Private: only the owner holds a grant on the object, nobody else (no AllUsers / public-read).
    acl = s3_storage.client.get_object_acl(Bucket=s3_storage.bucket, Key=attachment.file.name)
    assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]
    assert all(g["Grantee"].get("Type") == "CanonicalUser" for g in acl["Grants"])

    download = reverse("reports-attachment-download", args=[attachment.pk])
    for who in ("officer", "reviewer"):
        response = client_as(getattr(personas, who)).get(download)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "Location" not in response  # streamed by the portal, never a redirect to the bucket
    for who in ("other_ward_officer", "other_city_reviewer"):
        assert client_as(getattr(personas, who)).get(download).status_code == 404
    assert client_as(None).get(download).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(reverse("reports-attachment-delete", args=[attachment.pk]))
    assert response.status_code == 302 and s3_storage.keys() == []


def test_an_object_gone_from_the_bucket_is_a_404_not_an_error(s3_storage, issued_plan, personas, client_as):
    from reports.models import Attachment

    officer = client_as(personas.officer)
    officer.post(
        reverse("reports-attachment-upload", args=[issued_plan.sub_a1.pk]),
        {"file": SimpleUploadedFile("a.pdf", PDF)},
    )
    attachment = Attachment.objects.get()
    s3_storage.client.delete_object(Bucket=s3_storage.bucket, Key=attachment.file.name)
    assert officer.get(reverse("reports-attachment-download", args=[attachment.pk])).status_code == 404


def test_two_files_of_the_same_name_keep_both(s3_storage):
    first = default_storage.save("plans/2022/bien-ban.pdf", io.BytesIO(b"one"))
    second = default_storage.save("plans/2022/bien-ban.pdf", io.BytesIO(b"two"))
    assert first != second and sorted(s3_storage.keys()) == sorted([first, second])
    with default_storage.open(first, "rb") as fh:
        assert fh.read() == b"one"


def test_plan_attachment_upload_and_download(s3_storage, issued_plan, personas, client_as):
    from plans.models import PlanAttachment

    reviewer = client_as(personas.reviewer)
    response = reviewer.post(
        reverse("plans-attachment-upload", args=[issued_plan.plan.pk]),
        {"file": SimpleUploadedFile("Phụ lục 1.pdf", PDF), "note": "Bổ sung phụ lục 1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = PlanAttachment.objects.get()
    assert s3_storage.keys() == [attachment.file.name]
    download = reverse("plans-attachment-download", args=[attachment.pk])
    response = client_as(personas.officer).get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert client_as(personas.other_city_reviewer).get(download).status_code == 404


def test_consolidation_is_built_into_the_bucket_and_downloaded(s3_storage, issued_plan, personas, client_as, settings):
    fill_round(issued_plan)
    build = build_now(issued_plan.duty)
    assert build.state == "done", build.error
    assert build.file.name in s3_storage.keys()
    if build.xlsx:
        assert build.xlsx.name in s3_storage.keys()
    # the build's temporary folder (its .part files) is gone once the files are stored
    assert not os.path.isdir(settings.CONSOLIDATION_TMP_DIR) or os.listdir(settings.CONSOLIDATION_TMP_DIR) == []
    url = reverse("reports-consolidation-download", args=[build.pk, "docx"])
    response = client_as(personas.reviewer).get(url)
    assert response.status_code == 200
    texts = [p.text for p in read_docx(b"".join(response.streaming_content)).paragraphs]
    assert any("Phường A1" in t for t in texts)
    assert client_as(personas.other_city_reviewer).get(url).status_code == 404
    assert client_as(personas.officer).get(url).status_code in (403, 404)


def test_every_file_field_stores_through_the_configured_storage(s3_storage):
    """Evidence, attachments, minutes, congress documents, built files: no model names a storage of
    its own, so with S3_BUCKET every one of them lands in the bucket."""
    from django.apps import apps
    from django.db.models import FileField
    from storages.backends.s3 import S3Storage

    fields = [f for m in apps.get_models() for f in m._meta.get_fields() if isinstance(f, FileField)]
    names = {f"{f.model._meta.label}.{f.name}" for f in fields}
    assert {"reports.Attachment.file", "reports.ConsolidationBuild.xlsx", "plans.PlanAttachment.file"} <= names
    assert len(fields) >= 7
    for f in fields:
        assert f.storage is default_storage, f"{f.model._meta.label}.{f.name} has a storage of its own"
    default_storage.exists("x")  # resolves the lazy default storage
    assert type(default_storage._wrapped) is S3Storage
