"""The report as a document: its own number, place and date, and signer, edited on the editor page
while the report is open and read back from the downloaded .docx."""

import io
import json

import docx
import pytest
import time_machine
from django.urls import reverse

from reports.models import Submission
from reports.submissions import services
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db


def save(client, sub, payload):
    return client.post(
        reverse("reports-submission-save-section", args=[sub.pk]),
        data=json.dumps(payload),
        content_type="application/json",
    )


def edit_url(sub):
    return reverse("reports-submission-edit", args=[sub.pk])


def test_edit_page_has_the_number_and_signer_form(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    sub.committee.place = "Phường A1"
    sub.committee.save()
    html = client_as(personas.officer).get(edit_url(sub)).content.decode()
    assert "Số, nơi ký và người ký của văn bản" in html
    for label in ("Số báo cáo", "Chức vụ người ký", "Họ và tên người ký"):
        assert label in html
    assert 'name="doc-doc_number"' in html and 'name="doc-signer_name"' in html
    assert "Phường A1, ngày … tháng … năm …" in html


def test_page_post_saves_number_and_signer_with_the_rest(issued_plan, personas, client_as):
    sub, item = issued_plan.sub_a1, issued_plan.items.s12
    response = client_as(personas.leader).post(
        edit_url(sub),
        {
            f"section-{item.pk}": "<p>Thuận lợi</p>",
            f"revision-{item.pk}": "0",
            "doc-doc_number": "  Số: 15/BC-MTTQ ",
            "doc-signer_position": "Phó Chủ tịch",
            "doc-signer_name": "Nguyễn  Văn An",
        },
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert (sub.doc_number, sub.signer_position, sub.signer_name) == ("15/BC-MTTQ", "Phó Chủ tịch", "Nguyễn Văn An")
    assert sub.answers.get(item=item).html == "<p>Thuận lợi</p>"
    # A page post without these fields (an older page) leaves them alone.
    client_as(personas.officer).post(edit_url(sub), {f"section-{item.pk}": "<p>Sửa</p>", f"revision-{item.pk}": "1"})
    sub.refresh_from_db()
    assert sub.doc_number == "15/BC-MTTQ" and sub.signer_name == "Nguyễn Văn An"


def test_bad_number_or_name_keeps_what_was_typed(issued_plan, personas, client_as):
    sub, item = issued_plan.sub_a1, issued_plan.items.s12
    response = client_as(personas.officer).post(
        edit_url(sub),
        {
            f"section-{item.pk}": "<p>Đoạn đã gõ</p>",
            f"revision-{item.pk}": "0",
            "doc-doc_number": "15/BC<b>",
            "doc-signer_position": "Chủ tịch",
            "doc-signer_name": "Trần Thị 8",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Số báo cáo chỉ gồm chữ, chữ số và các dấu / - ." in html
    assert "Họ tên người ký chỉ gồm chữ cái." in html
    assert 'value="15/BC&lt;b&gt;"' in html and 'value="Trần Thị 8"' in html and 'value="Chủ tịch"' in html
    assert "Đoạn đã gõ" in html and "is-invalid" in html
    sub.refresh_from_db()
    assert (sub.doc_number, sub.signer_position, sub.signer_name) == ("", "", "")
    too_long = client_as(personas.officer).post(edit_url(sub), {"doc-doc_number": "1" * 51})
    assert too_long.status_code == 400 and "Số báo cáo dài quá 50 ký tự." in too_long.content.decode()


def test_autosave_of_number_and_signer(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    ok = save(
        client_as(personas.officer), sub, {"document": {"doc_number": "07/BC-MTTQ", "signer_name": "Lê\x00 Văn Bình"}}
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["saved"] == {"doc_number": "07/BC-MTTQ", "signer_name": "Lê Văn Bình"}  # only the fields sent
    bad = save(client_as(personas.officer), sub, {"document": {"doc_number": "07/BC?"}})
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"doc_number": "Số báo cáo chỉ gồm chữ, chữ số và các dấu / - . (ví dụ 15/BC-MTTQ)."}
    assert save(client_as(personas.officer), sub, {"document": ["x"]}).status_code == 400
    sub.refresh_from_db()
    assert (sub.doc_number, sub.signer_name) == ("07/BC-MTTQ", "Lê Văn Bình")
    # Setting the number does not start the report.
    assert sub.state == Submission.State.NOT_STARTED


@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "reviewer"])
def test_others_cannot_set_the_number(issued_plan, personas, client_as, who):
    sub = issued_plan.sub_a1
    assert save(client_as(getattr(personas, who)), sub, {"document": {"doc_number": "9/BC"}}).status_code == 404
    assert client_as(getattr(personas, who)).post(edit_url(sub), {"doc-doc_number": "9/BC"}).status_code == 404
    sub.refresh_from_db()
    assert sub.doc_number == ""


def test_number_is_read_only_once_submitted(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    with time_machine.travel(local_dt(2022, 6, 10, 9, 0), tick=False):
        save(
            client_as(personas.officer),
            sub,
            {"item": issued_plan.items.s11.pk, "revision": 0, "html": "<p>Nội dung</p>"},
        )
        services.submission_submit(submission=sub, by=personas.officer)
    response = save(client_as(personas.officer), sub, {"document": {"doc_number": "99/BC"}})
    assert response.status_code == 409
    assert client_as(personas.officer).post(edit_url(sub), {"doc-doc_number": "99/BC"}).status_code == 302
    sub.refresh_from_db()
    assert sub.doc_number == ""


def test_docx_reads_back_number_place_date_and_signer(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    sub.committee.place = "Phường A1"
    sub.committee.save()
    client = client_as(personas.officer)
    with time_machine.travel(local_dt(2022, 6, 2, 16, 30), tick=False):
        save(client, sub, {"item": issued_plan.items.s11.pk, "revision": 0, "html": "<p>Nội dung</p>"})
        assert (
            save(
                client,
                sub,
                {
                    "document": {
                        "doc_number": "15/BC-MTTQ",
                        "signer_position": "Phó Chủ tịch",
                        "signer_name": "Nguyễn Văn An",
                    }
                },
            ).status_code
            == 200
        )
    with time_machine.travel(local_dt(2022, 6, 3, 8, 0), tick=False):
        services.submission_submit(submission=sub, by=personas.officer)
    response = client_as(personas.reviewer).get(reverse("reports-submission-docx", args=[sub.pk]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    header_left, header_right = cells[0], cells[1]
    assert "Số: 15/BC-MTTQ" in header_left
    assert "Phường A1, ngày 03 tháng 6 năm 2022" in header_right
    closing_right = cells[-1]
    assert "PHÓ CHỦ TỊCH" in closing_right
    assert closing_right.strip().endswith("Nguyễn Văn An")


def test_docx_of_a_draft_leaves_the_date_open(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    response = client_as(personas.officer).get(reverse("reports-submission-docx", args=[sub.pk]))
    cells = [c.text for t in docx.Document(io.BytesIO(response.content)).tables for row in t.rows for c in row.cells]
    assert "Số:" in cells[0] and "/BC-MTTQ" in cells[0]
    assert "ngày     tháng     năm" in cells[1]
    assert "CHỦ TỊCH" in cells[-1]


def test_saving_one_document_field_leaves_the_others_alone(issued_plan, personas, client_as):
    """Two autosaves of different fields racing each other: an older one must not undo a newer one."""
    import json

    from django.urls import reverse

    sub = issued_plan.sub_a1
    url = reverse("reports-submission-save-section", args=[sub.pk])
    c = client_as(personas.officer)
    post = lambda body: c.post(url, json.dumps(body), content_type="application/json")  # noqa: E731
    assert post({"document": {"signer_position": "Chủ tịch"}}).status_code == 200
    assert post({"document": {"doc_number": "15/BC-MTTQ"}}).status_code == 200
    sub.refresh_from_db()
    assert (sub.doc_number, sub.signer_position) == ("15/BC-MTTQ", "Chủ tịch")


def test_a_wards_own_report_is_titled_and_dated_for_that_ward(issued_plan, personas, client_as):
    """Not "… của Ủy ban MTTQ các phường" and not the city's place: the ward's own (Decree 30)."""
    from reports.submissions.docx import own_report_title

    sub = issued_plan.sub_a1
    sub.committee.name, sub.committee.place = "Ủy ban MTTQ Việt Nam Phường 3", ""
    sub.committee.save()
    sub.duty.title = "Báo cáo sơ kết giữa nhiệm kỳ của Ủy ban MTTQ các phường"
    sub.duty.save()
    assert own_report_title(sub) == "Sơ kết giữa nhiệm kỳ của Ủy ban MTTQ Việt Nam Phường 3"
    with time_machine.travel(local_dt(2022, 6, 2, 16, 30), tick=False):
        save(client_as(personas.officer), sub, {"item": issued_plan.items.s11.pk, "revision": 0, "html": "<p>Nội dung</p>"})
    with time_machine.travel(local_dt(2022, 6, 3, 8, 0), tick=False):
        services.submission_submit(submission=sub, by=personas.officer)
    response = client_as(personas.reviewer).get(reverse("reports-submission-docx", args=[sub.pk]))
    document = docx.Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Phường 3, ngày 03 tháng 6 năm 2022" in cells[1]
    body = [p.text for p in document.paragraphs]
    # The plan's title already says "Sơ kết giữa nhiệm kỳ": one line naming the ward, not two.
    title = f"{' '.join(issued_plan.plan.title.split())} của Ủy ban MTTQ Việt Nam Phường 3"
    assert title in body and body.index(title) == body.index("BÁO CÁO") + 1
    assert not any(text.startswith("Sơ kết giữa nhiệm kỳ của") for text in body)
    assert not any("các phường" in text for text in body)


def test_the_title_keeps_two_lines_when_the_plan_says_something_else(issued_plan):
    from reports.submissions.docx import own_report_title_lines

    sub = issued_plan.sub_a1
    sub.duty.title = "Báo cáo kết quả Ngày hội Đại đoàn kết của các phường"
    assert own_report_title_lines(sub) == [
        "Kết quả Ngày hội Đại đoàn kết của Ủy ban MTTQ Phường A1",
        " ".join(issued_plan.plan.title.split()),
    ]
