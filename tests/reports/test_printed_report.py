"""What the report's own .docx prints, and the page estimate of exactly that: the items written and
the headings above them; unwritten items left out, or marked "(chưa viết)" when the person
downloading chooses; an empty report is no page ("chưa có nội dung")."""

import io

import docx
import pytest
from django.urls import reverse

from reports.models import IndicatorValue, SectionAnswer
from reports.submissions import length, selectors

pytestmark = pytest.mark.django_db


def paragraphs(response) -> list[str]:
    assert response.status_code == 200
    return [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]


def test_an_empty_report_is_no_page_and_says_so(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    estimate = selectors.estimate_length(sub)
    assert estimate.empty and estimate.pages == 0
    html = client_as(personas.officer).get(reverse("reports-submission-edit", args=[sub.pk])).content.decode()
    assert "Chưa có nội dung để in" in html
    assert "Ước tính khoảng" not in html


def test_estimate_and_docx_leave_unwritten_items_out(issued_plan, personas, client_as):
    sub, items = issued_plan.sub_a1, issued_plan.items
    SectionAnswer.objects.create(submission=sub, item=items.s12, html="<p>Được Đảng ủy quan tâm lãnh đạo.</p>")
    printed = selectors.printed_items(selectors.report_content(sub)["items"])
    assert [i.pk for i in printed] == [items.s1.pk, items.s12.pk]  # the written item and its parent
    estimate = selectors.estimate_length(sub)
    expected = length.estimate(
        headings=["I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT", "2. Thuận lợi"],
        sections_html=["<p>Được Đảng ủy quan tâm lãnh đạo.</p>"],
    )
    assert estimate.lines == expected.lines
    url = reverse("reports-submission-docx", args=[sub.pk])
    text = paragraphs(client_as(personas.officer).get(url))
    assert "2. Thuận lợi" in text and "Được Đảng ủy quan tâm lãnh đạo." in text
    assert "1. Công tác triển khai" not in text and "II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT" not in text
    assert "(chưa viết)" not in text


def test_docx_marks_unwritten_items_when_asked(issued_plan, personas, client_as):
    sub, ind = issued_plan.sub_a1, issued_plan.indicators
    IndicatorValue.objects.create(submission=sub, indicator=ind.meetings, value=5)  # values alone: written
    url = reverse("reports-submission-docx", args=[sub.pk])
    page = client_as(personas.officer).get(reverse("reports-submission-edit", args=[sub.pk])).content.decode()
    assert 'name="chua_viet"' in page  # the option on the download
    text = paragraphs(client_as(personas.reviewer).get(url, {"chua_viet": "1"}))
    heading = f"{ind.meetings.item.label} {ind.meetings.item.title}"
    assert heading in text
    assert "2. Thuận lợi" in text and "II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT" in text
    after = text[text.index("2. Thuận lợi") + 1]
    assert after == "(chưa viết)"
    everything = selectors.printed_items(selectors.report_content(sub)["items"], mark_unwritten=True)
    assert text.count("(chưa viết)") == sum(1 for i in everything if i.unwritten) > 0
    assert text[text.index(heading) + 1] != "(chưa viết)"
