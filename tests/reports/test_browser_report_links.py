"""In a real browser: the city's standing committee goes home -> plan dashboard -> a ward's
submitted report and lands on its review page; a ward officer uploads evidence on the editing
page, sees it listed and removes it."""

import os

import pytest

from reports.models import Attachment, Submission
from tests.conftest import local_dt

from .dashboard_factories import set_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/shots"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_reviewer_opens_a_submitted_report_from_the_dashboard(page, live_server, login_in_browser, issued_plan, personas):
    p = issued_plan
    set_state(p.sub_a1, Submission.State.SUBMITTED, submitted=local_dt(2022, 6, 13, 10, 0))
    set_state(p.sub_org, Submission.State.DRAFT)
    login_in_browser(page, personas.reviewer.username)
    page.click(f"#open-plans a:has-text('{p.plan.document_number}')")
    page.wait_for_selector("#units-table")
    row = page.locator(f"#units-table tr[data-committee='{p.sub_a1.committee_id}']")
    assert row.locator("a.open-report").count() == 1
    not_started = page.locator(f"#units-table tr[data-committee='{p.sub_a2.committee_id}']")
    assert not_started.locator("a").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/dashboard-links-390.png", full_page=True)
    row.locator("a.open-report").click()
    page.wait_for_url(f"**/don-vi/{p.sub_a1.pk}/xem-xet/")
    assert page.locator("#accept-form").count() == 1


def test_officer_sees_and_removes_uploaded_evidence(page, live_server, login_in_browser, issued_plan, personas, tmp_path):
    p = issued_plan
    pdf = tmp_path / "bien-ban-hoi-nghi.pdf"
    pdf.write_bytes(PDF)
    login_in_browser(page, personas.officer.username)
    page.goto(f"{live_server.url}/bao-cao/don-vi/{p.sub_a1.pk}/soan/")
    page.set_input_files("#minh-chung input[type=file]", str(pdf))
    page.click("#minh-chung button:has-text('Tải lên')")
    page.wait_for_selector("#evidence-list")
    page.wait_for_load_state("load")  # site.js (the confirm) runs at the end of the page
    item = page.locator("#evidence-list li")
    assert item.count() == 1 and "bien-ban-hoi-nghi.pdf" in item.inner_text()
    assert "Chưa có minh chứng nào." not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    os.makedirs(SHOTS, exist_ok=True)
    page.locator("#minh-chung").scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/evidence-edit-390.png", full_page=True)
    # Answering "no" keeps the file; "yes" removes it.
    page.once("dialog", lambda d: d.dismiss())
    item.locator("button:has-text('Xóa')").click()
    assert page.locator("#evidence-list li").count() == 1
    page.once("dialog", lambda d: d.accept())
    item.locator("button:has-text('Xóa')").click()
    page.wait_for_selector("text=Chưa có minh chứng nào.")
    assert Attachment.objects.count() == 0
