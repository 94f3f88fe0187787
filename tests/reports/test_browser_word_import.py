"""Word import in Chromium at 390 px: the header and signature blocks of an official report are left
out, and the one line the portal could not place is dropped with "Bỏ tất cả" in one click."""

import re

import pytest
from playwright.sync_api import expect

from reports.models import SectionAnswer
from tests.reports.test_word_import import plan_001  # noqa: F401  (the fixture)
from tests.reports.test_word_import_official import official_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_officer_drops_every_unplaced_line_in_one_click(plan_001, page, live_server, login_in_browser):  # noqa: F811
    plan = plan_001[0]
    login_in_browser(page, "canbo_a1")
    page.goto(live_server.url + _url(plan.sub_a1.pk))
    page.set_input_files("#id_file", files=[{"name": "bao-cao-phuong-3.docx", "mimeType": DOCX, "buffer": official_docx()}])
    page.get_by_role("button", name="Đọc tệp và chia mục").click()
    expect(page.locator("#left-out-summary")).to_contain_text("17 dòng phần đầu và phần cuối văn bản")
    expect(page.locator(".piece-unplaced")).to_have_count(1)
    page.screenshot(path="/tmp/loop/word-import-390.png", full_page=True)
    page.get_by_role("button", name="Bỏ tất cả đoạn chưa xếp").click()
    expect(page.locator(".piece-unplaced")).to_have_count(0)
    expect(page.locator("#drop-unplaced-bar [role=status]")).to_contain_text("Đã chọn bỏ các đoạn chưa xếp")
    page.get_by_role("button", name="Xác nhận và đưa vào báo cáo").click()
    page.wait_for_url(re.compile(r"/soan/$"))
    expect(page.locator("#length-status")).to_contain_text("Ước tính khoảng")
    expect(page.get_by_label("Ghi “(chưa viết)” ở các mục chưa viết")).to_be_visible()
    page.screenshot(path="/tmp/loop/edit-after-import-390.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/loop/edit-after-import-1280.png")
    written = " ".join(SectionAnswer.objects.filter(submission=plan.sub_a1).values_list("html", flat=True))
    assert "Phát 120 số bản tin Mặt trận." in written
    for left_out in ("Thực hiện Kế hoạch số 380", "CỘNG HÒA", "Nơi nhận", "Trần Thị Bình"):
        assert left_out not in written


def _url(pk: int) -> str:
    from django.urls import reverse

    return reverse("reports-submission-import-word", args=[pk])
