"""Evidence uploaded from the editing page is listed there (with download links) and can be
removed while the report is editable; nobody else sees or removes it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Attachment, Submission, SubmissionEvent

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(client, sub, name="bien-ban-hoi-nghi.pdf"):
    return client.post(
        reverse("reports-attachment-upload", args=[sub.pk]), {"file": SimpleUploadedFile(name, PDF)}, follow=True
    )


def test_uploaded_evidence_is_listed_on_the_editing_page(issued_plan, personas, client_as):
    client = client_as(personas.officer)
    response = upload(client, issued_plan.sub_a1)
    html = response.content.decode()
    attachment = Attachment.objects.get()
    assert "Đã thêm minh chứng" in html
    assert "Chưa có minh chứng nào." not in html
    assert f'href="{reverse("reports-attachment-download", args=[attachment.pk])}"' in html
    assert f'action="{reverse("reports-attachment-delete", args=[attachment.pk])}"' in html
    assert "data-confirm=" in html
    # Still there after a reload.
    html = client.get(reverse("reports-submission-edit", args=[issued_plan.sub_a1.pk])).content.decode()
    assert "bien-ban-hoi-nghi.pdf" in html and "Chưa có minh chứng nào." not in html


def test_officer_removes_a_wrong_upload(issued_plan, personas, client_as):
    client = client_as(personas.officer)
    upload(client, issued_plan.sub_a1)
    attachment = Attachment.objects.get()
    response = client.post(reverse("reports-attachment-delete", args=[attachment.pk]), follow=True)
    html = response.content.decode()
    assert not Attachment.objects.exists()
    assert "Đã xóa minh chứng" in html and "Chưa có minh chứng nào." in html
    assert SubmissionEvent.objects.filter(action="detached", note="bien-ban-hoi-nghi.pdf").exists()


def test_delete_needs_post(issued_plan, personas, client_as):
    client = client_as(personas.officer)
    upload(client, issued_plan.sub_a1)
    attachment = Attachment.objects.get()
    assert client.get(reverse("reports-attachment-delete", args=[attachment.pk])).status_code == 405
    assert Attachment.objects.exists()


def test_no_removal_once_submitted(issued_plan, personas, client_as):
    client = client_as(personas.officer)
    upload(client, issued_plan.sub_a1)
    attachment = Attachment.objects.get()
    Submission.objects.filter(pk=issued_plan.sub_a1.pk).update(state=Submission.State.SUBMITTED)
    response = client.post(reverse("reports-attachment-delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    html = client.get(reverse("reports-submission-detail", args=[issued_plan.sub_a1.pk])).content.decode()
    assert reverse("reports-attachment-delete", args=[attachment.pk]) not in html


@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "reviewer", None])
def test_others_cannot_list_or_remove_evidence(issued_plan, personas, client_as, who):
    upload(client_as(personas.officer), issued_plan.sub_a1)
    attachment = Attachment.objects.get()
    client = client_as(getattr(personas, who) if who else None)
    edit = client.get(reverse("reports-submission-edit", args=[issued_plan.sub_a1.pk]))
    remove = client.post(reverse("reports-attachment-delete", args=[attachment.pk]))
    if who is None:
        assert edit.status_code == 302 and "/dang-nhap/" in edit["Location"]
        assert remove.status_code == 302 and "/dang-nhap/" in remove["Location"]
    else:
        assert edit.status_code == 404 and remove.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()
