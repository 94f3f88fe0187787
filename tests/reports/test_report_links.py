"""Every list of committees' reports links each report: the review page for the plan's own standing
committee, the read-only page for those above it, nothing for a report not started."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from committees.access import get_access
from committees.models import Membership
from reports.models import ConsolidationBuild, Submission
from tests.conftest import local_dt, make_user

from .dashboard_factories import set_state

pytestmark = pytest.mark.django_db
S = Submission.State
NOW = local_dt(2022, 6, 13, 15, 0)


def review_url(sub):
    return reverse("reports-submission-review", args=[sub.pk])


def detail_url(sub):
    return reverse("reports-submission-detail", args=[sub.pk])


def edit_url(sub):
    return reverse("reports-submission-edit", args=[sub.pk])


@pytest.fixture
def states(issued_plan):
    """A1 submitted, the member organisation writing (draft), A2 not started."""
    p = issued_plan
    set_state(p.sub_a1, S.SUBMITTED, submitted=local_dt(2022, 6, 13, 10, 0))
    set_state(p.sub_org, S.DRAFT)
    return p


@pytest.fixture
def province_reviewer(tree):
    return make_user("btt_tinh", tree.province, Membership.Role.STANDING)


def hrefs(html: str, sub) -> set[str]:
    return {u for u in (review_url(sub), detail_url(sub), edit_url(sub)) if f'href="{u}"' in html}


# --- the rule --------------------------------------------------------------------------------
def test_rule_review_for_the_issuer_read_for_the_province_nothing_when_not_started(
    states, personas, province_reviewer
):
    from reports.submissions.selectors import report_url

    p = states
    reviewer, province = get_access(personas.reviewer), get_access(province_reviewer)
    assert reviewer.can_review_report(p.sub_a1.committee, issuer=p.plan.committee)
    assert not province.can_review_report(p.sub_a1.committee, issuer=p.plan.committee)
    assert province.can_view(p.sub_a1.committee)
    assert report_url(access=reviewer, submission=p.sub_a1) == review_url(p.sub_a1)
    assert report_url(access=province, submission=p.sub_a1) == detail_url(p.sub_a1)
    assert report_url(access=reviewer, submission=p.sub_org) == detail_url(p.sub_org)  # a draft: read only
    assert report_url(access=reviewer, submission=p.sub_a2) is None  # not started: nothing to open
    assert report_url(access=get_access(personas.other_city_reviewer), submission=p.sub_a1) is None
    assert report_url(access=get_access(personas.other_ward_officer), submission=p.sub_a1) is None


# --- the plan dashboard ----------------------------------------------------------------------
@time_machine.travel(NOW, tick=False)
def test_dashboard_links_reports_to_review_for_the_issuer(states, personas, client_as):
    p = states
    html = client_as(personas.reviewer).get(reverse("reports-dashboard-plan", args=[p.plan.pk])).content.decode()
    assert hrefs(html, p.sub_a1) == {review_url(p.sub_a1)}
    assert hrefs(html, p.sub_org) == {detail_url(p.sub_org)}
    assert hrefs(html, p.sub_a2) == set()


@time_machine.travel(NOW, tick=False)
def test_dashboard_links_reports_read_only_for_the_province(states, province_reviewer, client_as):
    p = states
    client = client_as(province_reviewer)
    html = client.get(reverse("reports-dashboard-plan", args=[p.plan.pk])).content.decode()
    assert hrefs(html, p.sub_a1) == {detail_url(p.sub_a1)}
    # ... and the province reads, never reviews: the review page and its actions are not its own.
    assert client.get(review_url(p.sub_a1)).status_code == 404
    assert client.post(reverse("reports-submission-accept", args=[p.sub_a1.pk])).status_code == 404
    detail = client.get(detail_url(p.sub_a1))
    assert detail.status_code == 200 and review_url(p.sub_a1) not in detail.content.decode()
    p.sub_a1.refresh_from_db()
    assert p.sub_a1.state == S.SUBMITTED


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "officer"])
def test_dashboard_and_review_page_are_not_for_others(states, personas, client_as, who):
    client = client_as(getattr(personas, who))
    assert client.get(reverse("reports-dashboard-plan", args=[states.plan.pk])).status_code == 404
    assert client.get(review_url(states.sub_a1)).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_anonymous_is_sent_to_login(states, client_as):
    client = client_as(None)
    for url in (reverse("reports-dashboard-plan", args=[states.plan.pk]), review_url(states.sub_a1), reverse("home")):
        response = client.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


# --- the plan page's duties block ------------------------------------------------------------
@time_machine.travel(NOW, tick=False)
def test_plan_page_duties_block_links_reports(states, personas, client_as):
    p = states
    html = client_as(personas.reviewer).get(reverse("plans-detail", args=[p.plan.pk])).content.decode()
    assert hrefs(html, p.sub_a1) == {review_url(p.sub_a1)}
    assert hrefs(html, p.sub_org) == {detail_url(p.sub_org)}
    assert hrefs(html, p.sub_a2) == set()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer"])
def test_plan_page_shows_others_no_report_links(states, personas, client_as, who):
    response = client_as(getattr(personas, who)).get(reverse("plans-detail", args=[states.plan.pk]))
    html = response.content.decode()
    assert hrefs(html, states.sub_a1) == set()


# --- the consolidation page ------------------------------------------------------------------
@time_machine.travel(NOW, tick=False)
def test_consolidation_links_reports_new_since_the_last_build(states, personas, client_as):
    p = states
    ConsolidationBuild.objects.create(
        duty=p.duty, state=ConsolidationBuild.State.DONE, finished_at=timezone.now(), summary={"submissions": {}}
    )
    url = reverse("reports-consolidation", args=[p.plan.pk])
    html = client_as(personas.reviewer).get(url).content.decode()
    assert f'<a href="{review_url(p.sub_a1)}" class="open-report">{p.sub_a1.committee.name}</a>' in html
    for who in (personas.other_ward_officer, personas.other_city_reviewer):
        assert client_as(who).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302


# --- home ------------------------------------------------------------------------------------
@time_machine.travel(NOW, tick=False)
def test_home_lists_reports_waiting_for_review_with_links(states, personas, client_as, province_reviewer):
    p = states
    html = client_as(personas.reviewer).get(reverse("home")).content.decode()
    assert 'id="to-review"' in html
    assert hrefs(html, p.sub_a1) == {review_url(p.sub_a1)}
    assert hrefs(html, p.sub_a2) == set()
    # Nobody else has these to review (the province reads them from the dashboard).
    for who in (personas.other_city_reviewer, personas.other_ward_officer, province_reviewer):
        html = client_as(who).get(reverse("home")).content.decode()
        assert 'id="to-review"' not in html and hrefs(html, p.sub_a1) == set()


@time_machine.travel(NOW, tick=False)
def test_the_figures_by_unit_table_links_each_report_too(states, personas, client_as):
    p = states
    html = client_as(personas.reviewer).get(reverse("reports-dashboard-plan", args=[p.plan.pk])).content.decode()
    table = html[html.index('id="indicator-breakdown"') :]
    table = table[: table.index("</table>")]
    assert f'href="{review_url(p.sub_a1)}"' in table  # submitted: the review page
    assert f'href="{detail_url(p.sub_org)}"' in table  # a draft: the read-only page
