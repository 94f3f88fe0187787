"""The API opens exactly the reports the pages open: one rule
(reports.submissions.selectors.submissions_visible_to), not a second one of its own."""

import pytest
from django.urls import reverse

from committees.access import get_access
from committees.models import Membership
from plans.models import Plan
from reports.models import ReportingDuty, Submission
from reports.submissions.selectors import submissions_visible_to
from tests.conftest import local_dt, make_user

pytestmark = pytest.mark.django_db


def province_plan_to_ward_a1(tree, outline):
    """A plan of the province whose duty names only ward A1 (no plan of city A involved)."""
    province = make_user("btt_tinh_bc", tree.province, Membership.Role.STANDING)
    plan = Plan.objects.create(
        committee=tree.province,
        kind=Plan.Kind.OTHER,
        state=Plan.State.ISSUED,
        number=31,
        year=2022,
        issued_on=local_dt(2022, 7, 1).date(),
        title="Kế hoạch của tỉnh gửi thẳng phường A1",
        created_by=province,
        issued_by=province,
        issued_at=local_dt(2022, 7, 1, 9, 0),
    )
    duty = ReportingDuty.objects.create(
        plan=plan, outline=outline, title="Báo cáo theo kế hoạch tỉnh", deadline=local_dt(2022, 8, 1, 23, 59)
    )
    duty.committees.set([tree.ward_a1])
    return Submission.objects.create(duty=duty, committee=tree.ward_a1)


def test_the_city_reads_its_wards_report_of_a_province_plan_on_the_page_and_in_the_api(
    tree, personas, issued_plan, api_client, client_as
):
    sub = province_plan_to_ward_a1(tree, issued_plan.outline)
    page = client_as(personas.reviewer).get(reverse("reports-submission-detail", args=[sub.pk]))
    assert page.status_code == 200
    client = api_client(personas.reviewer)
    assert client.get(f"/api/v1/submissions/{sub.pk}/").json()["committee_id"] == tree.ward_a1.pk
    assert client.get(f"/api/v1/submissions/{sub.pk}/indicator-values/").status_code == 200
    listed = [s["id"] for s in client.get("/api/v1/submissions/?page_size=500").json()["items"]]
    assert sub.pk in listed
    # the one rule, for everyone: the API lists what submissions_visible_to gives
    for who in ("reviewer", "officer", "other_ward_officer", "other_city_reviewer", "org_officer"):
        user = getattr(personas, who)
        expected = set(submissions_visible_to(get_access(user)).values_list("pk", flat=True))
        got = {s["id"] for s in api_client(user).get("/api/v1/submissions/?page_size=500").json()["items"]}
        assert got == expected, who
    assert sub.pk not in {
        s["id"] for s in api_client(personas.other_city_reviewer).get("/api/v1/submissions/").json()["items"]
    }


def test_a_draft_plans_report_is_open_neither_on_the_page_nor_in_the_api(
    tree, personas, issued_plan, api_client, client_as
):
    sub = province_plan_to_ward_a1(tree, issued_plan.outline)
    Plan.objects.filter(pk=sub.duty.plan_id).update(state=Plan.State.DRAFT)
    assert client_as(personas.officer).get(reverse("reports-submission-detail", args=[sub.pk])).status_code == 404
    assert api_client(personas.officer).get(f"/api/v1/submissions/{sub.pk}/").status_code == 404


def test_the_successor_reads_its_predecessors_reports_on_the_page_and_in_the_api(
    tree, personas, issued_plan, api_client, client_as
):
    """After a merge the new ward reads ward A1's past reports (Access.can_view, reads_history_of)
    in both places, and writes them in neither."""
    from tests.committees.test_reorg import reorganise_everything

    new_ward = reorganise_everything(tree, personas)
    successor = make_user("canbo_moi_api", new_ward, Membership.Role.OFFICER)
    sub = issued_plan.sub_a1
    assert client_as(successor).get(reverse("reports-submission-detail", args=[sub.pk])).status_code == 200
    client = api_client(successor)
    assert client.get(f"/api/v1/submissions/{sub.pk}/").status_code == 200
    assert sub.pk in {s["id"] for s in client.get("/api/v1/submissions/").json()["items"]}
    body = {"values": {str(issued_plan.indicators.meetings.pk): 3}}
    put = client.put(f"/api/v1/submissions/{sub.pk}/indicator-values/", body, content_type="application/json")
    assert put.status_code == 404
    # everyone else: the API answers as the page does
    for who in ("other_ward_officer", "other_city_reviewer", "other_city_officer", "org_officer"):
        user = getattr(personas, who)
        page = client_as(user).get(reverse("reports-submission-detail", args=[sub.pk])).status_code
        assert api_client(user).get(f"/api/v1/submissions/{sub.pk}/").status_code == page, who
