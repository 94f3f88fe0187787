"""In the browser on a phone: the standing committee attaches files to a draft plan; the duty
form shows the level / committee list only for the choice that needs it."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_standing_member_attaches_files_to_the_plan(draft, page, live_server, login_in_browser):
    login_in_browser(page, "btt_a")
    page.goto(f"{live_server.url}/ke-hoach/{draft.plan.pk}/")
    assert page.get_by_text("Chưa có tệp đính kèm.").is_visible()
    page.set_input_files(
        "#attachment-form input[name=file]",
        files=[{"name": "Phụ lục 1 - Biểu mẫu số liệu.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("#attachment-form button[type=submit]")
    page.wait_for_url(re.compile(r"#tep-dinh-kem$"))
    assert page.get_by_text("Đã thêm tệp đính kèm “Phụ lục 1 - Biểu mẫu số liệu.pdf”.").is_visible()
    # a wrong file: refused next to the field
    page.set_input_files(
        "#attachment-form input[name=file]",
        files=[{"name": "anh-chup.pdf", "mimeType": "application/pdf", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 40}],
    )
    page.click("#attachment-form button[type=submit]")
    page.wait_for_load_state()
    assert page.get_by_text("không khớp với nội dung thật của tệp (PNG)").is_visible()
    link = page.get_by_role("link", name="Phụ lục 1 - Biểu mẫu số liệu.pdf")
    assert link.is_visible()
    page.locator("#tep-dinh-kem").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/hplans2-plan-attachments.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename == "Phụ lục 1 - Biểu mẫu số liệu.pdf"
    assert open(info.value.path(), "rb").read() == PDF


def test_duty_form_shows_level_and_list_only_when_chosen(draft, page, live_server, login_in_browser):
    login_in_browser(page, "btt_a")
    page.goto(f"{live_server.url}/bao-cao/ke-hoach/{draft.plan.pk}/yeu-cau/moi/")
    level, committees = page.locator("#div_id_target_level"), page.locator("#div_id_committees")
    assert not level.is_visible() and not committees.is_visible()  # "Các đơn vị trực thuộc" is chosen
    page.check("input[name=targets][value=level]")
    assert level.is_visible() and not committees.is_visible()
    page.check("input[name=targets][value=list]")
    assert committees.is_visible() and not level.is_visible()
    page.screenshot(path="/tmp/hplans2-duty-form.png", full_page=True)
    page.check("input[name=targets][value=member_orgs]")
    assert not level.is_visible() and not committees.is_visible()
