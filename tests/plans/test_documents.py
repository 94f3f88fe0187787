"""The Decree 30 Word layout: every document is saved, read back with python-docx and inspected."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import docx
import docx.document
import pytest
import time_machine
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from lib.officedoc import OfficialDocument, clean_text, floor_document, format_number

ISSUER = ["ỦY BAN MTTQ VIỆT NAM", "TỈNH SÓC TRĂNG", "BAN THƯỜNG TRỰC"]
TITLE = ["Tổ chức Đại hội điểm Mặt trận Tổ quốc Việt Nam cấp xã và cấp huyện", "nhiệm kỳ 2024-2029"]


def make_plan(**overrides) -> OfficialDocument:
    kwargs = {
        "issuer_lines": ISSUER,
        "number_symbol": "380/KH-MTTQ-BTT",
        "place": "Sóc Trăng",
        "date": datetime.date(2023, 9, 6),
        "doc_type": "KẾ HOẠCH",
        "title_lines": TITLE,
        **overrides,
    }
    return OfficialDocument(**kwargs)


def reopen(document: OfficialDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(document.to_bytes()))


def texts(paragraphs) -> list[str]:
    return [p.text for p in paragraphs if p.text]


def body_after_title(read) -> list[str]:
    """Body paragraph texts after the document type and title lines."""
    return texts(read.paragraphs)[1 + len(TITLE) :]


def paragraph_with(read, text: str):
    return next(p for p in read.paragraphs if p.text == text)


# -- page and fonts ---------------------------------------------------------------------------


def test_page_is_a4_with_decree_30_margins():
    section = reopen(make_plan()).sections[0]

    assert section.page_width.mm == pytest.approx(210, abs=0.1)
    assert section.page_height.mm == pytest.approx(297, abs=0.1)
    assert section.top_margin.mm == pytest.approx(20, abs=0.1)
    assert section.bottom_margin.mm == pytest.approx(20, abs=0.1)
    assert section.left_margin.mm == pytest.approx(30, abs=0.1)
    assert section.right_margin.mm == pytest.approx(15, abs=0.1)


def test_normal_style_is_times_new_roman_14pt_for_every_script():
    normal = reopen(make_plan()).styles["Normal"]

    assert normal.font.name == "Times New Roman"
    rfonts = normal.element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert rfonts.get(qn("w:cs")) == "Times New Roman"
    assert rfonts.get(qn("w:asciiTheme")) is None  # a theme font would win over the name
    assert normal.font.size == Pt(14)
    fmt = normal.paragraph_format
    assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent.cm == pytest.approx(1, abs=0.01)
    assert fmt.space_after == Pt(6)
    assert 1.15 <= fmt.line_spacing <= 1.3


def test_document_defaults_do_not_fall_back_to_theme_fonts():
    read = reopen(make_plan())
    rfonts = read.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rfonts.find(qn("w:rFonts"))

    assert rfonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert rfonts.get(qn("w:eastAsiaTheme")) is None


def test_page_numbers_from_page_two_in_the_header():
    section = reopen(make_plan()).sections[0]

    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(section.header._element.itertext())
    assert "PAGE" not in "".join(section.first_page_header._element.itertext())


# -- header block -----------------------------------------------------------------------------


def test_header_table_has_issuer_left_and_national_title_right():
    read = reopen(make_plan())
    left, right = read.tables[0].rows[0].cells

    assert texts(left.paragraphs) == [*ISSUER, "Số: 380/KH-MTTQ-BTT"]
    assert texts(right.paragraphs)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    issuer_runs = [p.runs[0] for p in left.paragraphs if p.text in ISSUER]
    assert [run.bold for run in issuer_runs] == [None, None, True]
    assert all(run.font.size == Pt(13) for run in issuer_runs)
    assert right.paragraphs[0].runs[0].bold and right.paragraphs[0].runs[0].font.size == Pt(13)
    assert right.paragraphs[1].runs[0].bold and right.paragraphs[1].runs[0].font.size == Pt(14)


def test_header_table_is_borderless():
    read = reopen(make_plan())
    borders = read.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))

    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


@pytest.mark.parametrize(
    ("number_symbol", "expected"),
    [
        ("380/KH-MTTQ-BTT", "Số: 380/KH-MTTQ-BTT"),
        ("/BC-MTTQ-BTT", "Số:      /BC-MTTQ-BTT"),
        ("", "Số:      /"),
    ],
)
def test_number_line(number_symbol, expected):
    left = reopen(make_plan(number_symbol=number_symbol)).tables[0].rows[0].cells[0]

    assert texts(left.paragraphs)[-1] == expected


def test_date_line_is_italic_under_the_motto():
    right = reopen(make_plan()).tables[0].rows[0].cells[1]
    date_paragraph = [p for p in right.paragraphs if p.text][-1]

    assert date_paragraph.text == "Sóc Trăng, ngày 06 tháng 9 năm 2023"
    assert all(run.italic for run in date_paragraph.runs)
    assert date_paragraph.runs[0].font.size == Pt(14)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2024, 1, 6), "Sóc Trăng, ngày 06 tháng 01 năm 2024"),
        (datetime.date(2024, 2, 15), "Sóc Trăng, ngày 15 tháng 02 năm 2024"),
        (datetime.date(2024, 3, 9), "Sóc Trăng, ngày 09 tháng 3 năm 2024"),
        (datetime.date(2024, 12, 31), "Sóc Trăng, ngày 31 tháng 12 năm 2024"),
        (None, "Sóc Trăng, ngày     tháng     năm 2026"),  # a draft: day and month left blank, never the year
    ],
)
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_date_line_pads_days_below_10_and_months_1_and_2(date, expected):
    right = reopen(make_plan(date=date)).tables[0].rows[0].cells[1]

    assert texts(right.paragraphs)[-1] == expected


def test_doc_type_and_title_are_centred_bold_14pt():
    read = reopen(make_plan())
    first = read.paragraphs[: 1 + len(TITLE)]

    assert [p.text for p in first] == ["KẾ HOẠCH", *TITLE]
    for p in first:
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold and run.font.size == Pt(14) for run in p.runs)


# -- body -------------------------------------------------------------------------------------


def test_headings_and_paragraphs_keep_their_order_and_formatting():
    plan = make_plan()
    plan.paragraph("- Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam khóa IX;")
    plan.heading("I. MỤC ĐÍCH, YÊU CẦU", 1)
    plan.paragraph("Đánh giá quá trình hướng dẫn, chỉ đạo.")
    plan.heading("1. Nội dung", 2)
    plan.heading("1.1. Cấp xã", 3)
    plan.heading("a) Phường 1", 4)
    plan.paragraph("Căn giữa", bold=True, italic=True, align="center")
    read = reopen(plan)

    assert body_after_title(read) == [
        "- Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam khóa IX;",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Đánh giá quá trình hướng dẫn, chỉ đạo.",
        "1. Nội dung",
        "1.1. Cấp xã",
        "a) Phường 1",
        "Căn giữa",
    ]
    styles = {
        text: (paragraph_with(read, text).runs[0].bold, paragraph_with(read, text).runs[0].italic)
        for text in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Nội dung", "1.1. Cấp xã", "a) Phường 1", "Căn giữa")
    }
    assert styles == {
        "I. MỤC ĐÍCH, YÊU CẦU": (True, None),
        "1. Nội dung": (True, None),
        "1.1. Cấp xã": (True, True),
        "a) Phường 1": (None, True),
        "Căn giữa": (True, True),
    }
    assert paragraph_with(read, "Căn giữa").alignment == WD_ALIGN_PARAGRAPH.CENTER
    plain = paragraph_with(read, "Đánh giá quá trình hướng dẫn, chỉ đạo.")
    assert plain.alignment is None and plain.style.name == "Normal"  # justified by the style
    assert plain.runs[0].bold is None


def test_unknown_alignment_and_heading_level_are_refused():
    plan = make_plan()
    with pytest.raises(ValueError):
        plan.paragraph("x", align="middle")
    with pytest.raises(ValueError):
        plan.heading("x", 0)


def test_newline_in_a_paragraph_is_a_line_break_and_tab_a_tab():
    plan = make_plan()
    plan.paragraph("Dòng một\nDòng hai\r\nDòng ba\tcột")
    read = reopen(plan)
    p = paragraph_with(read, "Dòng một\nDòng hai\nDòng ba\tcột")

    assert len(p._p.findall(".//" + qn("w:br"))) == 2
    assert len(p._p.findall(".//" + qn("w:tab"))) == 1


def test_html_lists_emphasis_and_unknown_tags_keep_their_text():
    plan = make_plan()
    plan.html(
        "<p>Kết quả <strong>nổi bật</strong> và <em>đáng chú ý</em>, <u>gạch chân</u> &amp; "
        '<span class="x">trong span</span> <a href="https://example.org">liên kết</a></p>'
        "<ul><li>Tuyên truyền</li><li>Vận động<ul><li>con</li></ul></li></ul>"
        '<ol start="2"><li><p>Hai</p></li><li>Ba</li></ol>'
        "<h3>Tiêu đề nhỏ</h3><p>trước<br>sau</p>chữ trần"
        "<p>\n   Dòng   có\n  khoảng trắng <b> đậm </b> hết&nbsp;&nbsp;x  </p>"
    )
    read = reopen(plan)

    assert body_after_title(read) == [
        "Kết quả nổi bật và đáng chú ý, gạch chân & trong span liên kết",
        "- Tuyên truyền",
        "- Vận động",
        "+ con",
        "2. Hai",
        "3. Ba",
        "Tiêu đề nhỏ",
        "trước\nsau",
        "chữ trần",
        "Dòng có khoảng trắng đậm hết\xa0\xa0x",
    ]
    runs = {run.text: run for run in paragraph_with(read, body_after_title(read)[0]).runs}
    assert runs["nổi bật"].bold
    assert runs["đáng chú ý"].italic
    assert runs["gạch chân"].underline
    assert not runs["Kết quả "].bold
    assert all(run.bold for run in paragraph_with(read, "Tiêu đề nhỏ").runs)


def test_html_drops_script_content_but_keeps_the_text_around_it():
    # The fragment comes from the rich-text sanitiser, which already removes <script>; code is
    # never prose, so dropping it here loses nothing a person wrote.
    plan = make_plan()
    plan.html("<p>trước<script>alert('xss')</script> sau</p><style>p{color:red}</style><p>cuối</p>")
    read = reopen(plan)

    assert body_after_title(read) == ["trước sau", "cuối"]
    assert "alert" not in read.element.xml and "color:red" not in read.element.xml


def test_html_without_tags_and_empty_html():
    plan = make_plan()
    plan.html("")
    plan.html("   ")
    plan.html("Chỉ là chữ, <b>không</b> thẻ p")
    read = reopen(plan)

    assert body_after_title(read) == ["Chỉ là chữ, không thẻ p"]


def test_forbidden_characters_are_removed_and_the_file_reopens():
    plan = make_plan(title_lines=["Tiêu\x00 đề\x1f"], issuer_lines=["ỦY BAN\x0b MTTQ"], place="Sóc\x08 Trăng")
    plan.paragraph("a\x00b\x01c\x0bd\x0ce\x1ff\ud800g\ufffeh\uffffi\tj")
    plan.heading("Mục\x07 một", 1)
    plan.html("<p>html\x02 có ký tự lạ</p>")
    plan.table(["Cột\x03"], [["ô\x04"]])
    plan.closing(recipients=["Lưu\x05 VP"], on_behalf="TM.\x06", position="CHỦ TỊCH", signer_name="Tên\x0e")
    read = reopen(plan)

    body = texts(read.paragraphs)
    assert "Tiêu đề" in body
    assert "abcdefghi\tj" in body
    assert "Mục một" in body
    assert "html có ký tự lạ" in body
    assert read.tables[0].rows[0].cells[0].paragraphs[0].text == "ỦY BAN MTTQ"
    assert read.tables[1].rows[1].cells[0].text == "ô"


def test_emoji_long_and_empty_paragraphs_survive():
    # 11 million characters: over libxml2's 10,000,000-character limit for one text node, which
    # python-docx's parser enforces when the file is read back.
    long_text = "Mặt trận 😀 " * 1_000_000
    plan = make_plan()
    plan.paragraph("Thi đua 🇻🇳 🎉 𝐁")
    plan.paragraph("")
    plan.paragraph(long_text)
    read = reopen(plan)

    assert "Thi đua 🇻🇳 🎉 𝐁" in texts(read.paragraphs)
    assert paragraph_with(read, long_text).text == long_text
    assert len(read.paragraphs) == 1 + len(TITLE) + 1 + 3  # type, title, rule, three paragraphs


def test_clean_text():
    assert clean_text(None) == ""
    assert clean_text(12) == "12"
    assert clean_text("a\x00\x08\x0b\x0c\x0e\x1f\ud83d\ufffe\uffffb") == "ab"
    assert clean_text("tab\tnewline\ncr\r😀 Việt") == "tab\tnewline\ncr\r😀 Việt"


def test_page_break():
    plan = make_plan()
    plan.paragraph("trang một")
    plan.page_break()
    plan.paragraph("trang hai")
    read = reopen(plan)

    breaks = read.element.body.findall(".//" + qn("w:br"))
    assert [b.get(qn("w:type")) for b in breaks] == ["page"]
    assert body_after_title(read) == ["trang một", "trang hai"]


# -- tables -----------------------------------------------------------------------------------


def test_table_values_numbers_and_total_row():
    plan = make_plan()
    plan.table(
        ["STT", "Đơn vị", "Số cuộc", "Lượt người"],
        [[1, "Phường 1", 12, 1234], [2, "Phường 2", None, 1234567.5], [3, "Xã 3", Decimal("3.25"), 0]],
        total_row=["", "Tổng cộng", 15.25, 1235801.5],
        col_widths_mm=[15, 80, 30, 40],
    )
    table = reopen(plan).tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]

    assert rows == [
        ["STT", "Đơn vị", "Số cuộc", "Lượt người"],
        ["1", "Phường 1", "12", "1.234"],
        ["2", "Phường 2", "", "1.234.567,5"],
        ["3", "Xã 3", "3,25", "0"],
        ["", "Tổng cộng", "15,25", "1.235.801,5"],
    ]
    header, first, *_, total = table.rows
    assert all(cell.paragraphs[0].runs[0].bold for cell in header.cells)
    assert first.cells[3].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert first.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert all(cell.paragraphs[0].runs[0].bold for cell in total.cells if cell.text)
    assert not first.cells[1].paragraphs[0].runs[0].bold
    assert [round(col.width.mm) for col in table.columns] == [15, 80, 30, 40]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}


def test_table_rows_must_match_the_header():
    with pytest.raises(ValueError):
        make_plan().table(["A", "B"], [["1", "2", "3"]])


def test_two_tables_in_a_row_stay_two_tables():
    plan = make_plan()
    plan.table(["A"], [["1"]])
    plan.table(["B"], [["2"]])

    body = reopen(plan).element.body
    tables = body.findall(qn("w:tbl"))
    assert len(tables) == 3  # header block + two
    assert tables[1].getnext().tag == qn("w:p")  # Word would merge adjacent tables into one


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (1234, "1.234"),
        (-1234567, "-1.234.567"),
        (1234.0, "1.234"),
        (1234.5, "1.234,5"),
        (0.125, "0,12"),
        (Decimal("1234.50"), "1.234,5"),
    ],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


# -- closing ----------------------------------------------------------------------------------


def test_closing_block_recipients_left_signer_right():
    plan = make_plan()
    plan.paragraph("Nội dung.")
    plan.closing(
        recipients=["BTT UBTW MTTQVN (để báo cáo);", "- Thường trực Tỉnh ủy (để báo cáo)", "Lưu: VT, VP."],
        on_behalf="TM. BAN THƯỜNG TRỰC",
        position="CHỦ TỊCH",
        signer_name="Dương Sà Kha",
    )
    read = reopen(plan)
    left, right = read.tables[-1].rows[0].cells

    assert texts(left.paragraphs) == [
        "Nơi nhận:",
        "- BTT UBTW MTTQVN (để báo cáo);",
        "- Thường trực Tỉnh ủy (để báo cáo);",
        "- Lưu: VT, VP.",
    ]
    title_run = left.paragraphs[0].runs[0]
    assert title_run.bold and title_run.italic and title_run.font.size == Pt(12)
    assert left.paragraphs[1].runs[0].font.size == Pt(11)
    assert texts(right.paragraphs) == ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Dương Sà Kha"]
    assert all(p.runs[0].bold for p in right.paragraphs if p.text)
    assert len(right.paragraphs) > 3 + 2  # room for the signature and seal
    borders = read.tables[-1]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


# -- speed guard and output ---------------------------------------------------------------------


def test_appends_never_go_through_python_docx_body_scans(monkeypatch):
    """Document.add_paragraph rescans the body each call (python-docx#408); appends must not use it."""

    def refuse(*args, **kwargs):
        raise AssertionError("body scan in the append path")

    plan = make_plan()
    monkeypatch.setattr(docx.document.Document, "add_paragraph", refuse)
    monkeypatch.setattr(docx.document.Document, "add_table", refuse)
    monkeypatch.setattr(docx.document.Document, "paragraphs", property(refuse))
    plan.heading("I. MỘT", 1)
    plan.paragraph("chữ")
    plan.html("<p>html</p>")
    plan.table(["A"], [[1]])
    plan.page_break()
    plan.closing(recipients=["Lưu VP"], on_behalf="TM. BTT", position="CHỦ TỊCH", signer_name="A")
    monkeypatch.undo()

    assert body_after_title(reopen(plan))[:3] == ["I. MỘT", "chữ", "html"]


def test_save_to_path_and_floor_document(tmp_path):
    plan = make_plan()
    plan.paragraph("một")
    path = tmp_path / "ke-hoach.docx"
    plan.save(str(path))

    assert body_after_title(docx.Document(str(path))) == ["một"]
    assert texts(docx.Document(io.BytesIO(floor_document(["a", "b", "c"]))).paragraphs) == ["a", "b", "c"]


def test_libreoffice_converts_the_document_to_pdf(tmp_path):
    soffice = shutil.which("libreoffice") or shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (libreoffice/soffice) is not on PATH: cannot check that the .docx renders")
    plan = make_plan()
    plan.heading("I. MỤC ĐÍCH, YÊU CẦU", 1)
    plan.paragraph("Đánh giá kết quả 😀")
    plan.table(["STT", "Số cuộc"], [[1, 1234]])
    plan.closing(recipients=["Lưu VP"], on_behalf="TM. BAN THƯỜNG TRỰC", position="CHỦ TỊCH", signer_name="A")
    source = tmp_path / "ke-hoach.docx"
    plan.save(source)

    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    pdf = tmp_path / "ke-hoach.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
