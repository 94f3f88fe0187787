"""Length limits (#14): a 10 MB section or a 1 MB return reason is refused with a clear Vietnamese
message, nothing stored and nothing emailed; what was typed stays with the person."""

import json

import pytest
from django.urls import reverse

from outbox.models import Email
from reports.models import ReviewComment, SectionAnswer, Submission
from reports.submissions import services
from tests.reports.test_review import submitted  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
HUGE = "<p>" + "Nội dung rất dài. " * 20_000 + "</p>"  # ~360.000 characters


def test_autosave_of_a_huge_section_is_refused_and_stores_nothing(issued_plan, personas, client_as):
    assert len(HUGE) > services.SECTION_MAX_CHARS
    url = reverse("reports-submission-save-section", args=[issued_plan.sub_a1.pk])
    payload = {"item": issued_plan.items.s11.pk, "html": HUGE, "revision": 0}
    r = client_as(personas.officer).post(url, data=json.dumps(payload), content_type="application/json")
    assert r.status_code == 400
    body = r.json()
    assert body["too_long"] and "dài quá giới hạn" in body["error"] and "tối đa 300.000" in body["error"]
    assert not SectionAnswer.objects.filter(submission=issued_plan.sub_a1).exclude(html="").exists()


def test_a_section_just_under_the_limit_is_saved(issued_plan, personas, client_as):
    html = "<p>" + "x" * (services.SECTION_MAX_CHARS - 10) + "</p>"
    url = reverse("reports-submission-save-section", args=[issued_plan.sub_a1.pk])
    payload = {"item": issued_plan.items.s11.pk, "html": html, "revision": 0}
    r = client_as(personas.officer).post(url, data=json.dumps(payload), content_type="application/json")
    assert r.status_code == 200 and r.json()["ok"]


def test_no_javascript_form_with_a_huge_section_says_so_and_keeps_the_rest(issued_plan, personas, client_as):
    s11, s12 = issued_plan.items.s11.pk, issued_plan.items.s12.pk
    r = client_as(personas.officer).post(
        reverse("reports-submission-edit", args=[issued_plan.sub_a1.pk]),
        {f"section-{s11}": HUGE, f"revision-{s11}": "0", f"section-{s12}": "<p>Thuận lợi.</p>", f"revision-{s12}": "0"},
        follow=True,
    )
    assert "dài quá giới hạn" in r.content.decode()
    answers = dict(SectionAnswer.objects.filter(submission=issued_plan.sub_a1).values_list("item_id", "html"))
    assert answers.get(s12) == "<p>Thuận lợi.</p>" and not answers.get(s11)


def test_a_megabyte_return_reason_is_refused_and_nothing_is_sent(submitted, personas, client_as):  # noqa: F811
    sub = submitted.sub_a1
    before = Email.objects.count()
    r = client_as(personas.reviewer).post(
        reverse("reports-submission-return", args=[sub.pk]), {"reason": "x" * 1_000_000}
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "tối đa 5.000 ký tự" in html and "dài 1.000.000 ký tự" in html
    sub.refresh_from_db()
    assert sub.state == Submission.State.SUBMITTED and Email.objects.count() == before


def test_a_huge_comment_is_refused(submitted, personas, client_as):  # noqa: F811
    r = client_as(personas.reviewer).post(
        reverse("reports-submission-review", args=[submitted.sub_a1.pk]), {"text": "y" * 5001, "item": ""}
    )
    assert r.status_code == 400 and "tối đa 5.000 ký tự" in r.content.decode()
    assert not ReviewComment.objects.exists()
