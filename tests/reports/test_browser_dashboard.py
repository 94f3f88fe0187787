"""In a real browser: the reviewer reads a plan's dashboard, filters to the missing wards and
downloads both Excel files; a ward officer round-trips the indicator form."""

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from committees.models import Committee
from reports.models import IndicatorValue, ReportingDuty, Submission
from tests.conftest import local_dt

from .dashboard_factories import set_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = Submission.State


def test_reviewer_dashboard_and_officer_indicator_form(
    page, live_server, login_in_browser, issued_plan, personas, tmp_path
):
    p = issued_plan
    Committee.objects.filter(pk=p.sub_org.committee_id).update(name="=Hội Nông dân thành phố A")
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

    # A second report with a title as long as the demo's: the report picker must fit a phone.
    ReportingDuty.objects.create(
        plan=p.plan,
        outline=p.duty.outline,
        title="Báo cáo sơ kết giữa nhiệm kỳ của Ủy ban MTTQ các phường",
        deadline=local_dt(2022, 6, 14, 23, 59, 59),
    )

    # The reviewer: overview -> plan dashboard.
    login_in_browser(page, personas.reviewer.username)
    page.click("text=Xem tất cả kế hoạch")
    assert page.locator("[data-plan] .done").inner_text() == "2"
    assert page.locator("[data-plan] .expected").inner_text() == "3"
    page.screenshot(path="/tmp/hdash-overview.png", full_page=True)
    page.click(f"a:has-text('{p.plan.document_number}')")
    page.wait_for_selector("#status-chart")
    card = lambda status: page.locator(f".status-card[data-status={status}] .count").inner_text()  # noqa: E731
    assert (card("submitted_on_time"), card("accepted"), card("missing"), card("draft")) == ("1", "1", "1", "0")
    totals = page.locator("#indicator-totals tr[data-indicator]")
    assert totals.nth(0).locator(".total").inner_text() == "15"
    assert totals.nth(1).locator(".total").inner_text() == "350"
    # Chart.js drew the status chart from the vendored file.
    assert page.evaluate("typeof Chart") == "function"
    assert page.evaluate("Chart.getChart('status-chart').data.datasets[0].data") == [0, 0, 1, 0, 0, 1, 1]
    page.screenshot(path="/tmp/hdash-plan.png", full_page=True)
    # Nothing wider than the 390 px phone: no sideways scrolling.
    picker = page.locator("select[name=duty]")
    assert "(14/06/2022)" in picker.locator("option").nth(1).inner_text()
    assert page.evaluate("window.innerWidth") == 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = picker.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["width"] > 300 and box["height"] > 20
    page.screenshot(path="/tmp/hfixb-dashboard.png", full_page=True)

    # Filter to the missing wards.
    page.select_option("#f-state", "missing")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**state=missing**")
    rows = page.locator("#units-table tbody tr")
    assert rows.count() == 1 and "Phường A2" in rows.first.inner_text()
    assert "Quá hạn chưa nộp" in rows.first.inner_text()

    # Both Excel files (the missing filter applies to the status table).
    with page.expect_download() as info:
        page.click("#xlsx-status")
    path = tmp_path / "status.xlsx"
    info.value.save_as(path)
    ws = load_workbook(path).active
    assert ws["B5"].value == "Ủy ban MTTQ Phường A2" and ws["E5"].value == "Quá hạn chưa nộp"
    page.goto(f"{live_server.url}/bao-cao/theo-doi/ke-hoach/{p.plan.pk}/")
    with page.expect_download() as info:
        page.click("#xlsx-indicators")
    path = tmp_path / "indicators.xlsx"
    info.value.save_as(path)
    ws = load_workbook(path).active
    names = {ws.cell(r, 2).value: r for r in range(5, ws.max_row + 1)}
    org = names["=Hội Nông dân thành phố A"]
    assert ws.cell(org, 2).data_type == "s" and ws.cell(org, 3).value == 3
    assert ws.cell(names["Tổng hợp"], 3).value == 15 and ws.cell(names["Tổng hợp"], 4).value == 350

    # The ward officer (A2): home -> indicator form -> download, fill, upload.
    page.context.clear_cookies()
    login_in_browser(page, personas.other_ward_officer.username)
    page.screenshot(path="/tmp/hdash-home.png", full_page=True)
    page.click("text=Nhập số liệu bằng Excel")
    with page.expect_download() as info:
        page.click("text=Tải biểu mẫu của đơn vị (.xlsx)")
    form_path = tmp_path / "form.xlsx"
    info.value.save_as(form_path)
    wb = load_workbook(form_path)
    assert wb.active["B3"].value == "Ủy ban MTTQ Phường A2"
    wb.active["E7"], wb.active["E8"] = "bảy", 90
    bad_path = tmp_path / "bad.xlsx"
    wb.save(bad_path)
    page.set_input_files("input[name=file]", str(bad_path))
    page.click("button:has-text('Tải lên và nhập số liệu')")
    assert "E7" in page.locator("#form-errors").inner_text()
    page.screenshot(path="/tmp/hdash-form-errors.png", full_page=True)
    assert not IndicatorValue.objects.filter(submission=p.sub_a2).exists()

    wb.active["E7"] = 7
    good_path = tmp_path / "good.xlsx"
    wb.save(good_path)
    page.set_input_files("input[name=file]", str(good_path))
    page.click("button:has-text('Tải lên và nhập số liệu')")
    page.wait_for_selector("text=Đã nhập 2 chỉ tiêu")
    assert page.locator(f"#current-values td[data-indicator='{p.indicators.meetings.pk}']").inner_text() == "7"
    page.screenshot(path="/tmp/hdash-form.png", full_page=True)
    values = dict(IndicatorValue.objects.filter(submission=p.sub_a2).values_list("indicator_id", "value"))
    assert values == {p.indicators.meetings.pk: Decimal(7), p.indicators.attendees.pk: Decimal(90)}
    assert Submission.objects.get(pk=p.sub_a2.pk).state == S.DRAFT
