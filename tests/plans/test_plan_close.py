"""Closing a plan: issued -> closed by its own standing committee only; a closed plan is read-only."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Plan, PlanAttachment
from plans.services import plan_close, plan_correct, plan_update
from reports.duties.services import extension_grant, plan_issue_with_duties
from reports.models import Submission
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _issue(draft, personas):
    return plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())


def test_standing_committee_closes_an_issued_plan(draft, personas, client_as):
    _issue(draft, personas)
    url = reverse("plans-close", args=[draft.plan.pk])
    assert client_as(personas.reviewer).get(url).status_code == 405
    response = client_as(personas.reviewer).post(url)
    assert response.status_code == 302 and response["Location"] == reverse("plans-detail", args=[draft.plan.pk])
    plan = Plan.objects.get()
    assert plan.state == Plan.State.CLOSED and plan.closed_at is not None
    page = client_as(personas.reviewer).get(reverse("plans-detail", args=[plan.pk])).content.decode()
    assert "Đã kết thúc" in page
    assert "Kết thúc kế hoạch" not in page and reverse("plans-correct", args=[plan.pk]) not in page
    assert 'id="attachment-form"' not in page


def test_only_its_standing_committee_can_close(draft, personas, client_as):
    _issue(draft, personas)
    url = reverse("plans-close", args=[draft.plan.pk])
    for user in (personas.officer, personas.leader, personas.other_ward_officer, personas.other_city_reviewer):
        assert client_as(user).post(url).status_code == 404
    response = client_as(None).post(url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert Plan.objects.get().state == Plan.State.ISSUED


def test_draft_cannot_be_closed(draft, personas, client_as):
    response = client_as(personas.reviewer).post(reverse("plans-close", args=[draft.plan.pk]), follow=True)
    assert "Chỉ kết thúc được kế hoạch đã ban hành." in response.content.decode()
    assert Plan.objects.get().state == Plan.State.DRAFT
    with pytest.raises(ValidationError):
        plan_close(plan=draft.plan, by=personas.reviewer)


def test_closed_plan_is_read_only(draft, personas, client_as):
    c = client_as(personas.reviewer)
    c.post(reverse("plans-attachment-upload", args=[draft.plan.pk]), {"file": SimpleUploadedFile("a.pdf", PDF)})
    attachment = PlanAttachment.objects.get()
    _issue(draft, personas)
    plan = plan_close(plan=Plan.objects.get(), by=personas.reviewer)
    with pytest.raises(ValidationError):
        plan_close(plan=plan, by=personas.reviewer)
    with pytest.raises(ValidationError):
        plan_update(plan=plan, by=personas.reviewer, title="Đổi tên")
    with pytest.raises(ValidationError):
        plan_correct(plan=plan, by=personas.reviewer, note="Sửa", title="Đổi tên")
    with pytest.raises(ValidationError):
        extension_grant(
            submission=Submission.objects.get(),
            new_deadline=local_dt(2022, 6, 30, 23, 59, 59),
            reason="Mưa bão",
            by=personas.reviewer,
        )
    # the pages refuse too, and the plan stays as it was
    assert c.get(reverse("plans-correct", args=[plan.pk])).status_code == 404
    assert c.get(reverse("plans-edit", args=[plan.pk])).status_code == 302
    assert c.get(reverse("reports-duty-create", args=[plan.pk])).status_code == 302
    response = c.post(
        reverse("plans-attachment-upload", args=[plan.pk]),
        {"file": SimpleUploadedFile("b.pdf", PDF), "note": "Thêm"},
        follow=True,
    )
    assert "Kế hoạch đã kết thúc, không thay đổi tệp đính kèm được." in response.content.decode()
    response = c.post(reverse("plans-attachment-delete", args=[attachment.pk]), {"note": "Bỏ"}, follow=True)
    assert "Kế hoạch đã kết thúc, không thay đổi tệp đính kèm được." in response.content.decode()
    assert list(PlanAttachment.objects.values_list("original_name", flat=True)) == ["a.pdf"]
    plan.refresh_from_db()
    assert (plan.state, plan.version, plan.title) == (Plan.State.CLOSED, 1, draft.plan.title)
    # still readable by those who could read it
    assert client_as(personas.officer).get(reverse("plans-detail", args=[plan.pk])).status_code == 200
    assert (
        client_as(personas.officer).get(reverse("plans-attachment-download", args=[attachment.pk])).status_code == 200
    )
