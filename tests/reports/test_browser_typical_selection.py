"""Done when: a reviewer triple-clicks a paragraph of a submitted report (the usual way to select
one) and marks it typical: the selection, which the browser ends at the start of what follows the
paragraph, outside the report's text, is cut at the end of that text; the stored passage is the
paragraph. A selection that starts outside the text is still refused."""

import pytest

from tests.reports.test_consolidation import fill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết."
LAST = "Mô hình “Tổ tự quản” được nhân rộng ra 9 khu phố."
TEXT = f"<p>{FIRST}</p><p>{LAST}</p>"

RANGE_END = """(selector) => {
  const range = window.getSelection().getRangeAt(0);
  return document.querySelector(selector).contains(range.endContainer);
}"""

FROM_OUTSIDE = """(selector) => {
  const text = document.querySelector(selector);
  const range = document.createRange();
  range.setStart(text.closest("section"), 0);
  range.setEnd(text.querySelector("p").firstChild, 5);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def test_reviewer_marks_a_triple_clicked_paragraph(issued_plan, personas, page, live_server, login_in_browser):
    from reports.models import TypicalPassage

    p = issued_plan
    fill(p.sub_a1, sections={p.items.s11: TEXT})
    login_in_browser(page, "btt_a")
    page.goto(f"{live_server.url}/bao-cao/don-vi/{p.sub_a1.pk}/xem-xet/")
    text = f"#item-{p.items.s11.pk} .report-text"
    form = page.locator(f"#item-{p.items.s11.pk} form[data-typical-passage]")
    button = form.get_by_role("button", name="Đánh dấu đoạn đã chọn")
    assert button.is_disabled()

    # A selection that starts before the report's text stays refused.
    page.evaluate(FROM_OUTSIDE, text)
    page.wait_for_timeout(200)
    assert button.is_disabled()

    page.locator(text).locator("p", has_text=LAST).click(click_count=3)
    assert not page.evaluate(RANGE_END, text)  # the case at hand: the range ends past the text
    form.locator("[data-typical-preview]").filter(has_text=LAST).wait_for()
    assert button.is_enabled()
    assert form.locator("input[name=text]").input_value() == LAST
    button.click()
    page.wait_for_load_state()
    page.locator(f"#item-{p.items.s11.pk} .typical-mark").filter(has_text=LAST).wait_for()
    assert TypicalPassage.objects.get().text == LAST
