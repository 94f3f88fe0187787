"""Done when: on a phone (390 px), the reviewer selects a passage of a submitted report on the
review page, marks it typical with the button under the section, sees the mark and can remove it;
the passage is stored as selected, with its section and committee."""

import pytest

from tests.reports.test_consolidation import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "<p>Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết.</p><p>Mô hình “Tổ tự quản” được nhân rộng ra 9 khu phố.</p>"
PASSAGE = "Mô hình “Tổ tự quản” được nhân rộng"

SELECT = """([selector, wanted]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(wanted);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def test_reviewer_marks_a_selected_passage_on_a_phone(issued_plan, personas, page, live_server, login_in_browser):
    from reports.models import TypicalPassage

    p = issued_plan
    fill(p.sub_a1, sections={p.items.s11: TEXT})
    login_in_browser(page, "btt_a")
    page.goto(f"{live_server.url}/bao-cao/don-vi/{p.sub_a1.pk}/xem-xet/")
    section = page.locator(f"#item-{p.items.s11.pk}")
    form = section.locator("form[data-typical-passage]")
    button = form.get_by_role("button", name="Đánh dấu đoạn đã chọn")
    assert form.is_visible()  # shown by site.js (hidden without JavaScript)
    assert button.is_disabled()

    assert page.evaluate(SELECT, [f"#item-{p.items.s11.pk} .report-text", PASSAGE])
    form.locator("[data-typical-preview]").filter(has_text=PASSAGE).wait_for()
    assert button.is_enabled()
    page.screenshot(path="/tmp/hcons-typical-selected-390.png", full_page=True)
    button.click()
    page.wait_for_load_state()

    mark = page.locator(f"#item-{p.items.s11.pk} .typical-mark")
    mark.filter(has_text=PASSAGE).wait_for()
    assert page.get_by_text("Đã đánh dấu đoạn trích là tiêu biểu.").is_visible()
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/hcons-typical-marked-390.png", full_page=True)
    stored = TypicalPassage.objects.get()
    assert (stored.text, stored.item_id, stored.submission.committee_id) == (
        PASSAGE,
        p.items.s11.pk,
        p.sub_a1.committee_id,
    )

    mark.get_by_role("button", name="Bỏ đánh dấu").click()
    page.get_by_text("Đã bỏ đánh dấu tiêu biểu.").wait_for()
    assert not TypicalPassage.objects.exists()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path="/tmp/hcons-typical-1280.png", full_page=True)
