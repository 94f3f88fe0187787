"""Uploaded Word files: what open_docx refuses (and says so in Vietnamese), and how docx_blocks
flattens a document, Word's automatic numbering included."""

import io
import zipfile

import docx
import pytest
from django.conf import settings
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

if not settings.configured:  # runs with or without the project's settings (-p no:django)
    settings.configure(USE_I18N=False)

from lib.docx_reader import MAX_MEMBERS, MB, DocxInputError, docx_blocks, open_docx  # noqa: E402
from tests.conftest import ENCRYPTED_OFFICE, OLD_DOC  # noqa: E402


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def simple_docx(*texts: str) -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    return docx_bytes(document)


def zip_bytes(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def refusal(data: bytes, **limits) -> str:
    with pytest.raises(DocxInputError) as caught:
        open_docx(data, **limits)
    return str(caught.value)


# --- open_docx ---------------------------------------------------------------------------------


def test_open_docx_reads_a_real_word_file():
    document = open_docx(simple_docx("Đề cương báo cáo"))
    assert [p.text for p in document.paragraphs] == ["Đề cương báo cáo"]


def test_docx_input_error_is_a_value_error():
    assert issubclass(DocxInputError, ValueError)


def test_empty_file_is_refused():
    assert "Tệp rỗng" in refusal(b"")


def test_file_over_the_limit_is_refused_with_the_limit_in_mb():
    message = refusal(b"PK" + b"\0" * (10 * MB))
    assert message == "Tệp quá lớn (10,1 MB); dung lượng tối đa là 10 MB."


def test_limit_is_configurable():
    message = refusal(simple_docx("x"), max_bytes=1000)
    assert "quá lớn" in message and message.endswith("dung lượng tối đa là 1 KB.")


def test_password_protected_docx_and_old_doc_are_told_apart():
    # Word stores both in an OLE2 container; only a protected file has an EncryptedPackage stream
    assert refusal(ENCRYPTED_OFFICE).startswith("Tệp có mật khẩu")
    message = refusal(OLD_DOC)
    assert "định dạng cũ (.doc)" in message and "mật khẩu" not in message and ".docx" in message


def test_zip_level_encryption_is_refused_like_a_password():
    data = bytearray(zip_bytes({"word/document.xml": b"<w:document/>"}))
    data[data.find(b"PK\x01\x02") + 8] |= 0x1  # the "encrypted" flag in the central directory
    assert "mật khẩu" in refusal(bytes(data))


def test_too_many_members_are_refused():
    members = {"word/document.xml": b"<w:document/>"} | {f"x/{i}": b"" for i in range(MAX_MEMBERS)}
    assert "quá nhiều thành phần" in refusal(zip_bytes(members, compression=zipfile.ZIP_STORED))


def test_bytes_that_are_not_a_zip_are_refused():
    assert refusal("Đây là văn bản thường".encode()) == "Tệp không phải là tệp Word (.docx)."


def test_zip_without_a_word_document_is_refused():
    spreadsheet = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert refusal(spreadsheet) == "Tệp không phải là tệp Word (.docx)."


def test_zip_bomb_is_refused_before_anything_is_decompressed(monkeypatch):
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (60 * MB)})
    assert len(bomb) < 1 * MB

    def no_reading(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_reading)
    assert "giải nén bất thường" in refusal(bomb)


def test_member_with_an_absurd_compression_ratio_is_refused_even_under_the_total_limit():
    bomb = zip_bytes({"word/document.xml": b"<w:document/>", "word/media/x.bin": b"\0" * (5 * MB)})
    assert "giải nén bất thường" in refusal(bomb)


def test_total_uncompressed_size_limit_is_configurable():
    assert "giải nén bất thường" in refusal(simple_docx("x"), max_uncompressed=10_000)


def test_broken_word_content_is_refused():
    broken = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"})
    message = refusal(broken)
    assert "Không đọc được nội dung tệp Word" in message


def test_refusal_messages_are_vietnamese_even_for_a_macro_document():
    data = simple_docx("x")
    # Rename the main content type, as a .docm would have it: python-docx refuses it.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"document.main+xml", b"document.macroEnabled.main+xml"
    )
    assert "Không đọc được nội dung tệp Word" in refusal(zip_bytes(members))


# --- docx_blocks -------------------------------------------------------------------------------


def blocks_of(document):
    return docx_blocks(open_docx(docx_bytes(document)))


def test_blocks_follow_document_order_with_tables_read_row_by_row():
    document = docx.Document()
    document.add_paragraph("Trước bảng")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"ô {r}{c}"
    table.cell(1, 1).add_paragraph("dòng hai của ô 11")
    document.add_paragraph("Sau bảng")
    assert [b.text for b in blocks_of(document)] == [
        "Trước bảng",
        "ô 00",
        "ô 01",
        "ô 10",
        "ô 11",
        "dòng hai của ô 11",
        "Sau bảng",
    ]


def test_merged_cell_is_read_once():
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "gộp"
    table.cell(0, 0).merge(table.cell(0, 1))
    table.cell(0, 2).text = "riêng"
    assert [b.text for b in blocks_of(document) if b.text] == ["gộp", "riêng"]


def test_nested_table_is_read_in_place():
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    outer.cell(0, 0).text = "ngoài"
    outer.cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "trong"
    document.add_paragraph("cuối")
    assert [b.text for b in blocks_of(document) if b.text] == ["ngoài", "trong", "cuối"]


def test_heading_style_and_outline_level_give_the_level():
    document = docx.Document()
    document.add_heading("I. MỤC ĐÍCH", level=1)
    document.add_heading("1. Mục đích", level=2)
    body = document.add_paragraph("Nội dung")
    outlined = document.add_paragraph("Mục có cấp đề cương")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="2"/>'))
    blocks = blocks_of(document)
    assert [(b.style_name, b.level) for b in blocks] == [
        ("Heading 1", 1),
        ("Heading 2", 2),
        ("Normal", None),
        ("Normal", 3),
    ]
    assert body.text == "Nội dung"


def test_bold_means_every_visible_run_is_bold():
    document = docx.Document()
    document.add_paragraph().add_run("Đậm cả đoạn").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Đậm ").bold = True
    mixed.add_run("và thường")
    spaced = document.add_paragraph()
    spaced.add_run("  ")
    spaced.add_run("Đậm").bold = True
    document.add_paragraph("Thường")
    document.add_heading("Tiêu đề", level=1)  # bold through the Heading 1 style
    assert [b.bold for b in blocks_of(document)] == [True, False, True, False, True]


def test_text_of_tracked_insertions_and_hyperlinks_is_kept_and_deletions_are_not():
    document = docx.Document()
    paragraph = document.add_paragraph("Đầu ")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">'
            '<w:r><w:t xml:space="preserve">chèn </w:t></w:r></w:ins>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z">'
            "<w:r><w:delText>xóa </w:delText></w:r></w:del>"
        )
    )
    paragraph._p.append(parse_xml(f"<w:hyperlink {nsdecls('w')}><w:r><w:t>liên kết</w:t></w:r></w:hyperlink>"))
    assert [b.text for b in blocks_of(document)] == ["Đầu chèn liên kết"]


def test_text_box_paragraphs_follow_their_anchor_once():
    document = docx.Document()
    anchor = document.add_paragraph("Neo")
    anchor._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>Trong khung</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.add_paragraph("Sau")
    assert [b.text for b in blocks_of(document)] == ["Neo", "Trong khung", "Sau"]


def test_builtin_list_styles_give_word_numbering_labels():
    document = docx.Document()
    for text in ("Một", "Hai", "Ba"):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Gạch đầu dòng", style="List Bullet")
    document.add_paragraph("Không đánh số")
    blocks = blocks_of(document)
    assert [(b.numbering_label, b.text) for b in blocks] == [
        ("1.", "Một"),
        ("2.", "Hai"),
        ("3.", "Ba"),
        ("-", "Gạch đầu dòng"),
        (None, "Không đánh số"),
    ]


# A multi-level list as Vietnamese outlines use it: I. / 1. / a) / - , plus a legal-style 1.1.
MULTILEVEL = (
    ("upperRoman", "%1."),
    ("decimal", "%2."),
    ("lowerLetter", "%3)"),
    ("bullet", "\uf0b7"),
    ("decimal", "%2.%5."),
)


def add_numbering(document, levels, abstract_id=90, num_ids=(90,), start_override=None) -> None:
    """Add an abstractNum with `levels` and a w:num per id; the last one may restart level 0."""
    numbering = document.part.part_related_by(RT.NUMBERING).element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    numbering.insert(len(numbering.findall(qn("w:abstractNum"))), abstract)
    for i, num_id in enumerate(num_ids):
        override = ""
        if start_override is not None and i == len(num_ids) - 1:
            override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )


def numbered(document, text: str, ilvl: int, num_id: int = 90):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def test_multilevel_numbering_counts_per_level_and_restarts_under_a_new_parent():
    document = docx.Document()
    add_numbering(document, MULTILEVEL)
    for text, ilvl in [
        ("TÌNH HÌNH", 0),
        ("Triển khai", 1),
        ("Hình thức", 2),
        ("Chi tiết", 3),
        ("Số cuộc", 2),
        ("Thuận lợi", 1),
        ("Mục con", 4),
        ("Mục con nữa", 4),
        ("KẾT QUẢ", 0),
        ("Tuyên truyền", 1),
        ("Mục con", 4),
    ]:
        numbered(document, text, ilvl)
    labels = [b.numbering_label for b in blocks_of(document)]
    assert labels == ["I.", "1.", "a)", "-", "b)", "2.", "2.1.", "2.2.", "II.", "1.", "1.1."]


def test_numbering_continues_across_instances_of_one_list_unless_restarted():
    document = docx.Document()
    add_numbering(document, MULTILEVEL, num_ids=(90, 91, 92), start_override=1)
    numbered(document, "Một", 0, num_id=90)
    numbered(document, "Hai", 0, num_id=91)  # same abstract list: Word continues
    numbered(document, "Lại một", 0, num_id=92)  # startOverride restarts
    numbered(document, "Lại hai", 0, num_id=92)
    assert [b.numbering_label for b in blocks_of(document)] == ["I.", "II.", "I.", "II."]


def test_numbering_inside_a_table_counts_in_document_order():
    document = docx.Document()
    add_numbering(document, MULTILEVEL)
    numbered(document, "Trước", 1)
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "Trong bảng"
    cell.paragraphs[0]._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="90"/></w:numPr>')
    )
    numbered(document, "Sau", 1)
    assert [b.numbering_label for b in blocks_of(document)] == ["1.", "2.", "3."]


def test_num_id_zero_removes_numbering_inherited_from_the_style():
    document = docx.Document()
    paragraph = document.add_paragraph("Bỏ số", style="List Number")
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="0"/></w:numPr>'))
    assert blocks_of(document)[0].numbering_label is None
