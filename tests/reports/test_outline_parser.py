"""Report outlines (đề cương báo cáo) read from pasted text or a Word file into a tree, checked
against the real outline of seed 001 and against the odd numbering committees actually use."""

import io
import re
from collections import Counter
from pathlib import Path

import docx
import pytest
from django.conf import settings
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

if not settings.configured:  # runs with or without the project's settings (-p no:django)
    settings.configure(USE_I18N=False)

from lib.docx_reader import DocxInputError  # noqa: E402
from reports.outlines.parser import (  # noqa: E402
    OutlineParseError,
    ParsedOutline,
    parse_outline_docx,
    parse_outline_text,
    render_tree,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed_text(fixture: str, seed: str) -> str:
    for path in (FIXTURES / fixture, SEEDS / seed):
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.skip(f"neither tests/fixtures/{fixture} nor ../shared/seeds/{seed} is present")


@pytest.fixture
def outline_001() -> str:
    return seed_text("001_outline.txt", "001_f50248fbf5a77a49.txt")


@pytest.fixture
def plan_004() -> str:
    return seed_text("004_plan.txt", "004_17ffd27920cf16f1.txt")


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text))


def everything_parsed(outline: ParsedOutline) -> str:
    parts = [*outline.title_lines, *outline.warnings]
    for item in outline.walk():
        parts += [item.label, item.title, item.guidance]
    return "\n".join(parts)


def assert_nothing_dropped(source: str, outline: ParsedOutline) -> None:
    missing = words(source) - words(everything_parsed(outline))
    assert not missing, f"words lost: {sorted(missing)}"


def shape(items) -> list:
    """(label, title, children's shape) for a compact comparison."""
    return [(item.label, item.title, shape(item.children)) for item in items]


# --- seed 001: the outline attached to the city's mid-term review plan ---------------------------


def test_seed_001_has_six_roman_sections_with_the_expected_parts(outline_001):
    outline = parse_outline_text(outline_001)
    assert outline.title_lines == [
        "ĐỀ CƯƠNG BÁO CÁO",
        "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết",
        "Đại hội Mặt trận Tổ quốc Việt Nam các cấp nhiệm kỳ 2019 - 2024",
    ]
    assert [(i.label, i.title) for i in outline.items] == [
        ("I.", "TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT"),
        ("II.", "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2019 - 2024"),
        ("III.", "HOẠT ĐỘNG CỦA CÁC TỔ CHỨC THÀNH VIÊN"),
        ("IV.", "ĐÁNH GIÁ, NHẬN XÉT"),
        ("V.", "CÁC KIẾN NGHỊ, ĐỀ XUẤT"),
        ("VI.", "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN ĐẾN HẾT NHIỆM KỲ"),
    ]
    one, two, three, four, five, six = outline.items
    assert shape(one.children) == [
        ("1.", "Công tác triển khai", [("-", "Hình thức", []), ("-", "Số cuộc, số lượt người dự", [])]),
        ("2.", "Thuận lợi", []),
        ("3.", "Khó khăn", []),
    ]
    assert [c.label for c in two.children] == ["1.", "2.", "3.", "4.", "5."]
    assert [len(part.children) for part in two.children] == [4, 9, 5, 4, 8]
    assert all(g.label == "-" for part in two.children for g in part.children)
    assert three.children == [] and three.guidance.startswith("Trên cơ sở Chương trình hành động")
    assert [(c.label, c.title) for c in four.children] == [
        ("1.", "Về ưu điểm, nguyên nhân."),
        ("2.", "Về hạn chế, nguyên nhân."),
        ("3.", "Bài học kinh nghiệm."),
    ]
    assert five.children == [] and five.guidance == (
        "Để giải quyết khó khăn, vướng mắc và tăng cường giải pháp cho công tác Mặt trận giai đoạn 2022 - 2024."
    )
    assert six.children == [] and six.guidance == ""


def test_seed_001_democracy_part_has_plus_items_under_its_dashes(outline_001):
    democracy = parse_outline_text(outline_001).items[1].children[2]
    assert democracy.title.startswith("Thực hiện dân chủ, tham gia xây dựng Đảng, chính quyền")
    assert [(d.title, len(d.children)) for d in democracy.children] == [
        ("Kết quả thực hiện dân chủ, đại diện, bảo vệ quyền và lợi ích hợp pháp, chính đáng của Nhân dân.", 4),
        ("Kết quả thực hiện công tác tham gia xây dựng Đảng, chính quyền.", 4),
        ("Kết quả thực hiện công tác giám sát.", 2),
        ("Kết quả hoạt động phản biện xã hội.", 0),
        ("Công tác tham gia phòng, chống tham nhũng, lãng phí, thực hành tiết kiệm.", 0),
    ]
    assert {p.label for d in democracy.children for p in d.children} == {"+"}
    assert [p.title for p in democracy.children[1].children] == [
        "Tham gia tổ chức cuộc bầu cử Đại biểu Quốc hội lần thứ XV và bầu cử đại biểu Hội đồng nhân dân "
        "các cấp nhiệm kỳ 2021 - 2026.",
        "Công tác tham gia xây dựng pháp luật.",
        "Việc phối hợp tổ chức hội nghị đối thoại trực tiếp giữa người đứng đầu cấp ủy, chính quyền với Nhân dân.",
        "Tham gia góp ý kiến với Đảng, Nhà nước.",
    ]
    assert [p.title for p in democracy.children[2].children] == [
        "Nêu rõ số lượng, nội dung, hình thức giám sát, kết quả xử lý kiến nghị sau giám sát.",
        "Việc phát huy vai trò của Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng "
        "trong hoạt động giám sát ở địa phương.",
    ]
    assert democracy.children[0].children[3].title == "Việc tham gia hoạt động hòa giải ở cơ sở."


def test_seed_001_levels_follow_depth(outline_001):
    outline = parse_outline_text(outline_001)
    assert {(item.label, item.level) for item in outline.walk()} == {
        ("I.", 0), ("II.", 0), ("III.", 0), ("IV.", 0), ("V.", 0), ("VI.", 0),
        ("1.", 1), ("2.", 1), ("3.", 1), ("4.", 1), ("5.", 1),
        ("-", 2), ("+", 3),
    }  # fmt: skip


def test_seed_001_final_page_number_is_a_warning_not_an_item(outline_001):
    outline = parse_outline_text(outline_001)
    assert outline.warnings == ["Bỏ qua số trang “4” ở cuối nội dung."]
    assert outline.items[-1].guidance == ""


def test_seed_001_nothing_is_dropped(outline_001):
    assert_nothing_dropped(outline_001, parse_outline_text(outline_001))


def test_seed_001_fixture_copy_matches_the_shared_seed():
    fixture, seed = FIXTURES / "001_outline.txt", SEEDS / "001_f50248fbf5a77a49.txt"
    if not seed.exists():
        pytest.skip("../shared/seeds is not present in this checkout")
    assert fixture.read_bytes() == seed.read_bytes()


def test_seed_001_render_tree(outline_001):
    lines = render_tree(parse_outline_text(outline_001)).splitlines()
    assert lines[:6] == [
        "I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT",
        "  1. Công tác triển khai",
        "    - Hình thức",
        "    - Số cuộc, số lượt người dự",
        "  2. Thuận lợi",
        "  3. Khó khăn",
    ]
    assert "      + Việc tham gia hoạt động hòa giải ở cơ sở." in lines
    assert lines[-1] == "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN ĐẾN HẾT NHIỆM KỲ"
    # 6 sections; I: 3 parts + 2 dashes; II: 5 parts + 4+9+5+4+8 dashes + 4+4+2 pluses; IV: 3 parts.
    assert len(lines) == 6 + (3 + 2) + (5 + 30 + 10) + 3


def test_seed_004_plan_parses_without_losing_text(plan_004):
    outline = parse_outline_text(plan_004)
    assert outline.title_lines[0] == "KẾ HOẠCH"
    assert [(i.label, i.title) for i in outline.items] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"),
        ("II.", "NỘI DUNG THỰC HIỆN"),
        ("III.", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert [(c.label, c.title, len(c.children)) for c in outline.items[1].children] == [
        ("1.", "Hình thức sơ kết", 1),
        ("2.", "Nội dung", 3),
    ]
    assert_nothing_dropped(plan_004, outline)


# --- the numbering committees actually use ---------------------------------------------------


def test_outline_starting_at_decimal_with_letters_and_dashes_under_them():
    text = """BÁO CÁO KẾT QUẢ
1. Mục đích
a) Đánh giá kết quả
- Số cuộc
- Số lượt người dự
b) Rút kinh nghiệm
2. Yêu cầu
a) Đúng thời hạn
"""
    outline = parse_outline_text(text)
    assert outline.title_lines == ["BÁO CÁO KẾT QUẢ"]
    assert shape(outline.items) == [
        (
            "1.",
            "Mục đích",
            [
                ("a)", "Đánh giá kết quả", [("-", "Số cuộc", []), ("-", "Số lượt người dự", [])]),
                ("b)", "Rút kinh nghiệm", []),
            ],
        ),
        ("2.", "Yêu cầu", [("a)", "Đúng thời hạn", [])]),
    ]
    assert_nothing_dropped(text, outline)


def test_roman_numerals_with_colon_and_dashes_directly_under_them():
    text = "I: MỤC ĐÍCH\n- Đánh giá\n- Rút kinh nghiệm\nII: YÊU CẦU\n– Nghiêm túc\nXIV: PHỤ LỤC\n"
    outline = parse_outline_text(text)
    assert shape(outline.items) == [
        ("I:", "MỤC ĐÍCH", [("-", "Đánh giá", []), ("-", "Rút kinh nghiệm", [])]),
        ("II:", "YÊU CẦU", [("–", "Nghiêm túc", [])]),
        ("XIV:", "PHỤ LỤC", []),
    ]


def test_dotted_numbers_nest_under_decimals_and_return():
    text = "1. Kết quả\n1.1. Tuyên truyền\n1.1.1. Báo chí\n1.2 Vận động\n2. Hạn chế\n2.1. Nguyên nhân\n"
    outline = parse_outline_text(text)
    assert shape(outline.items) == [
        (
            "1.",
            "Kết quả",
            [("1.1.", "Tuyên truyền", [("1.1.1.", "Báo chí", [])]), ("1.2", "Vận động", [])],
        ),
        ("2.", "Hạn chế", [("2.1.", "Nguyên nhân", [])]),
    ]


def test_en_dash_and_hyphen_are_one_kind_of_bullet():
    outline = parse_outline_text("I. NỘI DUNG\n– Thứ nhất\n- Thứ hai\n• Thứ ba\n+ Chi tiết\n–Thứ tư\n")
    (section,) = outline.items
    assert [(c.label, c.title) for c in section.children] == [
        ("–", "Thứ nhất"),
        ("-", "Thứ hai"),
        ("•", "Thứ ba"),
        ("–", "Thứ tư"),
    ]
    assert shape(section.children[2].children) == [("+", "Chi tiết", [])]


def test_a_kind_already_open_returns_to_its_level():
    outline = parse_outline_text("I. A\n1. B\n- C\n+ D\n2. E\n- F\nII. G\n")
    assert render_tree(outline) == "I. A\n  1. B\n    - C\n      + D\n  2. E\n    - F\nII. G"


def test_intro_dash_before_the_first_number_of_a_section_does_not_swallow_the_numbers():
    # Section I taught that "1." holds "-"; in II a "-" comes first, then "1." goes back up.
    outline = parse_outline_text("I. A\n1. B\n- C\nII. D\n- Giới thiệu\n1. E\n- F\n")
    assert render_tree(outline) == "I. A\n  1. B\n    - C\nII. D\n  - Giới thiệu\n  1. E\n    - F"


def test_markdown_decoration_is_stripped():
    text = "# **ĐỀ CƯƠNG**\n#### **I. MỤC ĐÍCH**\n**1. Yêu cầu:**\n- **Hình thức**\n"
    outline = parse_outline_text(text)
    assert outline.title_lines == ["ĐỀ CƯƠNG"]
    assert shape(outline.items) == [("I.", "MỤC ĐÍCH", [("1.", "Yêu cầu", [("-", "Hình thức", [])])])]


def test_one_trailing_colon_is_stripped_and_no_word_is_lost():
    outline = parse_outline_text("1. Mục đích:  \n2. Ghi chú::\n3. Thời gian: quý I: 2024\n")
    assert [i.title for i in outline.items] == ["Mục đích", "Ghi chú:", "Thời gian: quý I: 2024"]


def test_text_lines_become_guidance_of_the_latest_item_joined_by_newlines():
    text = "ĐỀ CƯƠNG\n\nI. KẾT QUẢ\nNêu rõ số liệu.\n\nSo sánh với năm trước.\n1. Tuyên truyền\nGhi rõ số cuộc.\n"
    outline = parse_outline_text(text)
    section = outline.items[0]
    assert section.guidance == "Nêu rõ số liệu.\nSo sánh với năm trước."
    assert section.children[0].guidance == "Ghi rõ số cuộc."
    assert_nothing_dropped(text, outline)


def test_labels_typed_without_a_space():
    outline = parse_outline_text("I.MỤC ĐÍCH\n1.Yêu cầu\n1) Đúng hạn\n-Hình thức\nII.NỘI DUNG\n")
    assert render_tree(outline) == "I. MỤC ĐÍCH\n  1. Yêu cầu\n    1) Đúng hạn\n      - Hình thức\nII. NỘI DUNG"


def test_numbers_in_body_text_are_not_labels():
    outline = parse_outline_text("1. Kết quả\n1.500 người tham gia.\n2024 là năm bản lề.\n05 cuộc vận động\n")
    (item,) = outline.items
    assert item.guidance == "1.500 người tham gia.\n2024 là năm bản lề.\n05 cuộc vận động"


def test_parenthesised_and_plain_roman_labels():
    outline = parse_outline_text("V CÁC KIẾN NGHỊ\n(1). Kiến nghị với tỉnh\n(2) Kiến nghị với huyện\n")
    assert shape(outline.items) == [
        ("V", "CÁC KIẾN NGHỊ", [("(1).", "Kiến nghị với tỉnh", []), ("(2)", "Kiến nghị với huyện", [])])
    ]


def test_a_number_that_is_not_last_stays_as_guidance():
    outline = parse_outline_text("1. Số cuộc\n12\n2. Số người\n")
    assert outline.items[0].guidance == "12" and outline.warnings == []


def test_a_gap_in_the_numbering_is_a_warning():
    outline = parse_outline_text("I. A\n1. B\n3. C\nIII. D\n")
    assert outline.warnings == [
        "Mục “3. C” không liền số thứ tự sau mục “1.”.",
        "Mục “III. D” không liền số thứ tự sau mục “I.”.",
    ]


def test_content_without_any_numbering_is_refused():
    with pytest.raises(OutlineParseError) as caught:
        parse_outline_text("Báo cáo kết quả\nKhông có số thứ tự nào cả.\n")
    assert str(caught.value).startswith("Không nhận ra cấu trúc đánh số (I., 1., -, +) nào trong nội dung")
    assert issubclass(OutlineParseError, ValueError)


def test_empty_content_is_refused():
    with pytest.raises(OutlineParseError, match="trống"):
        parse_outline_text(" \n\n")


# --- from Word files -------------------------------------------------------------------------


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_with_typed_labels_parses_like_text(outline_001):
    document = docx.Document()
    for line in outline_001.splitlines():
        document.add_paragraph(line)
    from_word = parse_outline_docx(docx_bytes(document))
    from_text = parse_outline_text(outline_001)
    assert render_tree(from_word) == render_tree(from_text)
    assert from_word.title_lines == from_text.title_lines
    assert from_word.warnings == from_text.warnings


def test_docx_with_builtin_list_styles_takes_the_labels_from_word():
    document = docx.Document()
    document.add_paragraph("ĐỀ CƯƠNG BÁO CÁO")
    document.add_paragraph("Công tác triển khai:", style="List Number")
    document.add_paragraph("Hình thức", style="List Bullet")
    document.add_paragraph("Số cuộc, số lượt người dự", style="List Bullet")
    document.add_paragraph("Ghi rõ số liệu.")
    document.add_paragraph("Thuận lợi", style="List Number")
    document.add_paragraph("", style="List Number")  # an empty numbered paragraph is not an item
    outline = parse_outline_docx(docx_bytes(document))
    assert outline.title_lines == ["ĐỀ CƯƠNG BÁO CÁO"]
    assert render_tree(outline) == "1. Công tác triển khai\n  - Hình thức\n  - Số cuộc, số lượt người dự\n2. Thuận lợi"
    assert outline.items[0].children[1].guidance == "Ghi rõ số liệu."


def test_docx_with_multilevel_word_numbering():
    document = docx.Document()
    numbering = document.part.part_related_by(RT.NUMBERING).element
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("bullet", "\uf0b7"), ("lowerLetter", "%4)")]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    numbering.insert(
        len(numbering.findall(qn("w:abstractNum"))),
        parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">{lvls}</w:abstractNum>'),
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    for text, ilvl in [
        ("TÌNH HÌNH TRIỂN KHAI:", 0),
        ("Công tác triển khai:", 1),
        ("Hình thức", 2),
        ("Số cuộc", 2),
        ("Thuận lợi:", 1),
        ("KẾT QUẢ:", 0),
        ("Tuyên truyền", 1),
        ("Thông tin", 3),
    ]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="77"/></w:numPr>')
        )
    # A table row is read too, and a typed label inside it counts.
    document.add_table(rows=1, cols=1).cell(0, 0).text = "III. HOẠT ĐỘNG KHÁC"
    outline = parse_outline_docx(docx_bytes(document))
    assert render_tree(outline) == (
        "I. TÌNH HÌNH TRIỂN KHAI\n"
        "  1. Công tác triển khai\n"
        "    - Hình thức\n"
        "    - Số cuộc\n"
        "  2. Thuận lợi\n"
        "II. KẾT QUẢ\n"
        "  1. Tuyên truyền\n"
        "    a) Thông tin\n"
        "III. HOẠT ĐỘNG KHÁC"
    )
    assert outline.warnings == []


def test_soft_line_breaks_in_a_word_paragraph_are_separate_lines():
    document = docx.Document()
    paragraph = document.add_paragraph("I. KẾT QUẢ")
    paragraph.add_run().add_break()
    paragraph.add_run("Nêu rõ số liệu.")
    paragraph.add_run().add_break()
    paragraph.add_run("1. Tuyên truyền")
    outline = parse_outline_docx(docx_bytes(document))
    assert shape(outline.items) == [("I.", "KẾT QUẢ", [("1.", "Tuyên truyền", [])])]
    assert outline.items[0].guidance == "Nêu rõ số liệu."


def test_unreadable_word_file_is_a_docx_input_error():
    with pytest.raises(DocxInputError, match="Tệp không phải là tệp Word"):
        parse_outline_docx(b"not a word file")
