"""The standing committee adds a reporting duty to an issued plan by a correction, in Chromium at
390 px; the ward named then reads the correction on the plan page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from outbox.models import Email
from reports.models import ReportingDuty
from tests.reports.test_duty_correction import REASON, plan_380  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_standing_committee_adds_a_duty_by_correction(plan_380, tree, page, live_server, login_in_browser):  # noqa: F811
    plan = plan_380.plan
    today = timezone.localdate()
    login_in_browser(page, "btt_a")
    page.goto(live_server.url + reverse("plans-detail", args=[plan.pk]))
    page.get_by_role("link", name="Bổ sung yêu cầu báo cáo (đính chính)").click()
    page.wait_for_url(re.compile(r"/yeu-cau/bo-sung/$"))
    expect(page.locator("#id_corrected_on")).to_have_value(today.strftime("%d/%m/%Y"))
    # Without a reason the form is refused and what was typed stays.
    page.fill("#id_title", "Báo cáo kết quả Đại hội điểm")
    page.select_option("#id_outline", str(plan_380.outline.pk))
    page.check("input[name=targets][value=list]")
    page.check(f"input[name=committees][value='{tree.ward_a1.pk}']")
    page.fill("#id_deadline_date", (today + datetime.timedelta(days=10)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Bổ sung và gửi thông báo").click()
    expect(page.get_by_text("Xin ghi lý do đính chính, bổ sung.")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Báo cáo kết quả Đại hội điểm")
    page.fill("#id_reason", REASON)
    page.screenshot(path="/tmp/loop/duty-correct-390.png", full_page=True)
    page.get_by_role("button", name="Bổ sung và gửi thông báo").click()
    page.wait_for_url(re.compile(rf"/{plan.pk}/$"))
    expect(page.get_by_text("Đã bổ sung yêu cầu “Báo cáo kết quả Đại hội điểm”")).to_be_visible()
    line = f"Bổ sung theo đính chính ngày {today:%d/%m/%Y}: {REASON}"
    expect(page.locator(".duty-correction")).to_have_text(line)
    page.screenshot(path="/tmp/loop/plan-after-correction-390.png", full_page=True)
    duty = ReportingDuty.objects.get(plan=plan)
    assert Email.objects.filter(key__startswith=f"duty-added:{duty.pk}:").count() == 3

    # The ward named reads the plan and the correction.
    page.context.clear_cookies()
    login_in_browser(page, "canbo_a1")
    page.goto(live_server.url + reverse("plans-detail", args=[plan.pk]))
    expect(page.locator(".duty-correction")).to_have_text(line)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/loop/plan-after-correction-1280.png", full_page=True)
