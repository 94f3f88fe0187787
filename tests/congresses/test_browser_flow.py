"""The issue's "done when", in the browser at 390 px: the province sets up the round and chooses
the pilot; the ward uploads its seven documents and the short list and sends the dossier; the
ward's Party committee (recorded by the ward), the city and the province approve in turn, the city
returning one document that is then corrected; the congress is recorded with its delegates and
guests, then its recognition, delegation, results report and lessons; the province's pipeline shows
each step."""

import re

import pytest
from playwright.sync_api import expect

from congresses.models import Congress, Round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SHOTS = "/tmp/shots/congresses"


def as_user(page, login_in_browser, username):
    page.context.clear_cookies()
    login_in_browser(page, username)
    return page


def shot(page, name):
    page.screenshot(path=f"{SHOTS}/flow_{name}.png", full_page=True)


def open_form(page, part, button):
    page.locator(f"#{part} summary", has_text=button).click()


def save(page, part):
    page.locator(f"form[action$='/ghi/{part}/'] button[type=submit]").click()
    page.wait_for_load_state()


def decide_all(page, url, *, returns=()):
    """Approve (or return, with a comment) every document waiting for this level."""
    page.goto(url)
    while page.locator("[data-decide] button[value=approved]").count():
        cards = page.locator("[data-decide]").filter(has=page.locator("button[value=approved]:visible"))
        if not cards.count():
            break
        card = cards.first
        key = card.get_attribute("data-decide")
        if key in returns:
            card.locator("textarea[name=comment]").fill("Bổ sung số liệu Quỹ Vì người nghèo nhiệm kỳ 2019-2024.")
            card.locator("button[value=returned]").click()
        else:
            card.locator("button[value=approved]").click()
        page.wait_for_load_state()
        if (
            page.locator("[data-state=locked], [data-state=unit]").count()
            or not page.locator("[data-actor-step]").count()
        ):
            break


def test_done_when_in_the_browser(st, page, live_server, login_in_browser, tmp_path):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    base = live_server.url
    # 1. the province sets up the round and chooses the pilot
    as_user(page, login_in_browser, "btt_p")
    page.goto(f"{base}/dai-hoi/dot/moi/")
    page.select_option("select[name=committee]", str(st.province.pk))
    page.select_option("select[name=preset]", "2024-2029")
    page.fill("input[name=title]", "Đại hội điểm nhiệm kỳ 2024-2029")
    page.get_by_role("button", name="Tạo", exact=True).click()
    expect(page.locator("h1")).to_have_text("Đại hội điểm nhiệm kỳ 2024-2029")
    rnd = Round.objects.get()
    page.select_option("select[name=committee]", str(st.ward.pk))
    page.get_by_role("button", name="Đề xuất đơn vị").click()
    for select in page.locator("select[name^=met_]").all():
        select.select_option("1")
    page.get_by_role("button", name="Lưu đánh giá").click()
    page.fill("textarea[name=reason]", "Phường trung tâm, đủ năm tiêu chí.")
    page.get_by_role("button", name="Chọn đơn vị này làm điểm").click()
    expect(page.get_by_text("đã chọn: Ủy ban MTTQ Phường A1")).to_be_visible()
    shot(page, "1_round")
    congress = Congress.objects.get()

    # 2. the ward uploads its documents and the short list, then sends the dossier
    as_user(page, login_in_browser, "cb_a1")
    page.goto(f"{base}/dai-hoi/don-vi/{congress.pk}/")
    for key in ["programme", "delegates", "term_report", "action_programme", "review", "scheme", "short_list"]:
        form = page.locator(f"form[action$='/ho-so/{key}/tai-len/']")
        form.locator("input[type=file]").set_input_files(
            {"name": f"{key}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        form.locator("button").click()
        page.wait_for_load_state()
    page.goto(f"{base}/dai-hoi/don-vi/{congress.pk}/trich-ngang/")
    page.fill("input[name=full_name]", "Thạch Thị Sa Rây")
    page.fill("input[name=birth_date]", "31/02/1980")
    page.select_option("select[name=gender]", "Nữ")
    page.select_option("select[name=ethnicity]", "Khmer")
    page.select_option("select[name=group]", "Cán bộ chuyên trách")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_text("không có thật")).to_be_visible()  # refused, the name kept
    expect(page.locator("input[name=full_name]")).to_have_value("Thạch Thị Sa Rây")
    page.fill("input[name=birth_date]", "12/03/1980")
    page.get_by_role("button", name="Thêm", exact=True).click()
    expect(page.get_by_role("cell", name="Thạch Thị Sa Rây")).to_be_visible()
    shot(page, "2_shortlist")
    page.goto(f"{base}/dai-hoi/don-vi/{congress.pk}/")
    page.get_by_role("button", name="Gửi hồ sơ lên cấp duyệt").click()
    expect(page.get_by_text("Đã gửi hồ sơ lên cấp duyệt đầu tiên.")).to_be_visible()

    # 3. the ward records its Party committee's meeting and decisions
    case_url = f"{base}/phe-duyet/ho-so/{congress.case_id}/"
    page.goto(case_url)
    meeting = page.locator("[data-form=meeting]")
    meeting.locator("input[name=held_on]").fill("20/11/2023")
    meeting.locator("textarea[name=conclusions]").fill("Ban Thường vụ Đảng ủy phường thống nhất.")
    meeting.locator("input[name=minutes]").set_input_files(
        {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    meeting.get_by_role("button", name="Lưu cuộc họp").click()
    page.wait_for_load_state()
    decide_all(page, case_url)

    # 4. the city returns the term report, approves the rest
    as_user(page, login_in_browser, "btt_pa")
    decide_all(page, case_url, returns=("term_report",))
    # 5. the ward corrects it
    as_user(page, login_in_browser, "cb_a1")
    page.goto(f"{base}/dai-hoi/don-vi/{congress.pk}/")
    expect(page.get_by_text("Bổ sung số liệu Quỹ Vì người nghèo").first).to_be_visible()
    shot(page, "3_returned")
    form = page.locator("form[action$='/ho-so/term_report/tai-len/']")
    form.locator("input[type=file]").set_input_files(
        {"name": "bao-cao-v2.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.locator("button").click()
    expect(page.get_by_text("Đã nhận phiên bản 2 của tài liệu.")).to_be_visible()
    # 6. the city approves it, then the province everything
    as_user(page, login_in_browser, "btt_pa")
    decide_all(page, case_url)
    as_user(page, login_in_browser, "btt_p")
    decide_all(page, case_url)
    expect(page.locator("[data-state=locked]")).to_be_visible()

    # 7. the congress, then what follows it
    as_user(page, login_in_browser, "cb_a1")
    page.goto(f"{base}/dai-hoi/don-vi/{congress.pk}/")
    open_form(page, "schedule", "Lưu thời gian")
    page.fill("input[name=schedule-starts_on]", "05/01/2024")
    page.fill("input[name=schedule-days]", "2")
    page.fill("input[name=schedule-place]", "Hội trường Đảng ủy phường")
    save(page, "schedule")
    expect(page.get_by_text("quá thời gian tối đa 1 ngày")).to_be_visible()  # refused, 1 day in 2024
    page.fill("input[name=schedule-days]", "1")
    save(page, "schedule")
    open_form(page, "attendee", "Thêm đại biểu")
    page.fill("input[name=attendee-full_name]", "Lý Văn Tư")
    page.fill("input[name=attendee-title]", "Đại biểu khóm 1")
    save(page, "attendee")
    page.get_by_role("button", name="Mời Chủ tịch các đơn vị cùng cấp trên địa bàn").click()
    expect(page.get_by_text("Chủ tịch Ủy ban MTTQ Phường A3")).to_be_visible()
    page.get_by_role("button", name="Ghi nhận Đại hội đã tổ chức").click()
    open_form(page, "first_meeting", "Lưu")
    page.fill("input[name=first_meeting-on]", "05/01/2024")
    page.fill("textarea[name=first_meeting-standing_members]", "Thạch Thị Sa Rây – Chủ tịch")
    save(page, "first_meeting")
    open_form(page, "recognition", "Lưu đề nghị")
    page.fill("input[name=recognition_request-on]", "06/01/2024")
    save(page, "recognition_request")
    open_form(page, "delegate", "Lưu số được phân bổ")
    page.fill("input[name=quota-official]", "2")
    page.fill("input[name=quota-substitute]", "1")
    save(page, "quota")
    open_form(page, "delegate", "Thêm vào đoàn")
    page.fill("input[name=delegate-full_name]", "Thạch Thị Sa Rây")
    save(page, "delegate")
    open_form(page, "results", "Lưu báo cáo")
    page.fill("input[name=results-on]", "06/01/2024")
    page.fill("textarea[name=results-text]", "Đại hội thành công tốt đẹp.")
    save(page, "results")
    open_form(page, "lessons", "Lưu")
    page.fill("textarea[name=lessons-lessons]", "Duyệt nhân sự với Đảng ủy phường trước khi trình thành phố.")
    save(page, "lessons")
    shot(page, "4_after")
    as_user(page, login_in_browser, "btt_pa")  # the upper level recognises
    page.goto(f"{base}/dai-hoi/don-vi/{congress.pk}/")
    open_form(page, "recognition", "Ghi quyết định công nhận")
    page.fill("input[name=recognition-on]", "10/01/2024")
    page.fill("input[name=recognition-number]", "05/QĐ-MTTQ")
    save(page, "recognition")
    expect(page.get_by_text("số 05/QĐ-MTTQ")).to_be_visible()

    # 8. the province's pipeline shows it
    as_user(page, login_in_browser, "btt_p")
    page.goto(f"{base}/dai-hoi/dot/{rnd.pk}/tien-do/")
    expect(page.get_by_text("Cấp xã · Đã gửi báo cáo kết quả")).to_be_visible()  # the phone card
    shot(page, "5_pipeline")
    congress.refresh_from_db()
    assert congress.recognition_number == "05/QĐ-MTTQ" and congress.lessons_recorded_at and congress.results_reported_on
    assert congress.attendees.filter(kind="guest").count() == 2 and congress.delegation.count() == 1
    assert re.search("Phường A1", page.content())
