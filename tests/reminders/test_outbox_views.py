"""The outbox page, "remind now" (exactly once per click) and the schedule form: only for the
plan's own standing committee; everyone else gets 404, an anonymous visitor the login page."""

import re

import pytest
import time_machine
from django.urls import reverse

from outbox.models import Email
from reminders.models import Reminder, ReminderRule
from reminders.sweep import reminders_sweep
from tests.conftest import local_dt


@pytest.fixture
def urls(issued_plan, tree):
    scope = f"plan:{issued_plan.plan.pk}"
    return {
        "outbox": reverse("reminders-outbox-committee", args=[tree.city_a.pk]),
        "remind": reverse("reminders-remind-now", args=[scope]),
        "rule": reverse("reminders-rule-edit", args=[scope]),
        "scope": scope,
    }


def token_of(html: str) -> str:
    return re.search(r'name="token" value="([0-9a-f]{32})"', html).group(1)


@pytest.mark.parametrize("who", ["officer", "other_ward_officer", "other_city_reviewer", "nobody"])
def test_outbox_remind_and_rules_are_404_for_others(personas, client_as, urls, who):
    c = client_as(getattr(personas, who))
    assert c.get(urls["outbox"]).status_code == 404
    assert c.post(urls["remind"], {"token": "a" * 32}).status_code == 404
    assert c.get(urls["rule"]).status_code == 404
    assert c.post(urls["rule"], {"days_before": "1"}).status_code == 404
    assert Reminder.objects.count() == 0 and not ReminderRule.objects.exists()


def test_anonymous_is_sent_to_login(client_as, urls):
    c = client_as(None)
    for url in (urls["outbox"], urls["rule"], reverse("reminders-outbox")):
        response = c.get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    response = c.post(urls["remind"], {"token": "a" * 32})
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_outbox_shows_what_was_sent_failed_and_no_address(personas, client_as, urls, issued_plan, tree):
    type(tree.org_a).objects.filter(pk=tree.org_a.pk).update(emails="")
    type(personas.org_officer).objects.filter(pk=personas.org_officer.pk).update(email="")
    with time_machine.travel(local_dt(2022, 6, 7, 8, 0), tick=False):
        reminders_sweep()
    Email.objects.filter(to="tp-a-p1@mttq.example").update(state="failed", last_error="550 5.1.1 Mailbox unavailable")
    Email.objects.filter(to="canbo_a1@mttq.example").update(state="sent", sent_at=local_dt(2022, 6, 7, 8, 1))
    c = client_as(personas.reviewer)
    assert c.get(reverse("reminders-outbox")).status_code == 302  # one committee: straight to it
    with time_machine.travel(local_dt(2022, 6, 8, 9, 0), tick=False):
        html = c.get(urls["outbox"]).content.decode()
    assert "Hội Nông dân thành phố A" in html and "chưa có địa chỉ email" in html
    assert "550 5.1.1 Mailbox unavailable" in html and "Gửi lỗi" in html
    assert "canbo_a1@mttq.example · 07/06/2022 08:01" in html
    assert "Trước hạn 7 ngày" in html and "còn 6 ngày" in html and "hạn 14/06/2022 23:59" in html


def test_remind_now_sends_once_per_click(personas, client_as, urls, issued_plan, django_capture_on_commit_callbacks):
    from reports.models import Submission

    Submission.objects.filter(pk=issued_plan.sub_a2.pk).update(state="submitted")
    c = client_as(personas.reviewer)
    with time_machine.travel(local_dt(2022, 6, 10, 9, 15), tick=False):
        html = c.get(urls["outbox"]).content.decode()
        assert "Đã nhắc thủ công lúc" not in html
        # The button asks before sending (site.js reads data-confirm; data-once sends one request).
        assert 'data-confirm="Gửi thư nhắc hạn ngay tới tất cả các đơn vị chưa nộp của kế hoạch này?"' in html
        token = token_of(html)
        with django_capture_on_commit_callbacks() as callbacks:
            response = c.post(urls["remind"], {"token": token}, follow=True)
        html = response.content.decode()
        assert "Đã gửi nhắc hạn tới 2 đơn vị chưa nộp." in html
        assert "Đã nhắc thủ công lúc 10/06/2022 09:15" in html
    assert sorted(Reminder.objects.values_list("committee__code", flat=True)) == ["tp-a-hnd", "tp-a-p1"]
    assert Email.objects.count() == 5 and len(callbacks) == 5  # one send task per email, after commit
    # The same click again (double tap, browser resend): nothing more.
    with time_machine.travel(local_dt(2022, 6, 10, 9, 15, 3), tick=False):
        response = c.post(urls["remind"], {"token": token}, follow=True)
    assert "Lượt nhắc này đã được gửi rồi" in response.content.decode()
    assert Reminder.objects.count() == 2 and Email.objects.count() == 5
    # A new click (a new page) 5 seconds later, or 59 minutes later: refused, no email.
    for moment in (local_dt(2022, 6, 10, 9, 15, 5), local_dt(2022, 6, 10, 10, 14)):
        with time_machine.travel(moment, tick=False):
            new_token = token_of(c.get(urls["outbox"]).content.decode())
            with django_capture_on_commit_callbacks() as callbacks:
                response = c.post(urls["remind"], {"token": new_token}, follow=True)
        html = response.content.decode()
        assert "Không gửi: các đơn vị của kế hoạch này vừa được nhắc thủ công lúc 10/06/2022 09:15." in html
        assert "chỉ nhắc lại được sau 60 phút (từ 10/06/2022 10:15)" in html
        assert Reminder.objects.count() == 2 and Email.objects.count() == 5 and callbacks == []
    # An hour after the last one: a new reminder.
    with time_machine.travel(local_dt(2022, 6, 10, 10, 16), tick=False):
        c.post(urls["remind"], {"token": token_of(c.get(urls["outbox"]).content.decode())})
        html = c.get(urls["outbox"]).content.decode()
    assert Reminder.objects.count() == 4 and Email.objects.count() == 10
    assert "Đã nhắc thủ công lúc 10/06/2022 10:16" in html


def test_remind_now_from_the_dashboard_returns_there_and_shows_the_last_time(personas, client_as, urls, issued_plan):
    c = client_as(personas.reviewer)
    dashboard = reverse("reports-dashboard-plan", args=[issued_plan.plan.pk])
    with time_machine.travel(local_dt(2022, 6, 16, 8, 5), tick=False):  # after the deadline: some are missing
        html = c.get(dashboard).content.decode()
        assert "Đã nhắc thủ công" not in html and "remind-now-form" in html and "data-once" in html and "js/site.js" in html
        response = c.post(urls["remind"], {"token": token_of(html), "next": dashboard})
        assert response.status_code == 302 and response["Location"] == dashboard
        html = c.get(dashboard).content.decode()
    assert "Đã gửi nhắc hạn tới 3 đơn vị chưa nộp." in html
    assert "Đã nhắc thủ công lúc 16/06/2022 08:05" in html
    # Somewhere else than this site is not followed.
    with time_machine.travel(local_dt(2022, 6, 16, 8, 6), tick=False):
        response = c.post(urls["remind"], {"token": "b" * 32, "next": "https://evil.example/"})
    assert response["Location"] == urls["outbox"] and Reminder.objects.count() == 3


def test_remind_now_with_a_bad_token_does_nothing(personas, client_as, urls):
    response = client_as(personas.reviewer).post(urls["remind"], {"token": "x"}, follow=True)
    assert "Yêu cầu không hợp lệ" in response.content.decode() and Reminder.objects.count() == 0


def test_rules_form_saves_and_bad_input_keeps_what_was_typed(personas, client_as, urls):
    c = client_as(personas.reviewer)
    page = c.get(urls["rule"]).content.decode()
    assert 'value="7,3,1"' in page and "07/06/2022 07:30" in page  # the schedule it would follow
    response = c.post(
        urls["rule"],
        {
            "days_before": "10, x",
            "on_the_day": "on",
            "send_time": "08:00",
            "overdue_notices": "2",
            "overdue_every_days": "5",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "cách nhau bởi dấu phẩy" in html and 'value="10, x"' in html
    assert not ReminderRule.objects.exists()
    response = c.post(
        urls["rule"], {"days_before": "10,2", "send_time": "08:00", "overdue_notices": "2", "overdue_every_days": "5"}
    )
    assert response.status_code == 302
    rule = ReminderRule.objects.get(scope_key=urls["scope"])
    assert (
        rule.days_before,
        rule.on_the_day,
        rule.send_time.strftime("%H:%M"),
        rule.overdue_notices,
        rule.overdue_every_days,
    ) == ("10,2", False, "08:00", 2, 5)
    assert rule.updated_by == personas.reviewer
