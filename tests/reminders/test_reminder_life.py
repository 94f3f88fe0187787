"""A plan's life with time moved through it: exactly the expected reminders (recipient, step, count)
arrive at a real SMTP server; only committees that still owe the report are reminded; an extension
moves that committee's schedule; a moved deadline keeps what was sent and no second first-overdue
notice goes out."""

import time_machine

from outbox.models import Email
from reminders.models import Digest, Reminder
from reports.models import Extension, Submission
from tests.conftest import local_dt

from .conftest import A1, A2, ORG, STANDING_A

TITLE = "Báo cáo sơ kết giữa nhiệm kỳ"


def subjects(deliveries, prefix="[Nh"):
    return [d for d in deliveries if not d[1].startswith("[Tổng hợp")]


def to_each(addresses, subject):
    return [(a, subject) for a in addresses]


def steps_sent(submission):
    return sorted(Reminder.objects.filter(duty_key=f"report-submission:{submission.pk}").values_list("step", flat=True))


def test_reminders_through_a_plans_life(issued_plan, sweep_at):
    p = issued_plan
    # Before the first step: nothing at all, not even a digest.
    assert sweep_at(local_dt(2022, 6, 6, 12, 0)) == []

    # 7 days before, 07:35: the three committees, each of their addresses once; the digest to the standing committee.
    got = sweep_at(local_dt(2022, 6, 7, 7, 35))
    seven = f"[Nhắc hạn: còn 7 ngày] {TITLE} – hạn 14/06/2022"
    assert subjects(got) == sorted(to_each(A1 + A2 + ORG, seven))
    assert [a for a, s in got if s.startswith("[Tổng hợp nhắc hạn] 07/06/2022: 3 đơn vị chưa nộp")] == STANDING_A
    # The next sweep the same morning sends nothing more.
    assert sweep_at(local_dt(2022, 6, 7, 7, 40)) == []

    # A2 submits; the member organisation gets an extension to 20/06.
    with time_machine.travel(local_dt(2022, 6, 9, 10, 0), tick=False):
        Submission.objects.filter(pk=p.sub_a2.pk).update(
            state="submitted", first_submitted_at=local_dt(2022, 6, 9, 10, 0)
        )
        Extension.objects.create(submission=p.sub_org, new_deadline=local_dt(2022, 6, 20, 23, 59), reason="Lũ lụt")
        Submission.objects.filter(pk=p.sub_org.pk).update(extended_deadline=local_dt(2022, 6, 20, 23, 59))

    got = sweep_at(local_dt(2022, 6, 11, 7, 30))
    assert subjects(got) == to_each(A1, f"[Nhắc hạn: còn 3 ngày] {TITLE} – hạn 14/06/2022")
    # The organisation's own 7-day step (13/06) was already sent: it is not sent again.
    assert subjects(sweep_at(local_dt(2022, 6, 13, 7, 30))) == to_each(
        A1, f"[Nhắc hạn: còn 1 ngày] {TITLE} – hạn 14/06/2022"
    )
    assert subjects(sweep_at(local_dt(2022, 6, 14, 7, 30))) == to_each(
        A1, f"[Nhắc hạn: còn 16 giờ (hạn cuối hôm nay)] {TITLE} – hạn 14/06/2022"
    )
    assert subjects(sweep_at(local_dt(2022, 6, 15, 7, 30))) == to_each(A1, f"[Quá hạn 1 ngày] {TITLE} – hạn 14/06/2022")

    # The plan's deadline is moved to 17/06; A2's report is returned on 16/06.
    with time_machine.travel(local_dt(2022, 6, 15, 10, 0), tick=False):
        type(p.duty).objects.filter(pk=p.duty.pk).update(deadline=local_dt(2022, 6, 17, 23, 59))
    Submission.objects.filter(pk=p.sub_a2.pk).update(state="returned")

    # 16/06: A1's 1-day step went out already (for the old deadline); A2, returned, owes it again.
    assert subjects(sweep_at(local_dt(2022, 6, 16, 7, 30))) == to_each(
        A2, f"[Nhắc hạn: còn 1 ngày] {TITLE} – hạn 17/06/2022"
    )
    got = subjects(sweep_at(local_dt(2022, 6, 17, 7, 30)))
    assert got == sorted(
        to_each(A2, f"[Nhắc hạn: còn 16 giờ (hạn cuối hôm nay)] {TITLE} – hạn 17/06/2022")  # returned: reminded again
        + to_each(ORG, f"[Nhắc hạn: còn 3 ngày] {TITLE} – hạn 20/06/2022")  # its own, extended deadline
    )
    # 18/06: the first overdue notice of the new deadline; A1 had it already, A2 gets its first.
    assert subjects(sweep_at(local_dt(2022, 6, 18, 7, 30))) == to_each(A2, f"[Quá hạn 1 ngày] {TITLE} – hạn 17/06/2022")
    # A1 submits; 21/06: A2's second overdue notice, the organisation's first.
    Submission.objects.filter(pk=p.sub_a1.pk).update(state="submitted")
    assert subjects(sweep_at(local_dt(2022, 6, 21, 7, 30))) == sorted(
        to_each(A2, f"[Quá hạn 4 ngày] {TITLE} – hạn 17/06/2022")
        + to_each(ORG, f"[Quá hạn 1 ngày] {TITLE} – hạn 20/06/2022")
    )

    assert steps_sent(p.sub_a1) == ["before-1d", "before-3d", "before-7d", "day-of", "overdue-1"]
    assert steps_sent(p.sub_a2) == ["before-1d", "before-7d", "day-of", "overdue-1", "overdue-2"]
    assert steps_sent(p.sub_org) == ["before-3d", "before-7d", "overdue-1"]
    assert Email.objects.exclude(state=Email.State.SENT).count() == 0
    # One digest per day a sweep ran after 07:30 with something chased; none on 06/06.
    assert sorted(d.strftime("%d/%m") for d in Digest.objects.values_list("local_date", flat=True)) == [
        "07/06",
        "11/06",
        "13/06",
        "14/06",
        "15/06",
        "16/06",
        "17/06",
        "18/06",
        "21/06",
    ]


def test_the_email_says_plan_what_deadline_time_left_and_links_to_the_report(issued_plan, sweep_at, smtp_server):
    sweep_at(local_dt(2022, 6, 11, 7, 30))
    message = next(m for m in smtp_server.messages if m.rcpt_tos == ["canbo_a1@mttq.example"]).message
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (text, html):
        assert "Kính gửi Ủy ban MTTQ Phường A1" in body
        assert "12/KH-MTTQ-BTT" in body and "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết" in body
        assert "14/06/2022 23:59" in body
        assert "Còn 3 ngày" in body
        assert f"http://127.0.0.1:8000/bao-cao/nop/{issued_plan.sub_a1.pk}/" in body or (
            f"/{issued_plan.sub_a1.pk}/" in body and "http://127.0.0.1:8000/" in body
        )
    assert "&amp;" not in text and "&quot;" not in text


def test_digest_lists_missing_committees_and_none_on_quiet_days(issued_plan, sweep_at, smtp_server):
    sweep_at(local_dt(2022, 6, 15, 7, 30))
    digest = [m for m in smtp_server.messages if m.subject.strip().startswith("[Tổng hợp")]
    assert sorted(m.rcpt_tos[0] for m in digest) == STANDING_A
    assert digest[0].subject.strip() == "[Tổng hợp nhắc hạn] 15/06/2022: 3 đơn vị chưa nộp, 3 quá hạn"
    body = digest[0].message.get_body(("plain",)).get_content()
    assert "Ủy ban MTTQ Phường A1" in body and "Hội Nông dân thành phố A" in body and "quá hạn 1 ngày" in body
    # Every committee has submitted: no digest the next day, and no reminder.
    Submission.objects.filter(duty=issued_plan.duty).update(state="submitted")
    assert sweep_at(local_dt(2022, 6, 16, 7, 30)) == []
    # Before 07:30 no digest is sent yet.
    Submission.objects.filter(pk=issued_plan.sub_a1.pk).update(state="returned")
    got = sweep_at(local_dt(2022, 6, 18, 6, 0))
    assert [s for _, s in got if s.startswith("[Tổng hợp")] == []


def test_draft_plans_and_accepted_reports_are_not_reminded(issued_plan, sweep_at):
    Submission.objects.filter(pk=issued_plan.sub_a1.pk).update(state="accepted")
    Submission.objects.filter(pk=issued_plan.sub_a2.pk).update(state="draft")
    got = subjects(sweep_at(local_dt(2022, 6, 7, 8, 0)))
    assert sorted({a for a, _ in got}) == sorted(A2 + ORG)
    type(issued_plan.plan).objects.filter(pk=issued_plan.plan.pk).update(state="draft")
    assert sweep_at(local_dt(2022, 6, 11, 8, 0)) == []


def test_rejected_address_fails_with_reason_and_no_address_committee_is_recorded(
    issued_plan, sweep_at, smtp_server, tree, personas
):
    smtp_server.reject.add("tp-a-p1@mttq.example")
    type(tree.org_a).objects.filter(pk=tree.org_a.pk).update(emails="")
    type(personas.org_officer).objects.filter(pk=personas.org_officer.pk).update(email="")
    got = subjects(sweep_at(local_dt(2022, 6, 7, 8, 0)))
    assert sorted(a for a, _ in got) == sorted(["canbo_a1@mttq.example", "lanhdao_a1@mttq.example", *A2])
    failed = Email.objects.get(to="tp-a-p1@mttq.example")
    assert failed.state == Email.State.FAILED and "550" in failed.last_error
    no_address = Reminder.objects.get(duty_key=f"report-submission:{issued_plan.sub_org.pk}")
    assert no_address.recipients == "" and no_address.emails.count() == 0
