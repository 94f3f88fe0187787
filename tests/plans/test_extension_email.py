"""Granting an extension emails the committee's people the new deadline and the reason."""

import pytest
from django.urls import reverse

from outbox.models import Email
from outbox.services import emails_send_due
from reports.duties.services import extension_grant, plan_issue_with_duties
from reports.models import Submission
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db


def test_extension_mails_officers_leaders_and_committee_address(draft, personas, client_as, smtp_server):
    plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date(), notify=False)
    submission = Submission.objects.get()
    response = client_as(personas.reviewer).post(
        reverse("reports-extension-create", args=[submission.pk]),
        {"new_date": "20/06/2022", "new_time": "17:30", "reason": "Mưa bão kéo dài"},
    )
    assert response.status_code == 302
    extension = submission.extensions.get()
    emails = Email.objects.filter(key__startswith=f"extension:{extension.pk}:")
    assert sorted(emails.values_list("to", flat=True)) == [
        "canbo_a1@mttq.example",
        "lanhdao_a1@mttq.example",
        "tp-a-p1@mttq.example",
    ]
    assert emails_send_due() == 3
    got = {m.rcpt_tos[0]: m for m in smtp_server.messages}
    assert set(got) == {"canbo_a1@mttq.example", "lanhdao_a1@mttq.example", "tp-a-p1@mttq.example"}
    message = got["lanhdao_a1@mttq.example"]
    assert "Gia hạn nộp báo cáo: Báo cáo sơ kết của phường A1" in message.subject
    body = message.message.get_body(("plain",)).get_content()
    assert "Hạn mới: 20/06/2022 17:30." in body
    assert "Lý do: Mưa bão kéo dài" in body
    assert reverse("reports-submission-detail", args=[submission.pk]) in body


def test_second_extension_mails_again_and_other_wards_get_nothing(draft, personas):
    plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date(), notify=False)
    submission = Submission.objects.get()
    first = extension_grant(
        submission=submission, new_deadline=local_dt(2022, 6, 20, 23, 59, 59), reason="Mưa bão", by=personas.reviewer
    )
    second = extension_grant(
        submission=submission, new_deadline=local_dt(2022, 6, 25, 23, 59, 59), reason="Thêm", by=personas.reviewer
    )
    assert Email.objects.filter(key__startswith=f"extension:{first.pk}:").count() == 3
    assert Email.objects.filter(key__startswith=f"extension:{second.pk}:").count() == 3
    assert not Email.objects.filter(to__icontains="a2").exists()
    assert "25/06/2022 23:59" in Email.objects.filter(key__startswith=f"extension:{second.pk}:").first().body_text
