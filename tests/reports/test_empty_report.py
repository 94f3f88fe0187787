"""A report with nothing written is refused at submit, and the check page says what is still empty,
with links to those places in the editor."""

import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports.models import Submission, SubmissionVersion
from reports.submissions import selectors, services
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db
BEFORE = local_dt(2022, 6, 10, 9, 41)


@pytest.fixture
def optional_plan(issued_plan):
    """The same plan with nothing required: only the empty-report rule stands in the way."""
    issued_plan.items.s11.required = False
    issued_plan.items.s11.save()
    return issued_plan


def save(client, sub, payload):
    return client.post(
        reverse("reports-submission-save-section", args=[sub.pk]), data=json.dumps(payload), content_type="application/json"
    )


@time_machine.travel(BEFORE, tick=False)
def test_empty_report_is_refused_and_the_check_page_links_to_the_sections(optional_plan, personas, client_as):
    p = optional_plan
    client = client_as(personas.officer)
    url = reverse("reports-submission-submit", args=[p.sub_a1.pk])
    page = client.get(url)
    html = page.content.decode()
    assert "Báo cáo chưa có nội dung" in html
    assert 'id="submit-button"' not in html
    edit = reverse("reports-submission-edit", args=[p.sub_a1.pk])
    for item in (p.items.s1, p.items.s11, p.items.s12, p.items.s2):
        assert f'href="{edit}#item-{item.pk}"' in html
    response = client.post(url)
    assert response.status_code == 400
    assert "Báo cáo chưa có nội dung" in response.content.decode()
    p.sub_a1.refresh_from_db()
    assert p.sub_a1.state == Submission.State.NOT_STARTED and not SubmissionVersion.objects.exists()


@time_machine.travel(BEFORE, tick=False)
def test_blank_text_only_counts_as_empty(optional_plan, personas, client_as):
    p = optional_plan
    client = client_as(personas.officer)
    assert save(client, p.sub_a1, {"item": p.items.s12.pk, "html": "<p>&nbsp; </p><p><br></p>", "revision": 0}).status_code == 200
    p.sub_a1.refresh_from_db()
    check = selectors.submission_check(submission=p.sub_a1, by=personas.officer)
    assert check.empty and not check.ok
    with pytest.raises(ValidationError):
        services.submission_submit(submission=p.sub_a1, by=personas.officer)
    p.sub_a1.refresh_from_db()
    assert p.sub_a1.state != Submission.State.SUBMITTED


@time_machine.travel(BEFORE, tick=False)
@pytest.mark.parametrize("payload", ["text", "indicator"])
def test_one_section_or_one_indicator_is_enough(optional_plan, personas, client_as, payload):
    p = optional_plan
    client = client_as(personas.officer)
    if payload == "text":
        body = {"item": p.items.s2.pk, "html": "<p>Đã tổ chức 3 hội nghị.</p>", "revision": 0}
    else:
        body = {"indicators": {str(p.indicators.meetings.pk): "3"}}
    assert save(client, p.sub_a1, body).status_code == 200
    response = client.post(reverse("reports-submission-submit", args=[p.sub_a1.pk]))
    assert response.status_code == 302
    p.sub_a1.refresh_from_db()
    assert p.sub_a1.state == Submission.State.SUBMITTED


@time_machine.travel(BEFORE, tick=False)
def test_required_indicator_is_listed_with_a_link_to_its_field(issued_plan, personas, client_as):
    p = issued_plan
    p.indicators.attendees.required = True
    p.indicators.attendees.save()
    html = client_as(personas.officer).get(reverse("reports-submission-submit", args=[p.sub_a1.pk])).content.decode()
    edit = reverse("reports-submission-edit", args=[p.sub_a1.pk])
    assert f'href="{edit}#indicator-{p.indicators.attendees.pk}"' in html
    assert f'href="{edit}#item-{p.items.s11.pk}"' in html


@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "reviewer"])
def test_check_page_is_not_for_others(optional_plan, personas, client_as, who):
    url = reverse("reports-submission-submit", args=[optional_plan.sub_a1.pk])
    assert client_as(getattr(personas, who)).get(url).status_code == 404


def test_check_page_sends_anonymous_to_login(optional_plan, client_as):
    response = client_as(None).get(reverse("reports-submission-submit", args=[optional_plan.sub_a1.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
