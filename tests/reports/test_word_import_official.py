"""Word import of a report written as an official document (Decree 30), shaped like the seeds:
the header block (quốc hiệu, tiêu ngữ, committee, số, place and date, BÁO CÁO and its trích yếu)
and the closing block (Nơi nhận and its list, TM. BAN THƯỜNG TRỰC, CHỦ TỊCH, the signer) are left
out of the sections; "- …" and "+ …" lines that start with a sub-item's title go to that sub-item."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import SectionAnswer
from reports.submissions.word_import import CLOSING, DROP, HEADER, split_docx
from tests.reports.test_word_import import plan_001  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

INTRO = (
    "Thực hiện Kế hoạch số 380/KH-MTTQ-BTT ngày 05/5/2022 của Ban Thường trực Ủy ban MTTQ Việt Nam "
    "thành phố, Ban Thường trực Ủy ban MTTQ Việt Nam Phường 3 báo cáo như sau:"
)


def official_docx() -> bytes:
    import docx

    d = docx.Document()
    header = d.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG 3"
    left.add_paragraph("Số: 12/BC-MTTQ")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("__________________")
    right.add_paragraph("Phường 3, ngày 10 tháng 6 năm 2022")
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội")
    d.add_paragraph("Mặt trận Tổ quốc Việt Nam các cấp nhiệm kỳ 2019 - 2024")
    d.add_paragraph("-----")
    d.add_paragraph(INTRO)
    d.add_paragraph("I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT:")
    d.add_paragraph("1. Công tác triển khai:")
    d.add_paragraph("Ban Thường trực đã tổ chức hội nghị quán triệt đến cán bộ chủ chốt.")
    d.add_paragraph("- Hình thức: hội nghị trực tiếp kết hợp loa truyền thanh.")  # lower case after the colon
    p = d.add_paragraph("Số cuộc, số lượt người dự: ", style="List Bullet")  # a Word bullet
    p.add_run("14 cuộc").bold = True
    p.add_run(" với 1.250 lượt người dự.")
    d.add_paragraph("II. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ 2019 - 2024:")
    d.add_paragraph("1. Tuyên truyền, vận động, tập hợp các tầng lớp Nhân dân:")
    d.add_paragraph("- Công tác thông tin, tuyên truyền: Phát 120 số bản tin Mặt trận.")
    d.add_paragraph("- Đã phối hợp với Đoàn Thanh niên tuyên truyền trên mạng xã hội.")  # no item: stays
    d.add_paragraph("- Kết quả tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2021 ở 8/8 khu phố.")
    d.add_paragraph("3. Thực hiện dân chủ, tham gia xây dựng Đảng, chính quyền:")
    d.add_paragraph("- Kết quả thực hiện dân chủ, đại diện, bảo vệ quyền và lợi ích hợp pháp, chính đáng của Nhân dân:")
    d.add_paragraph("+ Việc tham gia hoạt động hòa giải ở cơ sở: 12 tổ hòa giải hòa giải thành 30 vụ.")
    d.add_paragraph("V. CÁC KIẾN NGHỊ, ĐỀ XUẤT:")
    d.add_paragraph("Đề nghị tăng kinh phí hoạt động cho Ban công tác Mặt trận.")
    d.add_paragraph("Trên đây là báo cáo sơ kết giữa nhiệm kỳ của Ủy ban MTTQ Việt Nam Phường 3./.")
    closing = d.add_table(rows=1, cols=2)
    left, right = closing.rows[0].cells
    left.text = "Nơi nhận:"
    left.add_paragraph("- BTT UBMTTQVN thành phố (B/c);")
    left.add_paragraph("- Lưu VP.")
    right.text = "TM. BAN THƯỜNG TRỰC\nCHỦ TỊCH"
    right.add_paragraph("")
    right.add_paragraph("Trần Thị Bình")
    stream = io.BytesIO()
    d.save(stream)
    return stream.getvalue()


def test_header_and_closing_blocks_are_left_out(plan_001):  # noqa: F811
    result = split_docx(official_docx(), plan_001[2])
    parts = {p.text: p.part for p in result.pieces}
    for line in (
        "ỦY BAN MTTQ VIỆT NAM", "PHƯỜNG 3", "Số: 12/BC-MTTQ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "__________________", "Phường 3, ngày 10 tháng 6 năm 2022", "BÁO CÁO",
        "Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội", "Mặt trận Tổ quốc Việt Nam các cấp nhiệm kỳ 2019 - 2024",
        "-----",
    ):
        assert parts[line] == HEADER, line
    for line in ("Nơi nhận:", "- BTT UBMTTQVN thành phố (B/c);", "- Lưu VP.", "TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH", "Trần Thị Bình"):
        assert parts[line] == CLOSING, line
    assert all(p.choice == DROP and p.target is None for p in result.left_out)
    # The opening sentence of the report is text, not header: kept for the officer to place.
    assert [p.text for p in result.unplaced] == [INTRO]
    assert parts[INTRO] == ""
    # The last paragraph of the body stays in the last section, the signature block does not.
    last = next(p for p in result.pieces if p.text.startswith("Trên đây là báo cáo"))
    assert last.target is not None and last.part == ""


def test_dash_and_plus_lines_go_to_their_own_sub_items(plan_001):  # noqa: F811
    _plan, _outline, items, by_title = plan_001
    result = split_docx(official_docx(), items)
    where = {p.text: (p.target, p.html) for p in result.pieces}

    def item(prefix):
        return next(i for i in items if i.title.startswith(prefix)).pk

    # "- Hình thức: ..." goes to "- Hình thức" without its title, opening with a capital; so does a Word bullet.
    assert where["Hội nghị trực tiếp kết hợp loa truyền thanh."] == (
        by_title["Hình thức"].pk, "<p>Hội nghị trực tiếp kết hợp loa truyền thanh.</p>"
    )
    assert where["14 cuộc với 1.250 lượt người dự."] == (
        by_title["Số cuộc, số lượt người dự"].pk, "<ul><li><strong>14 cuộc</strong> với 1.250 lượt người dự.</li></ul>"
    )
    # The title's first clause names a long item ("Công tác thông tin, tuyên truyền (Lưu ý ...)").
    assert where["Phát 120 số bản tin Mặt trận."][0] == item("Công tác thông tin, tuyên truyền (")
    # A dash line that names no sub-item stays in the section being read.
    assert where["- Đã phối hợp với Đoàn Thanh niên tuyên truyền trên mạng xã hội."][0] == item("Công tác thông tin, tuyên truyền (")
    # A line that starts with a whole title and goes on without a colon is kept whole, in that item.
    text = "- Kết quả tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2021 ở 8/8 khu phố."
    assert where[text][0] == item("Kết quả tổ chức Ngày hội")
    # "+ …" under "- …": the sub-sub-item.
    assert where["12 tổ hòa giải hòa giải thành 30 vụ."][0] == item("Việc tham gia hoạt động hòa giải")
    assert item("Kết quả thực hiện dân chủ") in result.found
    assert where["Đề nghị tăng kinh phí hoạt động cho Ban công tác Mặt trận."][0] == item("CÁC KIẾN NGHỊ")


def test_preview_leaves_the_blocks_out_and_offers_to_drop_every_unplaced_line(plan_001, personas, client_as):  # noqa: F811
    plan = plan_001[0]
    client = client_as(personas.officer)
    url = reverse("reports-submission-import-word", args=[plan.sub_a1.pk])
    response = client.post(url, {"file": SimpleUploadedFile("bao-cao-phuong-3.docx", official_docx())})
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-drop-unplaced" in html
    assert "17 dòng phần đầu và phần cuối văn bản" in html
    # The left-out blocks are folded away (11 header lines, 6 closing lines), each line can be kept.
    assert "Phần đầu văn bản: 11 dòng không đưa vào báo cáo" in html
    assert "Phần cuối văn bản (nơi nhận, chữ ký): 6 dòng không đưa vào báo cáo" in html
    pieces = response.context["pieces"]
    # What the page sends back: each piece, its formatted copy, and the choice shown.
    post = {"confirm": "1", "file_name": "bao-cao-phuong-3.docx", "piece_count": str(len(pieces))}
    post |= {f"piece-{p.index}": p.text for p in pieces} | {f"piece-html-{p.index}": p.html for p in pieces}
    post |= {f"target-{p.index}": p.choice or (str(p.target) if p.target else "unplaced") for p in pieces}
    post |= {f"piece-part-{p.index}": p.part for p in pieces if p.part}
    refused = client.post(url, post)  # the opening sentence is still unplaced
    assert refused.status_code == 400 and "Còn 1 đoạn chưa xếp" in refused.content.decode()
    assert "data-drop-unplaced" in refused.content.decode()
    assert 'id="left-out-header"' in refused.content.decode()  # still folded away on the second look
    # "Bỏ tất cả" without JavaScript sends the form with drop_unplaced: every unplaced piece is dropped.
    post["drop_unplaced"] = "1"
    assert client.post(url, post).status_code == 302
    written = " ".join(SectionAnswer.objects.filter(submission=plan.sub_a1).values_list("html", flat=True))
    for left_out in ("CỘNG HÒA", "Nơi nhận", "TM. BAN THƯỜNG TRỰC", "Trần Thị Bình", "Thực hiện Kế hoạch số 380"):
        assert left_out not in written
    assert "Phát 120 số bản tin Mặt trận." in written
