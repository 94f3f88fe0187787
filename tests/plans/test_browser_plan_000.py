"""Done when (issue 3): a standing-committee member, in the browser on a phone, recreates plan 000
with outline 001 (by import) and its duties, issues it, downloads the .docx; the ward officers
get the notice by email."""

import io
import re
from pathlib import Path

import pytest
from docx import Document

from outbox.services import emails_send_due

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEED_001 = Path(__file__).resolve().parents[2] / "demo" / "data" / "outline_001.txt"


def shot(page, name):
    page.screenshot(path=f"/tmp/hplans-{name}.png", full_page=True)
    page.screenshot(path=f"/tmp/hplans-{name}-top.png")  # what a phone shows first


def test_standing_member_recreates_plan_000_and_wards_get_the_notice(
    personas, page, live_server, login_in_browser, smtp_server
):
    login_in_browser(page, "btt_a")

    # 1. the outline 001, pasted, checked, saved
    page.goto(f"{live_server.url}/bao-cao/de-cuong/nhap/")
    page.fill("textarea[name=text]", SEED_001.read_text(encoding="utf-8"))
    shot(page, "outline-import")
    page.click("button:has-text('Đọc đề cương')")
    assert page.get_by_text("Kiểm tra cây mục trước khi lưu").is_visible()
    assert page.get_by_text("Bỏ qua số trang “4” ở cuối nội dung.").is_visible()
    shot(page, "outline-tree")
    page.click("button:has-text('Lưu đề cương')")
    page.wait_for_url(re.compile(r"/bao-cao/de-cuong/\d+/$"))
    assert page.locator(".outline-item").count() == 59  # every item of 001
    shot(page, "outline-detail")

    # 2. the plan
    page.goto(f"{live_server.url}/ke-hoach/moi/")
    page.fill(
        "textarea[name=title]", "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội MTTQVN các cấp nhiệm kỳ 2019 - 2024"
    )
    page.fill("input[name=issued_on]", "20/05/2022")
    page.fill(
        "textarea[name=preamble]",
        "Nhằm đánh giá kết quả 03 năm thực hiện Nghị quyết Đại hội Mặt trận Tổ quốc Việt Nam các cấp nhiệm kỳ 2019 - 2024.",
    )
    page.fill(
        "textarea[name=purpose]",
        "1. Đánh giá quá trình hướng dẫn, chỉ đạo và tổ chức thực hiện Nghị quyết.\n2. Thông qua sơ kết, đẩy mạnh tuyên truyền.",
    )
    page.fill("textarea[name=content]", "1. Nội dung\n- Đánh giá vai trò của Ủy ban MTTQ Việt Nam các cấp.")
    page.fill(
        "textarea[name=milestones]",
        "Cấp thành phố: hội nghị sơ kết vào cuối tháng 6/2022\nCấp phường: hoàn thành giữa tháng 6/2022",
    )
    page.fill(
        "textarea[name=organisation]",
        "3. Ủy ban MTTQVN các phường: xây dựng Báo cáo sơ kết (không quá 10 trang) chậm nhất ngày 14/6/2022.",
    )
    page.fill(
        "textarea[name=recipients]", "BTT Ủy ban MTTQVN tỉnh (B/c)\nUBMTTQVN các phường (T/h)\nLưu VP UBMTTQVN TP"
    )
    page.fill("input[name=signer_name]", "Nguyễn Hồng Hải")
    shot(page, "plan-form")
    page.click("button:has-text('Lưu')")
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/$"))
    assert page.get_by_text("Đã tạo dự thảo kế hoạch").is_visible()

    # 3. its duties: the wards, then the member organisations, by 14/6/2022
    for title, targets in (
        ("Báo cáo sơ kết của các phường", "children"),
        ("Báo cáo của các tổ chức thành viên", "member_orgs"),
    ):
        page.click("a:has-text('Thêm yêu cầu báo cáo')")
        page.fill("input[name=title]", title)
        page.select_option("select[name=outline]", index=1)
        page.check(f"input[name=targets][value={targets}]")
        page.fill("input[name=deadline_date]", "14/06/2022")
        page.fill("input[name=page_limit]", "10")
        if targets == "children":
            shot(page, "duty-form")
        page.click("button:has-text('Lưu')")
        page.wait_for_url(re.compile(r"/ke-hoach/\d+/$"))
    assert page.locator(".duty-card").count() == 2
    assert page.get_by_text("14/06/2022 23:59").first.is_visible()

    # 4. issue
    page.click("a:has-text('Ban hành')")
    shot(page, "plan-issue")
    page.fill("input[name=issued_on]", "20/05/2022")
    # the seed's deadline (14/06/2022) is history: the page says so and asks to confirm
    assert page.locator("#past-deadline").is_visible()
    page.check("input[name=confirm_past]")
    page.click("button:has-text('Ban hành')")
    page.wait_for_url(re.compile(r"/ke-hoach/\d+/$"))
    assert page.locator("#plan-state").inner_text() == "Đã ban hành"
    assert page.get_by_role("heading", name="Kế hoạch số 01/KH-MTTQ-BTT").is_visible()
    shot(page, "plan-detail")

    # 5. download the Word file
    with page.expect_download() as info:
        page.click("#download-docx")
    doc = Document(io.BytesIO(Path(info.value.path()).read_bytes()))
    left, right = doc.tables[0].rows[0].cells
    assert "Số: 01/KH-MTTQ-BTT" in [p.text for p in left.paragraphs]
    assert "ngày 20 tháng 5 năm 2022" in right.paragraphs[-1].text
    texts = [p.text for p in doc.paragraphs]
    assert (
        "KẾ HOẠCH" in texts
        and "PHỤ LỤC" in texts
        and "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN ĐẾN HẾT NHIỆM KỲ" in texts
    )

    # 6. the notice reaches the ward officers (and the wards' and organisation's own addresses)
    emails_send_due()
    received = {m.rcpt_tos[0] for m in smtp_server.messages}
    assert {
        "canbo_a1@mttq.example",
        "lanhdao_a1@mttq.example",
        "canbo_a2@mttq.example",
        "canbo_hnd@mttq.example",
    } <= received
    assert {"tp-a-p1@mttq.example", "tp-a-p2@mttq.example", "tp-a-hnd@mttq.example"} <= received
    assert "canbo_b1@mttq.example" not in received and "btt_a@mttq.example" not in received

    # 7. a ward officer opens the link and reads the plan on a phone
    body = (
        next(m for m in smtp_server.messages if m.rcpt_tos == ["canbo_a1@mttq.example"])
        .message.get_body(("plain",))
        .get_content()
    )
    link = next(line.split()[-1] for line in body.splitlines() if "/ke-hoach/" in line)
    page.context.clear_cookies()
    login_in_browser(page, "canbo_a1")
    page.goto(live_server.url + link[link.index("/ke-hoach/") :])
    assert page.get_by_text("Báo cáo sơ kết của các phường").is_visible()
    assert page.locator("a:has-text('Điều chỉnh')").count() == 0
    shot(page, "plan-detail-officer")
