"""Done when: in a real browser, the city's standing committee builds the consolidated report of a
plan whose wards have submitted, watches the progress, downloads it, and the file holds every
submitted report's text under the right headings, the right totals and the list of missing wards.
The build runs on a REAL Celery worker through the configured broker."""

import docx
import pytest

from tests.reports.test_consolidation import (
    fill_round,
    paragraphs,
    section_after,
    upward,  # noqa: F401  (fixture)
)
from tests.worker import running_worker

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_reviewer_builds_watches_and_downloads_the_consolidated_report(
    issued_plan,
    personas,
    upward,  # noqa: F811  (the fixture imported above)
    page,
    live_server,
    login_in_browser,
    settings,
    tmp_path,  # noqa: F811
):
    fill_round(issued_plan)
    files_root = settings.STORAGES["default"]["OPTIONS"]["location"]
    with running_worker(extra_env={"FILES_ROOT": files_root}) as queue:
        settings.CONSOLIDATION_QUEUE = queue
        login_in_browser(page, "btt_a")
        page.goto(f"{live_server.url}/bao-cao/tong-hop/ke-hoach/{issued_plan.plan.pk}/")
        assert page.get_by_role("heading", name="Tổng hợp báo cáo").is_visible()
        assert page.get_by_text("Chưa có lần tổng hợp nào.").is_visible()
        page.screenshot(path="/tmp/hcons-consolidation-empty.png", full_page=True)

        page.get_by_role("button", name="Tổng hợp báo cáo").click()
        page.wait_for_load_state()
        # Right after the click the page shows the build under way with its progress bar (or,
        # if the worker was quicker than the redirect, the finished build).
        page.locator("#active-build, #download-docx").first.wait_for()
        if page.locator("#active-build").count():
            assert page.locator("#active-build .progress").is_visible()
            assert page.get_by_role("progressbar").count() == 1
            page.screenshot(path="/tmp/hcons-consolidation-progress.png", full_page=True)
        # The page polls the status and shows the download link when the worker is done.
        page.locator("#download-docx").wait_for(timeout=90_000)
        page.screenshot(path="/tmp/hcons-consolidation-done.png", full_page=True)
        assert page.locator("#history .badge", has_text="Hoàn thành").count() == 1

        with page.expect_download() as download_info:
            page.click("#download-docx")
        download = download_info.value
        assert download.suggested_filename.endswith(".docx")
        path = tmp_path / download.suggested_filename
        download.save_as(path)

    read = docx.Document(str(path))
    texts = paragraphs(read)
    body = texts[: texts.index("PHỤ LỤC I")]
    assert section_after(body, "1. Công tác triển khai", "2. Thuận lợi") == [
        "Toàn thành phố tổ chức 12 cuộc với 470 lượt người dự.",
        "Cả 2 đơn vị đã báo cáo nội dung này.",
    ]
    assert section_after(body, "2. Thuận lợi", "II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT") == [
        "Đơn vị báo cáo nội dung này (1/2): Hội Nông dân thành phố A.",
    ]
    annex = texts[texts.index("PHỤ LỤC I") :]
    assert "Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết." in annex
    assert "Hội Nông dân triển khai tới 12 chi hội." in annex
    assert any(t.startswith("Đơn vị chưa gửi báo cáo (1): Ủy ban MTTQ Phường A2 (") for t in annex)

    # Up the tree: city A's own report to the province, pre-filled from this consolidation.
    page.click("text=Điền sẵn từ bản tổng hợp")
    page.get_by_role("heading", name="Điền sẵn từ bản tổng hợp").wait_for()
    page.screenshot(path="/tmp/hcons-consolidation-prefill.png", full_page=True)
    page.get_by_role("button", name="Điền sẵn").click()
    page.wait_for_load_state()
    from reports.models import SectionAnswer

    filled = SectionAnswer.objects.get(submission=upward.sub, item=upward.i11).html
    assert "Phường A1 tổ chức 5 hội nghị" in filled
