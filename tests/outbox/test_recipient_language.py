"""Emails are written in the recipient's language (Vietnamese: the portal stores no other choice
per person), never in the language of the person whose click queued them."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from outbox.models import Email
from outbox.services import email_queue

pytestmark = pytest.mark.django_db


def test_reviewer_using_english_sends_a_vietnamese_extension_email(issued_plan, personas, client_as):
    c = client_as(personas.reviewer)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = c.get(reverse("reports-extension-create", args=[issued_plan.sub_a1.pk]))
    assert page.headers["Content-Language"] == "en"  # the reviewer really works in English
    response = c.post(
        reverse("reports-extension-create", args=[issued_plan.sub_a1.pk]),
        {"new_date": "20/06/2022", "new_time": "17:30", "reason": "Mưa bão kéo dài"},
    )
    assert response.status_code == 302
    emails = Email.objects.filter(key__startswith="extension:")
    assert emails.count() == 3
    for email in emails:
        assert email.subject == "Gia hạn nộp báo cáo: Báo cáo sơ kết giữa nhiệm kỳ"
        assert "Hạn mới: 20/06/2022 17:30." in email.body_text
        assert "Lý do: Mưa bão kéo dài" in email.body_text
        assert "đã gia hạn nộp “Báo cáo sơ kết giữa nhiệm kỳ”" in email.body_text
        assert "deadline" not in (email.subject + email.body_text).lower()


def test_plan_issued_by_a_reviewer_using_english_has_a_vietnamese_subject(tree, personas):
    from plans.models import Plan

    plan = Plan.objects.create(
        committee=tree.city_a, kind=Plan.Kind.INTERIM_REVIEW, number=12, year=2022, place="A", title="Sơ kết & tổng kết"
    )
    with translation.override("en"):  # what the middleware activates for a reviewer who chose English
        email = email_queue(
            key="plan-issued:test", to="canbo_a1@mttq.example", template="plan-issued", context=_plan_context(plan)
        )
    assert email.subject == f"Kế hoạch số {plan.document_number}: Sơ kết & tổng kết"
    assert email.body_text.startswith("Kính gửi ")


def _plan_context(plan):
    return {
        "greeting": "Ủy ban MTTQ Phường A1",
        "plan": plan,
        "issuer": "Ủy ban MTTQ thành phố A",
        "duty_title": "Báo cáo sơ kết",
        "deadline": "14/06/2022 23:59",
        "page_limit": 10,
        "outline_title": "Đề cương",
        "link": "/ke-hoach/1/",
    }
