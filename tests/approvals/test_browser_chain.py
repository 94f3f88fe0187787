"""Done when, on a phone: the ward's officer records its Party committee's meeting (date,
conclusions, minutes) and its approval of each document; the city's standing committee returns one
document with a comment; the officer sees it. Real Chromium at 390 px."""

import pytest
import time_machine
from playwright.sync_api import expect

from approvals.models import Decision, Meeting
from tests.conftest import local_dt

from .conftest import PDF, REQUIRED, steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ward_records_its_party_committee_and_the_city_returns_a_document(
    sent, people, page, live_server, login_in_browser, tmp_path
):
    minutes = tmp_path / "Biên bản họp Đảng ủy.pdf"
    minutes.write_bytes(PDF)
    with time_machine.travel(local_dt(2023, 12, 4, 15, 0), tick=True):
        login_in_browser(page, "canbo_a1")
        page.goto(f"{live_server.url}/phe-duyet/")
        expect(page.get_by_text("Cần ghi ý kiến của Đảng ủy Phường A1")).to_be_visible()
        page.get_by_role("link", name=sent.title).click()
        page.fill("input[name=held_on]", "04/12/2023")
        page.fill("textarea[name=conclusions]", "Ban Thường vụ Đảng ủy thống nhất nội dung, chương trình Đại hội.")
        page.set_input_files("input[name=minutes]", str(minutes))
        page.get_by_role("button", name="Lưu cuộc họp").click()
        expect(page.get_by_text("Đã ghi cuộc họp của Đảng ủy Phường A1.")).to_be_visible()
        for key in REQUIRED:
            page.locator(f"[data-decide={key}] button[value=approved]").click()
            expect(page.get_by_text("Đã ghi ý kiến của Đảng ủy Phường A1.")).to_be_visible()
        expect(page.locator("[data-state=step]")).to_contain_text("Ban Thường trực Ủy ban MTTQ thành phố A")
        assert Decision.objects.filter(step__position=1, meeting=Meeting.objects.get()).count() == 4

        page.context.clear_cookies()
        login_in_browser(page, "btt_a")
        page.goto(f"{live_server.url}/phe-duyet/ho-so/{sent.pk}/")
        card = page.locator("[data-decide=de-an]")
        card.locator("button[value=returned]").click()  # no comment: refused, nothing recorded
        expect(page.locator("[data-decide=de-an]")).to_contain_text("Hãy ghi ý kiến khi trả lại")
        page.locator("[data-decide=de-an] textarea[name=comment]").fill("Bổ sung cơ cấu dân tộc Khmer.")
        page.locator("[data-decide=de-an] button[value=returned]").click()
        expect(page.get_by_text("Đã ghi ý kiến của Ban Thường trực Ủy ban MTTQ thành phố A.")).to_be_visible()
        page.screenshot(path=str(tmp_path / "city.png"), full_page=True)

        page.context.clear_cookies()
        login_in_browser(page, "canbo_a1")
        page.goto(f"{live_server.url}/phe-duyet/ho-so/{sent.pk}/")
        expect(page.locator("[data-hint=fix]")).to_be_visible()
        expect(page.locator("[data-item-card=de-an]")).to_contain_text("Bổ sung cơ cấu dân tộc Khmer.")
    city = steps(sent)[1]
    assert Decision.objects.get(step=city, item__key="de-an").outcome == "returned"
