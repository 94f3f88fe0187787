"""Reports approved level by level (issue 15, part 2), on the approvals chain: ward A1's report on a
duty of city A that asks for approval by the district level (city A) then the province. It goes
through both levels with one return; out-of-turn and wrong-level decisions are refused; the
approved report is locked until the province unlocks it with a reason; the pages' access."""

import json
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.models import Case
from approvals.services import ApprovalError
from committees.models import Membership
from outbox.models import Email
from reports.approval import selectors as approval_selectors
from reports.approval import services as approval
from reports.dashboards.selectors import indicator_totals
from reports.duties.services import duty_save
from reports.models import ConsolidationBuild, IndicatorValue, Submission, SubmissionEvent
from reports.submissions import services
from tests.conftest import local_dt, make_user

pytestmark = pytest.mark.django_db
SUBMIT_AT = local_dt(2022, 6, 10, 9, 0)


@pytest.fixture
def chained(issued_plan, personas, tree):
    """city A's duty asks for approval by the district level, then the province."""
    issued_plan.duty.approval_tiers = ["district", "province"]
    issued_plan.duty.save(update_fields=["approval_tiers"])
    issued_plan.province_reviewer = make_user("btt_tinh", tree.province, Membership.Role.STANDING)
    return issued_plan


def fill_and_submit(plan, sub, officer, text="<p>Tổ chức 5 hội nghị.</p>", meetings="5"):
    with time_machine.travel(SUBMIT_AT, tick=False):
        revision = sub.answers.filter(item=plan.items.s11).values_list("revision", flat=True).first() or 0
        services.section_save(submission=sub, item=plan.items.s11, html=text, revision=revision, by=officer)
        services.indicator_values_save(submission=sub, raw_values={plan.indicators.meetings.pk: meetings}, by=officer)
        services.submission_submit(submission=sub, by=officer)
    sub.refresh_from_db()
    return sub


def decide(sub, by, outcome="approved", reason=""):
    sub.refresh_from_db()
    return approval.level_decide(submission=sub, by=by, outcome=outcome, reason=reason)


def waiting_tier(sub):
    sub.refresh_from_db()
    level = approval_selectors.report_waiting_level(sub)
    return level.committee.tier if level else None


def test_two_levels_with_one_return(chained, personas, tree):
    """The issue's Done-when: submitted, approved by the district, returned by the province,
    corrected and resubmitted (waiting at the province again, not at the district), approved."""
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    assert sub.state == "submitted" and sub.approval_case_id
    case = Case.objects.get(pk=sub.approval_case_id)
    assert [(s.committee_id, s.position) for s in case.steps.order_by("position")] == [
        (tree.city_a.pk, 1),
        (tree.province.pk, 2),
    ]
    assert waiting_tier(sub) == "district"
    assert approval_selectors.waiting_label("district") == "Chờ cấp huyện duyệt"

    decide(sub, personas.reviewer)
    sub.refresh_from_db()
    assert sub.state == "submitted" and waiting_tier(sub) == "province"

    Email.objects.all().delete()
    decide(sub, chained.province_reviewer, "returned", "Bổ sung số liệu quý II.")
    sub.refresh_from_db()
    assert (sub.state, sub.return_reason) == ("returned", "Bổ sung số liệu quý II.")
    assert waiting_tier(sub) is None
    returned = Email.objects.get(kind="approvals-returned", to="canbo_a1@mttq.example")
    assert "Bổ sung số liệu quý II." in returned.body_text

    fill_and_submit(chained, sub, personas.officer, text="<p>Tổ chức 6 hội nghị.</p>", meetings="6")
    assert sub.state == "submitted" and sub.version == 2
    assert waiting_tier(sub) == "province"  # the district's approval stands; the province looks again

    decide(sub, chained.province_reviewer)
    sub.refresh_from_db()
    assert sub.state == "accepted" and sub.accepted_at is not None
    assert Case.objects.get(pk=sub.approval_case_id).is_locked
    actions = list(sub.events.order_by("pk").values_list("action", flat=True))
    assert actions == ["started", "submitted", "approved_level", "returned", "submitted", "accepted"]


def test_out_of_turn_and_wrong_level_are_refused(chained, personas):
    sub = chained.sub_a1
    with pytest.raises(ApprovalError) as exc:
        decide(sub, personas.reviewer)
    assert exc.value.code == "not_sent"
    fill_and_submit(chained, sub, personas.officer)

    with pytest.raises(ApprovalError) as exc:  # the province before the district
        decide(sub, chained.province_reviewer)
    assert exc.value.code == "not_yet" and "Chưa đến lượt" in exc.value.messages[0]
    for who in (personas.other_city_reviewer, personas.officer, personas.other_ward_officer):
        with pytest.raises(ApprovalError) as exc:
            decide(sub, who)
        assert exc.value.code == "wrong_level"
    with pytest.raises(ApprovalError) as exc:
        decide(sub, personas.reviewer, "returned", "  ")
    assert exc.value.message_dict == {"reason": ["Hãy ghi lý do trả lại."]}

    decide(sub, personas.reviewer)
    with pytest.raises(ApprovalError) as exc:  # the district again, once it has passed it up
        decide(sub, personas.reviewer, "returned", "Xem lại")
    assert exc.value.code == "turn_passed"
    sub.refresh_from_db()
    assert sub.state == "submitted" and waiting_tier(sub) == "province"


def test_review_page_accept_is_the_first_levels_decision(chained, personas, client_as):
    """The reviewer's existing accept (city A issued the plan and is the first level)."""
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    response = client_as(personas.reviewer).post(reverse("reports-submission-accept", args=[sub.pk]))
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == "submitted" and waiting_tier(sub) == "province"
    response = client_as(personas.reviewer).post(reverse("reports-submission-accept", args=[sub.pk]), follow=True)
    assert "đã thông qua" in response.content.decode()  # the chain's refusal, shown as a message
    sub.refresh_from_db()
    assert sub.state == "submitted"


def approve_both(plan, sub, personas):
    decide(sub, personas.reviewer)
    decide(sub, plan.province_reviewer)
    sub.refresh_from_db()
    assert sub.state == "accepted"
    return sub


def save_section_via_page(client, sub, item, html="<p>Sửa sau phê duyệt</p>"):
    revision = sub.answers.filter(item=item).values_list("revision", flat=True).first() or 0
    return client.post(
        reverse("reports-submission-save-section", args=[sub.pk]),
        data=json.dumps({"item": item.pk, "html": html, "revision": revision}),
        content_type="application/json",
    )


def test_approved_report_is_locked_until_the_last_level_unlocks_it(chained, personas, client_as):
    sub = approve_both(chained, fill_and_submit(chained, chained.sub_a1, personas.officer), personas)
    officer = client_as(personas.officer)
    assert save_section_via_page(officer, sub, chained.items.s11).status_code == 409
    with pytest.raises(services.NotEditable):
        services.indicator_values_save(
            submission=sub, raw_values={chained.indicators.meetings.pk: "9"}, by=personas.officer
        )
    with pytest.raises(services.AlreadySubmitted):
        services.submission_submit(submission=sub, by=personas.officer)

    with pytest.raises(ApprovalError) as exc:  # the district approved too, but the province approved last
        approval.submission_unlock(submission=sub, by=personas.reviewer, reason="Sai số liệu")
    assert exc.value.code == "wrong_level"
    with pytest.raises(ApprovalError) as exc:
        approval.submission_unlock(submission=sub, by=chained.province_reviewer, reason=" ")
    assert exc.value.message_dict == {"reason": ["Hãy ghi lý do mở khóa."]}
    sub.refresh_from_db()
    assert sub.state == "accepted"

    Email.objects.all().delete()
    approval.submission_unlock(submission=sub, by=chained.province_reviewer, reason="Số liệu quý II chưa khớp.")
    sub.refresh_from_db()
    assert (sub.state, sub.return_reason) == ("returned", "Số liệu quý II chưa khớp.")
    event = sub.events.get(action=SubmissionEvent.Action.UNLOCKED)
    assert event.actor == chained.province_reviewer and "Số liệu quý II chưa khớp." in event.note
    unlocked = Email.objects.get(kind="approvals-unlocked", to="canbo_a1@mttq.example")
    assert "Số liệu quý II chưa khớp." in unlocked.body_text and "Mở khóa" in unlocked.subject
    assert save_section_via_page(officer, sub, chained.items.s11).status_code == 200

    fill_and_submit(chained, sub, personas.officer)
    assert waiting_tier(sub) == "province"
    with pytest.raises(ApprovalError):
        approval.submission_unlock(submission=sub, by=chained.province_reviewer, reason="Lần nữa")


# --- pages --------------------------------------------------------------------------------------
PAGES = [
    ("get", "reports-approval", {}),
    ("post", "reports-approval-decide", {"outcome": "approved"}),
    ("post", "reports-approval-unlock", {"reason": "Mở lại"}),
]


@pytest.mark.parametrize("method, name, data", PAGES)
@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "other_city_officer", "nobody"])
def test_approval_pages_are_not_found_for_others(chained, personas, client_as, method, name, data, who):
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    response = getattr(client_as(getattr(personas, who)), method)(reverse(name, args=[sub.pk]), data)
    assert response.status_code == 404
    sub.refresh_from_db()
    assert sub.state == "submitted" and waiting_tier(sub) == "district"


@pytest.mark.parametrize("method, name, data", PAGES)
def test_approval_pages_send_anonymous_visitors_to_login(chained, personas, client_as, method, name, data):
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    response = getattr(client_as(None), method)(reverse(name, args=[sub.pk]), data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    sub.refresh_from_db()
    assert sub.state == "submitted"


def test_officer_reads_the_approval_page_but_cannot_decide(chained, personas, client_as):
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    client = client_as(personas.officer)
    html = client.get(reverse("reports-approval", args=[sub.pk])).content.decode()
    assert "Chờ cấp huyện duyệt" in html and 'id="decide"' not in html
    assert client.post(reverse("reports-approval-decide", args=[sub.pk]), {"outcome": "approved"}).status_code == 404


def test_level_decides_on_the_approval_page(chained, personas, client_as):
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    url = reverse("reports-approval-decide", args=[sub.pk])
    province = client_as(chained.province_reviewer)
    refused = province.post(url, {"outcome": "approved"})
    assert refused.status_code == 403
    assert "Chưa đến lượt Ban Thường trực Tỉnh Thử Nghiệm" in refused.content.decode()

    city = client_as(personas.reviewer)
    page = city.get(reverse("reports-approval", args=[sub.pk])).content.decode()
    assert 'id="decide"' in page and "Thông qua, chuyển cấp trên" in page
    missing = city.post(url, {"outcome": "returned", "reason": ""})
    assert missing.status_code == 400 and "Hãy ghi lý do trả lại." in missing.content.decode()
    assert city.post(url, {"outcome": "approved"}).status_code == 302
    assert waiting_tier(sub) == "province"

    assert province.post(url, {"outcome": "approved"}).status_code == 302
    sub.refresh_from_db()
    assert sub.state == "accepted"
    page = province.get(reverse("reports-approval", args=[sub.pk])).content.decode()
    assert 'id="unlock"' in page and 'data-state="locked"' in page
    assert city.post(reverse("reports-approval-unlock", args=[sub.pk]), {"reason": "x"}).status_code == 403
    no_reason = province.post(reverse("reports-approval-unlock", args=[sub.pk]), {"reason": ""})
    assert no_reason.status_code == 400 and "Hãy ghi lý do mở khóa." in no_reason.content.decode()
    assert (
        province.post(reverse("reports-approval-unlock", args=[sub.pk]), {"reason": "Sửa số liệu"}).status_code == 302
    )
    sub.refresh_from_db()
    assert sub.state == "returned"


def test_chain_skips_a_level_the_committee_does_not_have(chained, personas, tree):
    """A commune right under the province (no district since the 2025 reform): the province alone."""
    from tests.conftest import make_committee

    commune = make_committee("xa-truc-thuoc", "Ủy ban MTTQ xã Trực Thuộc", "Xã", tree.province)
    sub = Submission(duty=chained.duty, committee=commune)
    assert approval.approving_committees(sub) == [tree.province]


# --- dashboard, totals, consolidation -------------------------------------------------------------
def dashboard(client, plan, **params):
    return client.get(reverse("reports-dashboard-plan", args=[plan.plan.pk]), params)


def test_dashboard_shows_where_each_report_waits_with_constant_queries(chained, personas, client_as):
    client = client_as(personas.reviewer)
    dashboard(client, chained)  # warm caches (sessions, translations)
    with CaptureQueriesContext(connection) as before:
        dashboard(client, chained)
    fill_and_submit(chained, chained.sub_a1, personas.officer)
    org_officer = personas.org_officer
    fill_and_submit(chained, chained.sub_org, org_officer)
    decide(chained.sub_org, personas.reviewer)
    with CaptureQueriesContext(connection) as after:
        html = dashboard(client, chained).content.decode()
    assert len(after) == len(before)
    assert html.count('data-waiting="district"') == 1 and html.count('data-waiting="province"') == 1
    assert "Chờ cấp huyện duyệt" in html and "Chờ cấp tỉnh duyệt" in html


def test_totals_approved_only_or_all_submitted(chained, personas, client_as):
    fill_and_submit(chained, chained.sub_a1, personas.officer, meetings="5")
    approve_both(chained, chained.sub_a1, personas)
    other = make_user("canbo_a2_b", chained.sub_a2.committee, Membership.Role.OFFICER)
    fill_and_submit(chained, chained.sub_a2, other, meetings="3")
    meetings = chained.indicators.meetings
    assert IndicatorValue.objects.filter(indicator=meetings).count() == 2

    def total(approved_only):
        totals = indicator_totals(duty=chained.duty, under=chained.plan.committee, approved_only=approved_only)
        return next(t for t in totals if t.indicator == meetings)

    assert (total(False).total, total(False).contributors) == (Decimal(8), 2)
    assert (total(True).total, total(True).contributors) == (Decimal(5), 1)
    client = client_as(personas.reviewer)
    all_html = dashboard(client, chained).content.decode()
    approved_html = dashboard(client, chained, totals="approved").content.decode()
    assert "Chỉ tính các báo cáo đã được phê duyệt xong" in approved_html
    assert "Chỉ tính các báo cáo đã được phê duyệt xong" not in all_html


def test_consolidation_request_can_take_approved_reports_only(chained, personas, client_as):
    response = client_as(personas.reviewer).post(
        reverse("reports-consolidation-start", args=[chained.plan.pk]),
        {"duty": chained.duty.pk, "approved_only": "on", "include_returned": "on"},
    )
    assert response.status_code == 302
    build = ConsolidationBuild.objects.get(duty=chained.duty)
    assert build.approved_only and build.included_states() == [Submission.State.ACCEPTED]
    assert ConsolidationBuild(duty=chained.duty).included_states() == ["submitted", "accepted"]


def test_duty_form_sets_the_levels_lowest_first(issued_plan, personas):
    from plans.models import Plan

    Plan.objects.filter(pk=issued_plan.plan.pk).update(state=Plan.State.DRAFT)
    issued_plan.plan.refresh_from_db()
    common = {
        "plan": issued_plan.plan,
        "by": personas.reviewer,
        "outline": issued_plan.outline,
        "title": "Báo cáo có phê duyệt",
        "deadline": local_dt(2022, 6, 14, 23, 59, 59),
    }
    duty = duty_save(**common, approval_tiers=["province", "district"])
    assert duty.approval_tiers == ["district", "province"] and duty.approval_tier_labels == ["Cấp huyện", "Cấp tỉnh"]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        duty_save(**common, approval_tiers=["district", "thon"])
    assert "approval_tiers" in exc.value.message_dict


def test_plan_author_sets_the_levels_on_the_duty_form(issued_plan, personas, client_as):
    from plans.models import Plan

    Plan.objects.filter(pk=issued_plan.plan.pk).update(state=Plan.State.DRAFT, number=None)
    client = client_as(personas.reviewer)
    form = client.get(reverse("reports-duty-edit", args=[issued_plan.duty.pk])).content.decode()
    assert 'name="approval_tiers"' in form and "Phê duyệt theo cấp" in form
    response = client.post(
        reverse("reports-duty-edit", args=[issued_plan.duty.pk]),
        {
            "title": issued_plan.duty.title,
            "outline": issued_plan.outline.pk,
            "targets": "children",
            "deadline_date": "14/06/2022",
            "approval_tiers": ["province", "district"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    issued_plan.duty.refresh_from_db()
    assert issued_plan.duty.approval_tiers == ["district", "province"]
    page = client.get(reverse("plans-detail", args=[issued_plan.plan.pk])).content.decode()
    assert "Phê duyệt lần lượt: Cấp huyện → Cấp tỉnh" in page


def test_with_waiting_level_names_the_committee_each_report_waits_for(chained, personas, tree):
    fill_and_submit(chained, chained.sub_a1, personas.officer)
    fill_and_submit(chained, chained.sub_org, personas.org_officer)
    decide(chained.sub_org, personas.reviewer)
    rows = {
        s.committee_id: (s.waiting_tier, s.waiting_committee_id)
        for s in approval_selectors.with_waiting_level(Submission.objects.filter(duty=chained.duty))
    }
    assert rows == {
        tree.ward_a1.pk: ("district", tree.city_a.pk),
        tree.org_a.pk: ("province", tree.province.pk),
        tree.ward_a2.pk: (None, None),  # not submitted: it waits for no level
    }


def test_the_chains_inbox_lists_the_report_waiting_for_the_level(chained, personas, client_as):
    """One mechanism: the report waits in the city's "Chờ tôi phê duyệt" with the congress dossiers,
    and a decision taken on the chain's own page moves the report too."""
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    html = client_as(personas.reviewer).get(reverse("approvals-inbox")).content.decode()
    assert "Báo cáo sơ kết giữa nhiệm kỳ của Ủy ban MTTQ Phường A1" in html
    case = Case.objects.get(pk=sub.approval_case_id)
    response = client_as(personas.reviewer).post(
        reverse("approvals-case-decide", args=[case.pk]),
        {"key": "bao-cao", "item_version": 1, "outcome": "returned", "comment": "Thiếu số liệu."},
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.state, sub.return_reason) == ("returned", "Thiếu số liệu.")
