"""Done when: a ward officer writes, leaves, comes back, attaches, submits; the reviewer returns
it; the officer fixes and resubmits; the reviewer sees the change and accepts. Real Chromium."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from reports.models import Attachment, IndicatorValue, SectionAnswer, Submission
from tests.conftest import local_dt, wait_saved

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def logout(page, live_server):
    page.context.clear_cookies()


def type_into(page, item, text):
    editor = page.locator(f"#item-{item.pk} .rt-editor")
    editor.click()
    page.keyboard.type(text)


def test_officer_submits_reviewer_returns_officer_resubmits_reviewer_accepts(
    issued_plan, personas, page, live_server, login_in_browser, tmp_path
):
    traveller = time_machine.travel(local_dt(2022, 6, 10, 9, 41), tick=True)
    traveller.start()
    try:
        _flow(issued_plan, personas, page, live_server, login_in_browser, tmp_path)
    finally:
        traveller.stop()


def _flow(issued_plan, personas, page, live_server, login_in_browser, tmp_path):
    sub, items, ind = issued_plan.sub_a1, issued_plan.items, issued_plan.indicators
    login_in_browser(page, "canbo_a1")
    page.goto(f"{live_server.url}/bao-cao/cua-don-vi/")
    expect(page.get_by_text("còn 4 ngày")).to_be_visible()
    page.screenshot(path="/tmp/hsubs-my-reports.png", full_page=True)
    page.get_by_role("link", name="Báo cáo sơ kết giữa nhiệm kỳ").click()
    page.wait_for_url(re.compile(r"/soan/$"))

    # Two sections and an indicator; the autosave says when it saved.
    type_into(page, items.s11, "Đã tổ chức 5 hội nghị quán triệt Nghị quyết.")
    page.locator(f"#item-{items.s11.pk} [data-cmd=bold]").click()
    page.keyboard.type(" Đạt 100% chi hội.")
    type_into(page, items.s12, "Được Đảng ủy quan tâm lãnh đạo.")
    page.fill(f"#indicator-{ind.meetings.pk}", "5")
    page.locator(f"#indicator-{ind.attendees.pk}").click()  # leaving the field saves it
    wait_saved(page, r"Đã lưu lúc \d\d:\d\d")
    # A bad value: a field error, the other values stay.
    page.fill(f"#indicator-{ind.attendees.pk}", "-7")
    page.locator(f"#item-{items.s2.pk} .rt-editor").click()
    expect(page.locator(f"[data-error-for='{ind.attendees.pk}']")).to_have_text("Số liệu không được âm.")
    # The sticky bar must not keep claiming "Đã lưu lúc …" for a refused value.
    expect(page.locator("#save-status")).to_have_text("Có lỗi, chưa lưu")
    expect(page.locator("#save-status")).to_have_class(re.compile("text-danger"))
    page.fill(f"#indicator-{ind.attendees.pk}", "320")
    page.locator(f"#item-{items.s2.pk} .rt-editor").click()
    expect(page.locator(f"#indicator-{ind.attendees.pk}")).not_to_have_class(re.compile("is-invalid"))
    wait_saved(page, r"Đã lưu lúc")
    page.screenshot(path="/tmp/hsubs-edit.png", full_page=True)

    # Leave and come back: the draft is there.
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/bao-cao/cua-don-vi/")
    expect(page.get_by_text("Đang soạn")).to_be_visible()
    page.get_by_role("link", name="Báo cáo sơ kết giữa nhiệm kỳ").click()
    expect(page.locator(f"#item-{items.s11.pk} .rt-editor")).to_contain_text("Đã tổ chức 5 hội nghị quán triệt Nghị quyết.")
    expect(page.locator(f"#item-{items.s11.pk} .rt-editor b, #item-{items.s11.pk} .rt-editor strong")).to_contain_text("Đạt 100% chi hội.")
    expect(page.locator(f"#item-{items.s12.pk} .rt-editor")).to_contain_text("Được Đảng ủy quan tâm lãnh đạo.")
    expect(page.locator(f"#indicator-{ind.meetings.pk}")).to_have_value("5")
    assert IndicatorValue.objects.get(submission=sub, indicator=ind.attendees).value == 320

    # Evidence.
    evidence = tmp_path / "Biên bản hội nghị.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#minh-chung input[type=file]", str(evidence))
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã thêm minh chứng “Biên bản hội nghị.pdf”.")).to_be_visible()
    assert Attachment.objects.filter(submission=sub).count() == 1

    # Submit.
    page.get_by_role("link", name="Kiểm tra và nộp báo cáo").click()
    page.wait_for_url(re.compile(r"/nop/$"))
    page.screenshot(path="/tmp/hsubs-submit.png", full_page=True)
    page.locator("#submit-button").click()
    expect(page.get_by_text(re.compile("Đã nộp báo cáo \\(lần 1\\)"))).to_be_visible()
    sub.refresh_from_db()
    assert sub.state == Submission.State.SUBMITTED and sub.version == 1

    # The reviewer returns it with a reason and a comment on a section.
    page.context.clear_cookies()
    login_in_browser(page, "btt_a")
    page.goto(f"{live_server.url}/bao-cao/don-vi/{sub.pk}/xem-xet/")
    expect(page.get_by_text("Đã tổ chức 5 hội nghị quán triệt Nghị quyết.")).to_be_visible()
    page.locator(f"#item-{items.s12.pk} textarea[name=text]").fill("Nêu cụ thể hơn sự quan tâm của Đảng ủy.")
    page.locator(f"#item-{items.s12.pk} .comment-form button[type=submit]").click()
    expect(page.get_by_text("Đã ghi nhận xét.")).to_be_visible()
    page.fill("#id_reason", "Mục I.2 còn sơ sài, đề nghị bổ sung.")
    page.screenshot(path="/tmp/hsubs-review.png", full_page=True)
    page.get_by_role("button", name="Trả lại để sửa").click()
    expect(page.get_by_text("Đã trả lại báo cáo")).to_be_visible()

    # The officer sees the reason, fixes, resubmits.
    page.context.clear_cookies()
    login_in_browser(page, "canbo_a1")
    page.goto(f"{live_server.url}/bao-cao/cua-don-vi/")
    expect(page.get_by_text("Lý do trả lại: Mục I.2 còn sơ sài, đề nghị bổ sung.")).to_be_visible()
    page.get_by_role("link", name="Báo cáo sơ kết giữa nhiệm kỳ").click()
    expect(page.locator("#return-reason")).to_contain_text("Mục I.2 còn sơ sài, đề nghị bổ sung.")
    expect(page.locator(f"#item-{items.s12.pk} .review-comment")).to_contain_text("Nêu cụ thể hơn sự quan tâm của Đảng ủy.")
    page.screenshot(path="/tmp/hsubs-returned.png", full_page=True)
    editor = page.locator(f"#item-{items.s12.pk} .rt-editor")
    editor.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Đảng ủy chỉ đạo xây dựng kế hoạch và bố trí kinh phí.")
    page.locator(f"#item-{items.s2.pk} .rt-editor").click()  # blur saves
    wait_saved(page, r"Đã lưu lúc")
    page.get_by_role("link", name="Kiểm tra và nộp báo cáo").click()
    page.wait_for_url(re.compile(r"/nop/$"))
    page.locator("#submit-button").click()
    expect(page.get_by_text(re.compile("Đã nộp báo cáo \\(lần 2\\)"))).to_be_visible()
    assert "Đảng ủy chỉ đạo" in SectionAnswer.objects.get(submission=sub, item=items.s12).html

    # The reviewer sees the change and accepts.
    page.context.clear_cookies()
    login_in_browser(page, "btt_a")
    page.goto(f"{live_server.url}/bao-cao/don-vi/{sub.pk}/xem-xet/")
    changes = page.locator("#changes")
    expect(changes).to_contain_text("Thay đổi so với lần nộp bị trả lại")
    expect(changes.locator(".diff-added")).to_contain_text("Đảng ủy chỉ đạo xây dựng kế hoạch và bố trí kinh phí.")
    page.screenshot(path="/tmp/hfixa-review.png", full_page=True)
    # Accepting asks first: "Hủy" leaves the report waiting; "OK" accepts.
    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Tiếp nhận báo cáo").click()
    expect(page.locator("#review-actions")).to_be_visible()
    assert dialogs and dialogs[0].startswith("Tiếp nhận báo cáo của Ủy ban MTTQ Phường A1?")
    sub.refresh_from_db()
    assert sub.state == Submission.State.SUBMITTED
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Tiếp nhận báo cáo").click()
    expect(page.get_by_text("Đã tiếp nhận báo cáo.")).to_be_visible()
    page.screenshot(path="/tmp/hsubs-accepted.png", full_page=True)
    sub.refresh_from_db()
    assert sub.state == Submission.State.ACCEPTED


def test_lost_connection_keeps_text_and_saves_when_back(issued_plan, personas, page, live_server, login_in_browser):
    sub, item = issued_plan.sub_a1, issued_plan.items.s2
    login_in_browser(page, "canbo_a1")
    page.goto(f"{live_server.url}/bao-cao/don-vi/{sub.pk}/soan/")
    page.context.set_offline(True)
    type_into(page, item, "Viết khi mất mạng.")
    page.locator(f"#item-{issued_plan.items.s12.pk} .rt-editor").click()
    expect(page.locator("#offline-banner")).to_contain_text("Mất kết nối")
    expect(page.locator(f"#item-{item.pk} .rt-editor")).to_contain_text("Viết khi mất mạng.")
    assert "Viết khi mất mạng." in page.evaluate(f"localStorage.getItem('mttq-sub-{sub.pk}-item-{item.pk}')")
    page.screenshot(path="/tmp/hsubs-offline.png", full_page=True)
    assert not SectionAnswer.objects.filter(submission=sub, item=item).exists()
    page.context.set_offline(False)
    wait_saved(page, r"Đã lưu lúc")
    assert SectionAnswer.objects.get(submission=sub, item=item).html == "<p>Viết khi mất mạng.</p>" or \
        "Viết khi mất mạng." in SectionAnswer.objects.get(submission=sub, item=item).html
    assert page.evaluate(f"localStorage.getItem('mttq-sub-{sub.pk}-item-{item.pk}')") is None


def test_two_people_editing_see_both_texts(issued_plan, personas, page, live_server, login_in_browser):
    from reports.submissions import services

    sub, item = issued_plan.sub_a1, issued_plan.items.s11
    login_in_browser(page, "canbo_a1")
    page.goto(f"{live_server.url}/bao-cao/don-vi/{sub.pk}/soan/")
    # Meanwhile the leader saves the same section from another computer.
    services.section_save(submission=sub, item=item, html="<p>Bản của lãnh đạo.</p>", revision=0, by=personas.leader)
    type_into(page, item, "Bản của cán bộ.")
    page.locator(f"#item-{issued_plan.items.s12.pk} .rt-editor").click()
    conflict = page.locator(f"#item-{item.pk} .rt-conflict")
    expect(conflict).to_contain_text("Bản đã lưu trên cổng")
    expect(conflict.locator(".theirs")).to_contain_text("Bản của lãnh đạo.")
    expect(page.locator(f"#item-{item.pk} .rt-editor")).to_contain_text("Bản của cán bộ.")
    page.screenshot(path="/tmp/hsubs-conflict.png", full_page=True)
    assert SectionAnswer.objects.get(submission=sub, item=item).html == "<p>Bản của lãnh đạo.</p>"
    conflict.get_by_role("button", name="Giữ bản của tôi (ghi đè)").click()
    wait_saved(page, r"Đã lưu lúc")
    assert "Bản của cán bộ." in SectionAnswer.objects.get(submission=sub, item=item).html
