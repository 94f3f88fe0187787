"""Reminders to the approval levels of a report approved level by level (reports.approval.reminders),
through the one reminders mechanism, to a real SMTP server: the level whose turn it is gets each
step of its schedule once (a second sweep sends nothing), counted from when the report reached it;
a level that has decided gets nothing more; the level above gets its own once the first approves;
a returned report leaves the sweep. The email links to the report's approval page."""

import time_machine
from django.urls import reverse

from reminders.models import Reminder
from reports.approval import reminders as approval_reminders
from reports.approval import services as approval
from tests.conftest import local_dt
from tests.reports.test_approval_levels import chained, fill_and_submit  # noqa: F401 (fixture)

from .conftest import STANDING_A

TITLE = "Phê duyệt báo cáo của Ủy ban MTTQ Phường A1: Báo cáo sơ kết giữa nhiệm kỳ"
PROVINCE = ["btt_tinh@mttq.example", "tinh@mttq.example"]


def approvals_only(deliveries):
    return [d for d in deliveries if TITLE in d[1]]


def to_each(addresses, subject):
    return sorted((a, subject) for a in addresses)


def decide_at(moment, sub, by, outcome="approved", reason=""):
    with time_machine.travel(moment, tick=False):
        sub.refresh_from_db()
        approval.level_decide(submission=sub, by=by, outcome=outcome, reason=reason)


def test_each_level_is_reminded_once_per_step_until_it_decides(chained, personas, sweep_at, smtp_server, client_as):  # noqa: F811
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)  # 10/06 09:00: waits for city A
    # The chain emailed the level when the report reached it; the schedule's step of that moment
    # (7 days before the deadline, the end of 17/06) is not sent again.
    assert approvals_only(sweep_at(local_dt(2022, 6, 10, 10, 0))) == []

    got = sweep_at(local_dt(2022, 6, 14, 7, 35))
    assert approvals_only(got) == to_each(STANDING_A, f"[Nhắc phê duyệt: còn 3 ngày] {TITLE} – hạn 17/06/2022")
    digest = [s for a, s in got if a == "btt_a@mttq.example" and s.startswith("[Tổng hợp")]
    assert digest == ["[Tổng hợp nhắc hạn] 14/06/2022: 2 đơn vị chưa nộp, 1 chờ phê duyệt"]
    assert approvals_only(sweep_at(local_dt(2022, 6, 14, 7, 40))) == []  # a second sweep: nothing
    assert Reminder.objects.filter(duty_key__startswith="report-approval:").count() == 1

    # The email names the report and links to its approval page, which opens for the level.
    message = next(m.message for m in smtp_server.messages if TITLE in m.subject)
    link = reverse("reports-approval", args=[sub.pk])
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert link in text and f'{link}"' in html
    assert "Hạn phê duyệt" in text and "17/06/2022 23:59" in text and "Nộp báo cáo" not in text
    assert client_as(personas.reviewer).get(link).status_code == 200
    assert client_as(personas.other_city_reviewer).get(link).status_code == 404

    # City A approves on 15/06: it gets nothing more; the province's count starts (deadline: the end of 22/06).
    decide_at(local_dt(2022, 6, 15, 10, 0), sub, personas.reviewer)
    assert approvals_only(sweep_at(local_dt(2022, 6, 16, 7, 35))) == []  # city A's 1-day step is not sent
    got = approvals_only(sweep_at(local_dt(2022, 6, 19, 7, 35)))
    assert got == to_each(PROVINCE, f"[Nhắc phê duyệt: còn 3 ngày] {TITLE} – hạn 22/06/2022")
    assert approvals_only(sweep_at(local_dt(2022, 6, 19, 9, 0))) == []

    # The province returns it: the report is the ward's again, no level is reminded.
    decide_at(local_dt(2022, 6, 20, 8, 0), sub, chained.province_reviewer, "returned", "Thiếu số liệu")
    assert approvals_only(sweep_at(local_dt(2022, 6, 21, 7, 35))) == []
    assert approvals_only(sweep_at(local_dt(2022, 6, 23, 7, 35))) == []
    steps = sorted(Reminder.objects.filter(duty_key__startswith="report-approval:").values_list("duty_key", "step"))
    assert [s for _, s in steps] == ["before-3d", "before-3d"] and steps[0][0] != steps[1][0]


def test_an_approved_report_leaves_the_reminders(chained, personas):  # noqa: F811
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    (duty,) = approval_reminders.open_report_approvals()
    assert duty.committee == chained.plan.committee and duty.link == reverse("reports-approval", args=[sub.pk])
    assert duty.addresses == tuple(STANDING_A) and duty.opened_at == local_dt(2022, 6, 10, 9, 0)
    assert approval_reminders.open_report_approvals(scope_key=f"plan:{chained.plan.pk + 1}") == []
    decide_at(local_dt(2022, 6, 11, 9, 0), sub, personas.reviewer)
    decide_at(local_dt(2022, 6, 12, 9, 0), sub, chained.province_reviewer)
    sub.refresh_from_db()
    assert sub.state == "accepted" and approval_reminders.open_report_approvals() == []
