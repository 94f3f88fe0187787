"""In a real browser (390 px): the city's standing committee sees on the plan's dashboard at which
level each report waits, opens ward A1's approval page and passes it up to the province."""

import pytest
from django.urls import reverse

from tests.reports.test_approval_levels import chained, decide, fill_and_submit  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_level_reads_the_dashboard_and_approves_on_a_phone(page, live_server, login_in_browser, chained, personas):  # noqa: F811
    fill_and_submit(chained, chained.sub_a1, personas.officer)
    fill_and_submit(chained, chained.sub_org, personas.org_officer)
    decide(chained.sub_org, personas.reviewer)

    login_in_browser(page, personas.reviewer.username)
    page.goto(f"{live_server.url}{reverse('reports-dashboard-plan', args=[chained.plan.pk])}")
    page.wait_for_selector("#units-table")
    a1 = page.locator(f"#units-table tr[data-committee='{chained.sub_a1.committee_id}'] .waiting-level")
    org = page.locator(f"#units-table tr[data-committee='{chained.sub_org.committee_id}'] .waiting-level")
    assert a1.inner_text() == "Chờ cấp huyện duyệt" and org.inner_text() == "Chờ cấp tỉnh duyệt"
    assert no_sideways_scroll(page)
    page.screenshot(path="/tmp/appr-dashboard.png", full_page=True)

    page.goto(f"{live_server.url}{reverse('reports-approval', args=[chained.sub_a1.pk])}")
    assert page.locator("[data-waiting='district']").inner_text() == "Chờ cấp huyện duyệt"
    page.fill("#id_reason", "Báo cáo đạt yêu cầu.")
    page.click("button[value=approved]")
    page.wait_for_selector("[data-waiting='province']")
    assert "Đã ghi ý kiến thông qua" in page.content()
    assert page.locator("#decide").count() == 0  # the province's turn now
    assert no_sideways_scroll(page)
    page.screenshot(path="/tmp/appr-approval.png", full_page=True)
