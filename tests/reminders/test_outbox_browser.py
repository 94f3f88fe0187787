"""The outbox on a phone: the standing committee sees who is missing, presses "remind now" once."""

import pytest
import time_machine

from outbox.models import Email
from reminders.models import Reminder
from reminders.sweep import reminders_sweep
from tests.conftest import local_dt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_standing_committee_reads_the_outbox_and_reminds_now(
    issued_plan, tree, personas, page, live_server, login_in_browser
):
    type(tree.org_a).objects.filter(pk=tree.org_a.pk).update(emails="")
    type(personas.org_officer).objects.filter(pk=personas.org_officer.pk).update(email="")
    with time_machine.travel(local_dt(2022, 6, 7, 8, 0), tick=False):
        reminders_sweep()
    Email.objects.filter(to="tp-a-p1@mttq.example").update(state="failed", last_error="550 5.1.1 Mailbox unavailable")
    Email.objects.exclude(to="tp-a-p1@mttq.example").update(state="sent", sent_at=local_dt(2022, 6, 7, 8, 1))

    login_in_browser(page, "btt_a")
    page.goto(f"{live_server.url}/nhac-han/")
    assert page.get_by_role("heading", name="Nhắc hạn", exact=True).is_visible()
    assert page.get_by_text("550 5.1.1 Mailbox unavailable").is_visible()
    assert page.locator("text=chưa có địa chỉ email").first.is_visible()
    page.screenshot(path="/tmp/hremind-outbox.png", full_page=True)

    # The button asks first: "Cancel" sends nothing.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Nhắc ngay các đơn vị chưa nộp").click()
    assert asked == ["Gửi thư nhắc hạn ngay tới tất cả các đơn vị chưa nộp của kế hoạch này?"]
    assert Reminder.objects.filter(step__startswith="manual-").count() == 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nhắc ngay các đơn vị chưa nộp").click()
    page.wait_for_selector("text=Đã gửi nhắc hạn tới 3 đơn vị chưa nộp.")
    assert Reminder.objects.filter(step__startswith="manual-").count() == 3
    assert page.locator(".last-manual").inner_text().startswith("Đã nhắc thủ công lúc ")
    # Again at once (a second click on the new page): refused, nothing sent.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nhắc ngay các đơn vị chưa nộp").click()
    page.wait_for_selector("text=chỉ nhắc lại được sau 60 phút")
    assert Reminder.objects.filter(step__startswith="manual-").count() == 3
    page.screenshot(path="/tmp/hfixb-outbox-refused.png", full_page=True)

    page.get_by_role("link", name="Sửa lịch nhắc").click()
    page.fill("input[name=days_before]", "5, abc")
    page.get_by_role("button", name="Lưu lịch nhắc").click()
    assert page.get_by_text("Nhập các số ngày từ 1 đến 90").is_visible()
    assert page.input_value("input[name=days_before]") == "5, abc"
    page.screenshot(path="/tmp/hremind-rules.png", full_page=True)
