"""The printed-length estimate (A4, Times New Roman 14, Decree 30 margins)."""

from lib.richtext import html_to_text, sanitize_html, word_count
from reports.submissions import length


def test_one_full_page_of_text_is_about_one_page():
    # 33 lines of 82 characters less the header/closing blocks and paragraph gaps.
    line = "x" * (length.CHARS_PER_LINE - length.FIRST_LINE_INDENT_CHARS)
    paragraphs = "".join(f"<p>{line}</p>" for _ in range(length.LINES_PER_PAGE))
    estimate = length.estimate(headings=[], sections_html=[paragraphs])
    assert 1.7 < estimate.pages < 2.3  # 33 lines of text + header/closing + gaps


def test_ten_pages_limit_is_crossed_by_long_reports():
    paragraph = "<p>" + "Kết quả thực hiện phong trào thi đua ở khu dân cư. " * 8 + "</p>"
    short = length.estimate(headings=["I. Tình hình"], sections_html=[paragraph * 10])
    long = length.estimate(headings=["I. Tình hình"], sections_html=[paragraph * 80])
    assert not short.over(10)
    assert long.over(10)
    assert long.words == 80 * 8 * 12
    assert not long.over(None)


def test_tables_add_lines():
    base = length.estimate(headings=["I. Tình hình"], sections_html=[])
    with_table = length.estimate(headings=["I. Tình hình"], sections_html=[], table_rows=10, tables=1)
    assert with_table.lines - base.lines == 11 * length.TABLE_ROW_LINES


def test_nothing_printed_is_no_page():
    assert length.estimate(headings=[], sections_html=["<p> </p>", ""]).pages == 0
    assert length.estimate(headings=[], sections_html=[]).empty


def test_plain_text_and_word_count():
    html = "<p>Một <b>hai</b> ba</p><ul><li>bốn</li><li>năm sáu</li></ul>"
    assert html_to_text(html) == "Một hai ba\n- bốn\n- năm sáu"
    assert word_count(html) == 6


def test_sanitize_keeps_only_allowed_markup():
    assert sanitize_html('<p style="x"><span>a</span><u>b</u></p><h1>T</h1><ol><li>c</li></ol>') == "<p>a<u>b</u></p><p>T</p><ol><li>c</li></ol>"
    assert sanitize_html("<p>&nbsp;</p><p></p>") == ""
    assert sanitize_html('<svg onload="alert(1)"><script>x</script></svg>ok') == "ok"


def test_page_counts_use_the_pages_language_decimal_mark():
    from django.utils import translation

    from reports.submissions.length import pages_text

    with translation.override("vi"):
        assert pages_text(2.3) == "2,3" and pages_text(4.0) == "4,0"
    with translation.override("en"):
        assert pages_text(2.3) == "2.3" and pages_text(4.0) == "4.0"
