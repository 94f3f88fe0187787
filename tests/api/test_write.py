"""Indicator values pushed through the API: into the committee's own open report only, read by the
Excel form's own rule value by value, all or nothing; a submitted report answers 409."""

import pytest

from reports.models import Indicator, IndicatorValue, Submission
from reports.submissions.services import submission_submit

pytestmark = pytest.mark.django_db


def put(client, sub, values):
    return client.put(
        f"/api/v1/submissions/{sub.pk}/indicator-values/", {"values": values}, content_type="application/json"
    )


def test_values_are_written_as_the_portal_reads_them(api_client, personas, issued_plan):
    p = issued_plan
    meetings, attendees = str(p.indicators.meetings.pk), str(p.indicators.attendees.pk)
    response = put(api_client(personas.officer), p.sub_a1, {meetings: 12, attendees: "1.500"})
    assert response.status_code == 200, response.content
    assert {row["indicator_id"]: row["value"] for row in response.json()} == {
        p.indicators.meetings.pk: "12",
        p.indicators.attendees.pk: "1500",
    }
    p.sub_a1.refresh_from_db()
    assert p.sub_a1.state == Submission.State.DRAFT  # a first write starts the report, as on the page
    assert put(api_client(personas.officer), p.sub_a1, {meetings: None}).status_code == 200
    assert IndicatorValue.objects.get(submission=p.sub_a1, indicator=p.indicators.meetings).value is None


def test_a_dot_is_thousands_only_where_no_decimals_are_expected(api_client, personas, issued_plan):
    """What the README says: "1.500" is 1500 for a whole-number indicator, 1.5 for one with
    decimal places; "1,5" is one and a half; a JSON number is itself."""
    p = issued_plan
    share = Indicator.objects.create(
        item=p.indicators.meetings.item, name="Tỷ lệ", unit="%", decimal_places=2, position=2
    )
    client = api_client(personas.officer)
    response = put(client, p.sub_a1, {str(p.indicators.attendees.pk): "1.500", str(share.pk): "1.500"})
    got = {row["indicator_id"]: row["value"] for row in response.json()}
    assert got[p.indicators.attendees.pk] == "1500" and got[share.pk] == "1.5"
    for sent in ("1,5", 1.5, "1.234,5"):
        value = {row["indicator_id"]: row["value"] for row in put(client, p.sub_a1, {str(share.pk): sent}).json()}
        assert value[share.pk] == ("1234.5" if sent == "1.234,5" else "1.5"), sent


def test_each_refused_value_is_named_and_nothing_is_written(api_client, personas, issued_plan):
    p = issued_plan
    meetings, attendees = str(p.indicators.meetings.pk), str(p.indicators.attendees.pk)
    response = put(api_client(personas.officer), p.sub_a1, {meetings: -3, attendees: "nhiều", "999999": 5})
    assert response.status_code == 400
    errors = {e["indicator"]: e["message"] for e in response.json()["errors"]}
    assert errors[meetings] == "Số cuộc: không được là số âm"  # the Excel form's words
    assert errors[attendees] == "Số lượt người dự: có chữ (“nhiều”); chỉ được nhập số"
    assert "không thuộc đề cương" in errors["999999"]
    assert "3 giá trị" in response.json()["detail"]
    assert not IndicatorValue.objects.exists()
    p.sub_a1.refresh_from_db()
    assert p.sub_a1.state == Submission.State.NOT_STARTED


def test_one_indicator_sent_twice_is_refused_naming_it(api_client, personas, issued_plan):
    """ "1" and "01" are the same indicator: neither value is guessed, the write is refused."""
    p = issued_plan
    meetings = str(p.indicators.meetings.pk)
    response = put(api_client(personas.officer), p.sub_a1, {meetings: 1, "0" + meetings: 7})
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    assert error["indicator"] == "0" + meetings
    assert error["message"].startswith("Số cuộc: chỉ tiêu được gửi hai lần")
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    "value, reason", [(2.5, "phải là số nguyên"), (True, "phải là một số"), ([1], "phải là một số")]
)
def test_what_is_not_a_count_is_refused(api_client, personas, issued_plan, value, reason):
    response = put(api_client(personas.officer), issued_plan.sub_a1, {str(issued_plan.indicators.meetings.pk): value})
    assert response.status_code == 400 and reason in response.json()["errors"][0]["message"]


def test_a_submitted_report_answers_409_and_keeps_its_values(api_client, personas, issued_plan):
    p = issued_plan
    meetings = str(p.indicators.meetings.pk)
    client = api_client(personas.officer)
    assert put(client, p.sub_a1, {meetings: 4}).status_code == 200
    from reports.models import SectionAnswer

    SectionAnswer.objects.create(submission=p.sub_a1, item=p.items.s11, html="<p>Đã triển khai.</p>")
    submission_submit(submission=Submission.objects.get(pk=p.sub_a1.pk), by=personas.officer)
    response = put(client, p.sub_a1, {meetings: 9})
    assert response.status_code == 409 and "đã nộp" in response.json()["detail"]
    assert IndicatorValue.objects.get(submission=p.sub_a1, indicator=p.indicators.meetings).value == 4


def test_a_body_that_is_not_the_expected_json_is_a_400(api_client, personas, issued_plan):
    client = api_client(personas.officer)
    url = f"/api/v1/submissions/{issued_plan.sub_a1.pk}/indicator-values/"
    for body in ("không phải json", '{"values": 5}', "{}"):
        response = client.put(url, body, content_type="application/json")
        assert response.status_code == 400, body
        assert "không hợp lệ" in response.json()["detail"]


def test_the_totals_follow_the_dashboards_rule(api_client, personas, tree, issued_plan):
    from tests.conftest import local_dt
    from tests.reports.dashboard_factories import set_state

    p = issued_plan
    m = p.indicators.meetings
    set_state(p.sub_a1, Submission.State.SUBMITTED, submitted=local_dt(2022, 6, 13, 10, 0), values={m: 5})
    set_state(p.sub_a2, Submission.State.ACCEPTED, submitted=local_dt(2022, 6, 13, 10, 0), values={m: 7})
    set_state(p.sub_org, Submission.State.DRAFT, values={m: 100})  # not submitted: not counted
    client = api_client(personas.reviewer)
    totals = {t["indicator_id"]: t for t in client.get(f"/api/v1/duties/{p.duty.pk}/indicator-totals/").json()}
    assert totals[m.pk]["total"] == "12" and totals[m.pk]["contributors"] == 2
    under_a2 = client.get(f"/api/v1/duties/{p.duty.pk}/indicator-totals/?committee={tree.ward_a2.pk}").json()
    assert {t["indicator_id"]: t["total"] for t in under_a2}[m.pk] == "7"
    assert api_client(personas.officer).get(f"/api/v1/duties/{p.duty.pk}/indicator-totals/").status_code == 404


def test_a_push_needs_no_csrf_cookie_only_the_token(personas, issued_plan, token_for):
    """Another system has no browser session: CSRF checks on (as in production), the token is enough."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token_for(personas.officer)}"})
    assert put(client, issued_plan.sub_a1, {str(issued_plan.indicators.meetings.pk): 2}).status_code == 200
