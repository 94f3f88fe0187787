"""In Chromium at phone width: the state badge turns to "Đang soạn" after the first autosave
without a reload, and the report's number and signer save by themselves (a bad one is shown)."""

import re

import pytest
import time_machine
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import local_dt, wait_saved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_badge_updates_and_number_saves(issued_plan, personas, page, live_server, login_in_browser):
    traveller = time_machine.travel(local_dt(2022, 6, 10, 9, 41), tick=True)
    traveller.start()
    try:
        sub, items = issued_plan.sub_a1, issued_plan.items
        sub.committee.place = "Phường A1"
        sub.committee.save()
        login_in_browser(page, "canbo_a1")
        page.goto(live_server.url + reverse("reports-submission-edit", args=[sub.pk]))
        badge = page.locator("#status-badge [data-status]")
        expect(badge).to_have_text("Chưa bắt đầu")
        page.locator(f"#item-{items.s11.pk} .rt-editor").click()
        page.keyboard.type("Đã tổ chức 5 hội nghị.")
        wait_saved(page, r"Đã lưu lúc \d\d:\d\d")
        expect(badge).to_have_text("Đang soạn")
        expect(badge).to_have_attribute("data-status", "draft")

        page.fill("#id_doc-doc_number", "15/BC?")
        page.locator("#id_doc-signer_name").click()
        expect(page.locator("[data-doc-error-for='doc_number']")).to_contain_text("Số báo cáo chỉ gồm chữ")
        expect(page.locator("#id_doc-doc_number")).to_have_value("15/BC?")
        page.fill("#id_doc-doc_number", "15/BC-MTTQ")
        page.fill("#id_doc-signer_position", "Chủ tịch")
        page.fill("#id_doc-signer_name", "Nguyễn Văn An")
        page.locator(f"#item-{items.s12.pk} .rt-editor").click()
        expect(page.locator("#id_doc-doc_number")).not_to_have_class(re.compile("is-invalid"))
        wait_saved(page, r"Đã lưu lúc \d\d:\d\d")
        page.screenshot(path="/tmp/hsubs2-edit.png", full_page=True)
        # Several fields save one after another: wait until the last one has reached the database.
        expected = ("15/BC-MTTQ", "Chủ tịch", "Nguyễn Văn An")
        for _ in range(50):
            sub.refresh_from_db()
            if (sub.doc_number, sub.signer_position, sub.signer_name) == expected:
                break
            page.wait_for_timeout(200)
        assert (sub.doc_number, sub.signer_position, sub.signer_name) == expected
        assert sub.state == "draft"
        page.reload()
        expect(page.locator("#id_doc-signer_name")).to_have_value("Nguyễn Văn An")
        expect(badge).to_have_text("Đang soạn")
    finally:
        traveller.stop()
