"""Plans overview, one plan's dashboard (counts, roll-up, drill-down, filters, indicator totals),
the home page's due list, access to all of them, and query counts that do not grow with the tree."""

import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from committees.models import Membership
from reports.dashboards.selectors import plan_dashboard, plans_overview
from reports.models import Indicator, Submission
from tests.conftest import local_dt, make_user

from .dashboard_factories import build_region, set_state

S = Submission.State
AFTER_DEADLINE = local_dt(2022, 6, 20, 9, 0)
BEFORE_DEADLINE = local_dt(2022, 6, 10, 9, 0)


@pytest.fixture
def mixed(issued_plan, personas):
    """A1 submitted on time (12 meetings, 300 people), org accepted after a late submission
    (3 meetings, 50 people), A2 has written nothing."""
    p = issued_plan
    set_state(
        p.sub_a1,
        S.SUBMITTED,
        submitted=local_dt(2022, 6, 13, 10, 0),
        values={p.indicators.meetings: 12, p.indicators.attendees: 300},
    )
    set_state(
        p.sub_org,
        S.ACCEPTED,
        submitted=local_dt(2022, 6, 16, 15, 30),
        accepted=local_dt(2022, 6, 17, 8, 0),
        reviewer=personas.reviewer,
        values={p.indicators.meetings: 3, p.indicators.attendees: 50},
    )
    return p


def plan_url(plan, **params):
    from urllib.parse import urlencode

    url = reverse("reports-dashboard-plan", args=[plan.pk])
    return f"{url}?{urlencode(params)}" if params else url


# --- access -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["reports-dashboard-plan", "reports-dashboard-status-xlsx", "reports-dashboard-indicators-xlsx"]
)
def test_plan_pages_access(name, issued_plan, personas, client_as, tree):
    url = reverse(name, args=[issued_plan.plan.pk])
    assert client_as(personas.reviewer).get(url).status_code == 200
    for user in (
        personas.officer,
        personas.leader,
        personas.other_ward_officer,
        personas.other_city_reviewer,
        personas.other_city_officer,
        personas.org_officer,
        personas.nobody,
    ):
        assert client_as(user).get(url).status_code == 404, user.username
    anonymous = client_as(None).get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))
    # The province's standing committee sits above the city: it may look.
    province_reviewer = make_user("btt_tinh", tree.province, Membership.Role.STANDING)
    assert client_as(province_reviewer).get(url).status_code == 200


def test_drill_down_outside_the_plans_subtree_is_404(issued_plan, personas, client_as, tree):
    c = client_as(personas.reviewer)
    assert c.get(plan_url(issued_plan.plan, under=tree.ward_a1.pk)).status_code == 200
    assert c.get(plan_url(issued_plan.plan, under=tree.city_b.pk)).status_code == 404
    assert c.get(plan_url(issued_plan.plan, under=tree.province.pk)).status_code == 404
    assert c.get(plan_url(issued_plan.plan, under="x")).status_code == 400  # malformed: lib.params


def test_draft_plan_has_no_dashboard(issued_plan, personas, client_as):
    issued_plan.plan.state = "draft"
    issued_plan.plan.save()
    assert client_as(personas.reviewer).get(plan_url(issued_plan.plan)).status_code == 404


def test_overview_access(issued_plan, personas, client_as, tree):
    url = reverse("reports-dashboard-overview")
    assert client_as(personas.reviewer).get(url).status_code == 200
    for user in (personas.officer, personas.other_ward_officer, personas.nobody):
        assert client_as(user).get(url).status_code == 404
    # Another city's reviewer cannot ask for city A's overview.
    assert client_as(personas.other_city_reviewer).get(url, {"committee": tree.city_a.pk}).status_code == 404
    assert client_as(personas.other_city_reviewer).get(url).context["summaries"] == []
    anonymous = client_as(None).get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))


# --- numbers ------------------------------------------------------------------------------------
@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_plan_dashboard_counts_match_the_reports(mixed, personas, client_as):
    response = client_as(personas.reviewer).get(plan_url(mixed.plan))
    board = response.context["board"]
    assert board.total == 3 and board.done == 2
    assert board.counts == {
        "not_started": 0,
        "draft": 0,
        "submitted_on_time": 1,
        "submitted_late": 0,
        "returned": 0,
        "accepted": 1,
        "missing": 1,
    }
    rows = {r.committee.code: r for r in board.rows}
    assert rows["tp-a-p1"].status == "submitted_on_time" and rows["tp-a-p1"].days_late is None
    assert rows["tp-a-p2"].status == "missing" and rows["tp-a-p2"].days_late == 6
    assert rows["tp-a-hnd"].status == "accepted" and rows["tp-a-hnd"].days_late == 2
    html = response.content.decode()
    assert "Quá hạn chưa nộp" in html and "16/06/2022 15:30" in html
    # "Remind now" posts to the reminders app with a fresh one-click token.
    assert reverse("reminders-remind-now", args=[f"plan:{mixed.plan.pk}"]) in html and 'name="token"' in html
    assert 'id="dashboard-data"' in html and "vendor/chartjs/chart.umd.min.js" in html


def test_days_late_only_for_late_or_missing_reports(issued_plan, personas, client_as):
    """Late by the model's rule (first submitted after the deadline) or missing after it: a count.
    A report first submitted on time and returned later (still owed, long after the deadline) has
    none, on the page and in the Excel status table."""
    p = issued_plan
    # A1: submitted on time, returned afterwards. Org: submitted 2 days late, then returned.
    set_state(p.sub_a1, S.RETURNED, submitted=local_dt(2022, 6, 12, 1, 59), returned=local_dt(2022, 6, 15, 9, 0))
    set_state(p.sub_org, S.RETURNED, submitted=local_dt(2022, 6, 16, 15, 30), returned=local_dt(2022, 6, 17, 9, 0))
    # A2: never submitted.
    with time_machine.travel(local_dt(2026, 12, 27, 9, 0), tick=False):
        c = client_as(personas.reviewer)
        response = c.get(plan_url(p.plan))
        xlsx = c.get(reverse("reports-dashboard-status-xlsx", args=[p.plan.pk]))
    rows = {r.committee.code: r for r in response.context["board"].rows}
    assert rows["tp-a-p1"].status == "returned" and rows["tp-a-p1"].days_late is None
    assert rows["tp-a-hnd"].status == "returned" and rows["tp-a-hnd"].days_late == 2
    assert rows["tp-a-p2"].status == "missing" and rows["tp-a-p2"].days_late == 1657
    html = response.content.decode()
    a1_row = html[html.index(f'data-committee="{p.sub_a1.committee_id}"') :].split("</tr>")[0]
    assert "12/06/2022 01:59" in a1_row and "trễ" not in a1_row and "quá hạn" not in a1_row
    a2_row = html[html.index(f'data-committee="{p.sub_a2.committee_id}"') :].split("</tr>")[0]
    assert "quá hạn 1.657 ngày" in a2_row and "trễ" not in a2_row
    org_row = html[html.index(f'data-committee="{p.sub_org.committee_id}"') :].split("</tr>")[0]
    assert "16/06/2022 15:30 · <span" in org_row and "trễ 2 ngày" in org_row
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    by_name = {ws.cell(r, 2).value: r for r in range(5, ws.max_row + 1)}
    assert ws.cell(by_name["Ủy ban MTTQ Phường A1"], 9).value is None
    assert ws.cell(by_name["Ủy ban MTTQ Phường A2"], 9).value == 1657
    assert ws.cell(by_name["Hội Nông dân thành phố A"], 9).value == 2


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_rows_escape_names_and_keep_their_markup(mixed, personas, client_as, tree):
    """The rows are written in Python (reports/templatetags/dashboard_rows.py): names are escaped,
    the status, days late, reviewer and indicator cells are where the template had them."""
    from committees.models import Committee

    Committee.objects.filter(pk=tree.ward_a2.pk).update(name='Phường <b>"A2"</b> & Co')
    html = client_as(personas.reviewer).get(plan_url(mixed.plan)).content.decode()
    assert "<b>" not in html and "Phường &lt;b&gt;&quot;A2&quot;&lt;/b&gt; &amp; Co" in html
    a1 = html[html.index(f'<tr data-committee="{tree.ward_a1.pk}"') :]
    a1 = a1[: a1.index("</tr>")]
    assert 'data-status="submitted_on_time"' in a1 and "13/06/2022" in a1 and 'class="open-report"' in a1
    org = html[html.index(f'<tr data-committee="{tree.org_a.pk}"') :]
    org = org[: org.index("</tr>")]
    assert "TCTV" in org and "trễ 2 ngày" in org and 'days-late-count">2<' in org
    breakdown = html[html.index('id="indicator-breakdown"') :]
    assert '<td class="text-end">12</td>' in breakdown and "–" in breakdown


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_filters_state_kind_and_sorting(mixed, personas, client_as):
    c = client_as(personas.reviewer)
    missing = c.get(plan_url(mixed.plan, state="missing")).context["board"].rows
    assert [r.committee.code for r in missing] == ["tp-a-p2"]
    orgs = c.get(plan_url(mixed.plan, kind="member_org")).context["board"]
    assert [r.committee.code for r in orgs.rows] == ["tp-a-hnd"] and orgs.total == 1
    wards = c.get(plan_url(mixed.plan, level="Phường")).context["board"]
    assert sorted(r.committee.code for r in wards.rows) == ["tp-a-p1", "tp-a-p2"]
    late_first = c.get(plan_url(mixed.plan, sort="late")).context["board"].rows
    assert [r.committee.code for r in late_first] == ["tp-a-p2", "tp-a-hnd", "tp-a-p1"]
    # Unknown filter values are ignored, not errors.
    assert c.get(plan_url(mixed.plan, state="bogus", sort="zzz", kind="x")).context["board"].total == 3


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_indicator_totals_follow_the_aggregation_rule_over_submitted_and_accepted(mixed, personas, client_as):
    # A2's draft numbers must not count.
    set_state(mixed.sub_a2, S.DRAFT, values={mixed.indicators.meetings: 1000})
    board = client_as(personas.reviewer).get(plan_url(mixed.plan)).context["board"]
    totals = {t.indicator.name: (t.total, t.contributors) for t in board.indicators}
    assert totals == {"Số cuộc": (Decimal(15), 2), "Số lượt người dự": (Decimal(350), 2)}

    Indicator.objects.filter(pk=mixed.indicators.meetings.pk).update(aggregation="max")
    Indicator.objects.filter(pk=mixed.indicators.attendees.pk).update(aggregation="avg")
    board = plan_dashboard(plan=mixed.plan, under=mixed.plan.committee)
    totals = {t.indicator.name: (t.total, t.contributors) for t in board.indicators}
    assert totals == {"Số cuộc": (Decimal(12), 2), "Số lượt người dự": (Decimal("175.00"), 2)}
    rows = {r.committee.code: r.indicator_values for r in board.rows}
    assert rows["tp-a-p1"][0] == (Decimal(12), 1) and rows["tp-a-p2"] == [None, None]


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_before_the_deadline_nothing_is_missing(issued_plan, personas, client_as):
    set_state(issued_plan.sub_a2, S.DRAFT)
    board = client_as(personas.reviewer).get(plan_url(issued_plan.plan)).context["board"]
    assert board.counts["missing"] == 0 and board.counts["draft"] == 1 and board.counts["not_started"] == 2


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_overview_completeness_and_timeliness(mixed, personas, client_as, tree):
    set_state(mixed.sub_a2, S.RETURNED, submitted=local_dt(2022, 6, 14, 9, 0), returned=local_dt(2022, 6, 15, 9, 0))
    response = client_as(personas.reviewer).get(reverse("reports-dashboard-overview"))
    (summary,) = response.context["summaries"]
    assert (summary.expected, summary.done, summary.on_time, summary.returned, summary.accepted) == (3, 2, 1, 1, 1)
    assert summary.completeness == 67 and summary.timeliness == 50 and summary.days_left == -6
    html = response.content.decode()
    assert "14/06/2022" in html and "quá hạn 6 ngày" in html and "progress-stacked" in html


def test_overview_lists_open_plans_first(issued_plan, personas, tree):
    from plans.models import Plan
    from reports.models import ReportingDuty

    closed = Plan.objects.create(committee=tree.city_a, state="closed", title="Kế hoạch cũ", number=3, year=2021)
    ReportingDuty.objects.create(plan=closed, outline=issued_plan.outline, title="Cũ", deadline=local_dt(2021, 1, 1))
    Plan.objects.create(committee=tree.city_a, state="draft", title="Dự thảo")
    summaries = plans_overview(committee=tree.city_a, now=AFTER_DEADLINE)
    assert [s.plan.pk for s in summaries] == [issued_plan.plan.pk, closed.pk]
    assert summaries[1].expected == 0


def test_overview_lists_closed_plans_without_counting_them(issued_plan, personas, client_as, tree):
    """Closed rounds cost the overview one short row each: listed latest first, their reports not
    counted (their dashboard has the counts), the ten latest shown and the rest on request."""
    from plans.models import Plan
    from reports.dashboards.views import CLOSED_SHOWN
    from reports.models import ReportingDuty

    closed = []
    for n in range(CLOSED_SHOWN + 2):
        plan = Plan.objects.create(committee=tree.city_a, state="closed", title=f"Cũ {n}", number=10 + n, year=2020)
        duty = ReportingDuty.objects.create(plan=plan, outline=issued_plan.outline, title="Cũ", deadline=local_dt(2020, 1, 1 + n))
        Submission.objects.create(duty=duty, committee=tree.ward_a1, state=S.ACCEPTED)
        closed.append(plan)
    c = client_as(personas.reviewer)
    response = c.get(reverse("reports-dashboard-overview"))
    summaries = response.context["summaries"]
    assert [s.plan.pk for s in summaries] == [issued_plan.plan.pk] + [p.pk for p in reversed(closed)][:CLOSED_SHOWN]
    assert summaries[0].expected == 3 and summaries[1].expected == 0
    html = response.content.decode()
    assert html.count("progress-stacked") == 1 and 'id="all-closed"' in html
    every = c.get(reverse("reports-dashboard-overview") + "?closed=all").context["summaries"]
    assert len(every) == CLOSED_SHOWN + 3


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_status_counts_agree_with_with_status(province_plan, tree, issued_plan):
    """reports.models.status_counts (counts by state, late and past the deadline) gives what
    with_status() gives report by report, extensions included."""
    from collections import Counter

    from reports.models import status_counts

    plan, duty, districts = province_plan
    subs = list(Submission.objects.filter(duty=duty).order_by("pk"))
    states = [S.NOT_STARTED, S.DRAFT, S.SUBMITTED, S.SUBMITTED, S.RETURNED, S.ACCEPTED]
    for i, sub in enumerate(subs):
        state = states[i % len(states)]
        late = i % 4 == 0
        set_state(sub, state, submitted=local_dt(2022, 6, 16 if late else 12, 9, 0) if state not in (S.NOT_STARTED, S.DRAFT) else None)
        if i % 5 == 0:  # an extension: past for some, still running for others
            Submission.objects.filter(pk=sub.pk).update(extended_deadline=local_dt(2022, 6, 30 if i % 2 else 15))
    qs = Submission.objects.filter(duty=duty)
    expected = Counter(qs.with_status(AFTER_DEADLINE).values_list("status", flat=True))
    assert len(expected) >= 5
    counts = status_counts(qs.state_tallies(now=AFTER_DEADLINE))
    assert {k: v for k, v in counts.items() if k in Submission.Status.values and v} == dict(expected)
    done = qs.with_status(AFTER_DEADLINE).filter(state__in=[S.SUBMITTED, S.ACCEPTED])
    assert counts["done"] == done.count() and counts["on_time"] == done.filter(late=False).count()


# --- roll-up over a deeper tree -----------------------------------------------------------------
@pytest.fixture
def province_plan(issued_plan, tree):
    """The same outline used by a province plan over 3 districts x 4 communes (every 2nd a member org)."""
    from plans.models import Plan
    from reports.models import ReportingDuty

    plan = Plan.objects.create(committee=tree.province, state="issued", title="Tổng kết tỉnh", number=7, year=2022)
    duty = ReportingDuty.objects.create(
        plan=plan, outline=issued_plan.outline, title="Báo cáo tổng kết", deadline=local_dt(2022, 6, 14, 23, 59, 59)
    )
    districts = build_region(duty, tree.province, districts=3, communes=4, kind_every=2)
    return plan, duty, districts


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_deep_tree_rolls_up_by_the_level_below_and_drills_down(province_plan, client_as, tree, issued_plan):
    plan, duty, districts = province_plan
    first = districts[0]
    communes = list(first.children.order_by("pk"))
    set_state(
        Submission.objects.get(duty=duty, committee=communes[1]),
        S.SUBMITTED,
        submitted=local_dt(2022, 6, 10),
        values={issued_plan.indicators.meetings: 4},
    )
    set_state(
        Submission.objects.get(duty=duty, committee=communes[3]),
        S.ACCEPTED,
        submitted=local_dt(2022, 6, 18),
        accepted=local_dt(2022, 6, 19),
        values={issued_plan.indicators.meetings: 6},
    )
    reviewer = make_user("btt_tinh", tree.province, Membership.Role.STANDING)
    c = client_as(reviewer)

    board = c.get(plan_url(plan)).context["board"]
    assert board.total == 15 and [r.committee.pk for r in board.rows] == [d.pk for d in districts]
    row = board.rows[0]
    assert row.has_below and row.total == 5 and row.done == 2 and row.missing == 3
    assert board.indicators[0].total == 10 and row.indicator_values[0] == (Decimal(10), 2)

    down = c.get(plan_url(plan, under=first.pk)).context["board"]
    assert down.total == 5 and {r.committee.pk for r in down.rows} == {x.pk for x in communes}
    assert down.own_submission is not None and down.own_submission.committee_id == first.pk
    statuses = {r.committee.pk: r.status for r in down.rows}
    assert statuses[communes[1].pk] == "submitted_on_time" and statuses[communes[3].pk] == "accepted"
    assert statuses[communes[0].pk] == "missing"

    orgs_only = c.get(plan_url(plan, under=first.pk, kind="member_org")).context["board"]
    assert {r.committee.pk for r in orgs_only.rows} == {communes[0].pk, communes[2].pk}

    # City A's reviewer is below the province: not theirs.
    from tests.conftest import make_user as mk

    city_reviewer = mk("btt_a_2", tree.city_a, Membership.Role.STANDING)
    assert client_as(city_reviewer).get(plan_url(plan)).status_code == 404


# --- query counts do not grow with the tree -------------------------------------------------------
# The counts today, as bounds: 13 for a plan's page (one of them the committees renamed or moved
# since the round, committees.reorg), one more when reports are missing (would "Nhắc ngay" reach
# anyone: not committees closed since) and one more on a drill-down (the committee drilled into);
# 5 for the overview, 9 for an Excel export (one of them the same history rows).
MAX_QUERIES_PLAN = 15
MAX_QUERIES_OVERVIEW = 5
MAX_QUERIES_EXPORT = 9


def _measure_pages(c, plan, under=None):
    c.get(plan_url(plan, **({"under": under.pk} if under else {})))
    c.get(plan_url(plan, state="missing", kind="front", sort="-late"))
    c.get(reverse("reports-dashboard-overview"))


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_query_count_small_tree(mixed, personas, client_as, django_assert_max_num_queries):
    c = client_as(personas.reviewer)
    c.get(reverse("reports-dashboard-overview"))  # warm the session
    with django_assert_max_num_queries(MAX_QUERIES_PLAN):
        assert c.get(plan_url(mixed.plan)).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES_PLAN):
        c.get(plan_url(mixed.plan, state="missing", kind="front", sort="-late"))
    with django_assert_max_num_queries(MAX_QUERIES_OVERVIEW):
        c.get(reverse("reports-dashboard-overview"))


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_query_count_large_tree_is_the_same(province_plan, client_as, tree, django_assert_max_num_queries, issued_plan):
    plan, duty, districts = province_plan
    more = build_region(duty, tree.province, districts=6, communes=9, kind_every=3)  # 60 more committees
    for i, sub in enumerate(Submission.objects.filter(duty=duty).order_by("pk")):
        if i % 3 == 0:
            set_state(sub, S.SUBMITTED, submitted=local_dt(2022, 6, 10), values={issued_plan.indicators.meetings: i})
    assert Submission.objects.filter(duty=duty).count() > 70
    reviewer = make_user("btt_tinh", tree.province, Membership.Role.STANDING)
    c = client_as(reviewer)
    c.get(reverse("reports-dashboard-overview"))
    with django_assert_max_num_queries(MAX_QUERIES_PLAN):
        assert len(c.get(plan_url(plan)).context["board"].rows) == 9
    with django_assert_max_num_queries(MAX_QUERIES_PLAN):
        assert c.get(plan_url(plan, under=more[0].pk)).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES_PLAN):
        c.get(plan_url(plan, state="missing", kind="front", sort="-late"))
    with django_assert_max_num_queries(MAX_QUERIES_OVERVIEW):
        c.get(reverse("reports-dashboard-overview"))
    for name in ("reports-dashboard-status-xlsx", "reports-dashboard-indicators-xlsx"):
        with django_assert_max_num_queries(MAX_QUERIES_EXPORT):
            assert c.get(reverse(name, args=[plan.pk])).status_code == 200


# --- home ---------------------------------------------------------------------------------------
@time_machine.travel(local_dt(2022, 6, 11, 9, 0), tick=False)
def test_home_shows_what_is_due_for_the_officer(issued_plan, personas, client_as):
    response = client_as(personas.officer).get(reverse("home"))
    assert response.status_code == 200
    due = response.context["due"]
    assert [s.pk for s in due] == [issued_plan.sub_a1.pk]
    html = response.content.decode()
    assert "Báo cáo sơ kết giữa nhiệm kỳ" in html and "14/06/2022 23:59" in html and "còn 3 ngày" in html
    assert reverse("reports-indicator-form-upload", args=[issued_plan.sub_a1.pk]) in html
    # The committees home content is still there.
    assert "Xin chào" in html and "Ủy ban MTTQ Phường A1" in html


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_home_lists_reviewers_open_plans_with_completeness(mixed, personas, client_as):
    response = client_as(personas.reviewer).get(reverse("home"))
    (summary,) = response.context["open_plans"]
    assert summary.plan.pk == mixed.plan.pk and summary.done == 2 and summary.expected == 3
    assert "2/3 đã nộp" in response.content.decode()
    assert client_as(None).get(reverse("home")).status_code == 302
