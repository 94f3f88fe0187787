"""Excel out (status and indicator tables) and in (a committee's own indicator form)."""

import io
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from committees.models import Committee
from reports.dashboards import excel
from reports.models import IndicatorValue, Submission
from tests.conftest import ENCRYPTED_OFFICE, OLD_DOC, local_dt

from .dashboard_factories import set_state

S = Submission.State
AFTER_DEADLINE = local_dt(2022, 6, 20, 9, 0)


def load(response_or_bytes):
    data = response_or_bytes if isinstance(response_or_bytes, bytes) else response_or_bytes.content
    return load_workbook(io.BytesIO(data), data_only=False)


@pytest.fixture
def mixed(issued_plan, personas):
    p = issued_plan
    # A committee whose name Excel would take for a formula.
    Committee.objects.filter(pk=p.sub_org.committee_id).update(name='=HYPERLINK("http://x","Hội")')
    set_state(
        p.sub_a1,
        S.SUBMITTED,
        submitted=local_dt(2022, 6, 13, 10, 0),
        values={p.indicators.meetings: 12, p.indicators.attendees: 300},
    )
    set_state(
        p.sub_org,
        S.ACCEPTED,
        submitted=local_dt(2022, 6, 16, 15, 30),
        accepted=local_dt(2022, 6, 17, 8, 0),
        reviewer=personas.reviewer,
        values={p.indicators.meetings: 3},
    )
    return p


def rows_by_name(ws, first_row, name_col=2):
    return {ws.cell(row=r, column=name_col).value: r for r in range(first_row, ws.max_row + 1)}


# --- Excel out --------------------------------------------------------------------------------
@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_status_workbook_has_dates_numbers_and_text_kept_as_text(mixed, personas, client_as):
    response = client_as(personas.reviewer).get(reverse("reports-dashboard-status-xlsx", args=[mixed.plan.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load(response).active
    assert ws["A1"].value.startswith("TÌNH HÌNH NỘP BÁO CÁO") and ws.freeze_panes == "C5"
    assert [c.value for c in ws[4]][:5] == ["STT", "Đơn vị", "Cấp", "Loại", "Trạng thái"]
    assert ws.column_dimensions["B"].width == 42
    rows = rows_by_name(ws, 5)
    a1 = rows["Ủy ban MTTQ Phường A1"]
    assert ws.cell(a1, 5).value == "Đã nộp đúng hạn"
    assert ws.cell(a1, 7).value == datetime(2022, 6, 13, 10, 0) and ws.cell(a1, 7).number_format == "dd/mm/yyyy hh:mm"
    org = rows['=HYPERLINK("http://x","Hội")']
    assert ws.cell(org, 2).data_type == "s" and ws.cell(org, 2).quotePrefix
    assert ws.cell(org, 9).value == 2 and isinstance(ws.cell(org, 9).value, int)  # days late: a number
    assert ws.cell(rows["Ủy ban MTTQ Phường A2"], 5).value == "Quá hạn chưa nộp"
    total_row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == "Tổng cộng")
    assert ws.cell(total_row, 2).value == 3
    # Filtered to the missing ones: one row.
    response = client_as(personas.reviewer).get(
        reverse("reports-dashboard-status-xlsx", args=[mixed.plan.pk]), {"state": "missing"}
    )
    ws = load(response).active
    assert ws.cell(5, 2).value == "Ủy ban MTTQ Phường A2" and ws.cell(6, 1).value == "Tổng cộng"


@time_machine.travel(AFTER_DEADLINE, tick=False)
def test_indicator_workbook_one_row_per_committee_and_totals_by_rule(mixed, personas, client_as):
    mixed.indicators.attendees.aggregation = "avg"
    mixed.indicators.attendees.save()
    response = client_as(personas.reviewer).get(reverse("reports-dashboard-indicators-xlsx", args=[mixed.plan.pk]))
    ws = load(response).active
    assert [c.value for c in ws[4]] == ["STT", "Đơn vị", "Số cuộc (cuộc)", "Số lượt người dự (lượt người)"]
    assert ws.freeze_panes == "C5"
    rows = rows_by_name(ws, 5)
    assert set(rows) >= {"Ủy ban MTTQ Phường A1", '=HYPERLINK("http://x","Hội")', "Tổng hợp"}
    assert "Ủy ban MTTQ Phường A2" not in rows  # not submitted
    a1 = rows["Ủy ban MTTQ Phường A1"]
    assert ws.cell(a1, 3).value == 12 and ws.cell(a1, 3).data_type == "n"
    org = rows['=HYPERLINK("http://x","Hội")']
    assert ws.cell(org, 2).data_type == "s" and ws.cell(org, 4).value is None
    total = rows["Tổng hợp"]
    assert ws.cell(total, 3).value == 15 and ws.cell(total, 4).value == 300  # avg of the one value
    assert ws.cell(total + 1, 3).value == "Cộng" and ws.cell(total + 1, 4).value == "Trung bình"
    assert ws.cell(total + 2, 3).value == 2 and ws.cell(total + 2, 4).value == 1


def test_indicator_workbook_signature_for_the_consolidation(mixed):
    subs = Submission.objects.filter(duty=mixed.duty).order_by("pk")  # committees not selected: still one query
    wb = excel.indicator_workbook(duty=mixed.duty, submissions=subs)
    assert isinstance(wb, Workbook)
    ws = wb.active
    assert ws.cell(5, 2).value == "Ủy ban MTTQ Phường A1" and ws.cell(5, 3).value == 12


def test_put_writes_every_formula_like_text_as_text():
    wb = Workbook()
    ws = wb.active
    for i, text in enumerate(["=1+1", "+84 912", "-5 người", "@SUM(A1)", "bình thường"], start=1):
        excel.put(ws, i, 1, text)
    ws2 = load(excel.to_bytes(wb)).active
    for i in range(1, 5):
        assert ws2.cell(i, 1).data_type == "s" and ws2.cell(i, 1).quotePrefix, i
    assert ws2["A1"].value == "=1+1" and not ws2["A5"].quotePrefix


# --- the indicator form: access -----------------------------------------------------------------
@pytest.mark.parametrize("name", ["reports-indicator-form-xlsx", "reports-indicator-form-upload"])
def test_indicator_form_only_for_the_committees_own_people(name, issued_plan, personas, client_as):
    url = reverse(name, args=[issued_plan.sub_a1.pk])
    assert client_as(personas.officer).get(url).status_code == 200
    assert client_as(personas.leader).get(url).status_code == 200
    for user in (
        personas.other_ward_officer,
        personas.reviewer,
        personas.other_city_reviewer,
        personas.org_officer,
        personas.nobody,
    ):
        assert client_as(user).get(url).status_code == 404, user.username
    anonymous = client_as(None).get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))


# --- the indicator form: round trip -------------------------------------------------------------
def download_form(client, sub):
    response = client.get(reverse("reports-indicator-form-xlsx", args=[sub.pk]))
    assert response.status_code == 200
    return load(response)


def upload(client, sub, data: bytes, name="bieu-mau.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("reports-indicator-form-upload", args=[sub.pk]),
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


def to_bytes(wb) -> bytes:
    return excel.to_bytes(wb)


def values_of(sub):
    return dict(IndicatorValue.objects.filter(submission=sub).values_list("indicator__name", "value"))


def test_form_is_prefilled_and_round_trips_into_the_draft(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    set_state(sub, S.DRAFT, values={issued_plan.indicators.meetings: 2})
    c = client_as(personas.officer)
    wb = download_form(c, sub)
    ws = wb.active
    assert ws["B3"].value == "Ủy ban MTTQ Phường A1" and ws.column_dimensions["F"].hidden
    assert ws.protection.sheet and not ws["E7"].protection.locked
    assert (ws["C7"].value, ws["D7"].value, ws["E7"].value) == ("Số cuộc", "cuộc", 2)
    assert (ws["C8"].value, ws["E8"].value) == ("Số lượt người dự", None)
    ws["E7"], ws["E8"] = 14, 520
    response = upload(c, sub, to_bytes(wb))
    assert response.status_code == 302
    assert values_of(sub) == {"Số cuộc": Decimal(14), "Số lượt người dự": Decimal(520)}
    sub.refresh_from_db()
    assert sub.state == S.DRAFT
    page = c.get(response.url).content.decode()
    assert "Đã nhập 2 chỉ tiêu" in page
    assert "Tải tệp đã điền lên dưới đây; số liệu sẽ được đưa vào báo cáo đang soạn của đơn vị." in page
    assert "Mở báo cáo để soạn tiếp" in page and 'type="file"' in page


def test_upload_into_a_report_not_started_makes_it_a_draft(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    c = client_as(personas.leader)
    wb = download_form(c, sub)
    wb.active["E7"] = 5
    assert upload(c, sub, to_bytes(wb)).status_code == 302
    sub.refresh_from_db()
    assert sub.state == S.DRAFT and values_of(sub)["Số cuộc"] == Decimal(5)


@pytest.fixture
def filled(issued_plan, personas, client_as):
    """The officer's form with good values; the report already holds 2 meetings."""
    sub = issued_plan.sub_a1
    set_state(sub, S.DRAFT, values={issued_plan.indicators.meetings: 2})
    c = client_as(personas.officer)
    wb = download_form(c, sub)
    wb.active["E7"], wb.active["E8"] = 10, 100
    return c, sub, wb


def refused(c, sub, data, *expected):
    response = upload(c, sub, data)
    assert response.status_code == 200
    errors = [(e.address, e.message) for e in response.context["errors"]]
    html = response.content.decode()
    assert "không số liệu nào bị thay đổi" in html
    for address, words in expected:
        assert any(a == address and words in m for a, m in errors), (address, words, errors)
    assert values_of(sub) == {"Số cuộc": Decimal(2)}  # nothing changed
    return errors


def test_every_wrong_cell_is_listed_and_nothing_is_imported(filled):
    c, sub, wb = filled
    ws = wb.active
    ws["E7"] = "mười"
    ws["E8"] = -3
    errors = refused(c, sub, to_bytes(wb), ("E7", "có chữ"), ("E8", "không được là số âm"))
    assert len(errors) == 2


def test_formula_is_refused(filled):
    c, sub, wb = filled
    wb.active["E8"] = "=E7*10"
    refused(c, sub, to_bytes(wb), ("E8", "công thức"))


def test_fraction_in_a_whole_number_indicator_is_refused(filled):
    c, sub, wb = filled
    wb.active["E7"] = 2.5
    refused(c, sub, to_bytes(wb), ("E7", "số nguyên"))


def test_moved_columns_are_detected(filled):
    c, sub, wb = filled
    wb.active.insert_cols(3)
    refused(c, sub, to_bytes(wb), ("C6", "tiêu đề cột"))


def test_extra_sheet_is_refused(filled):
    c, sub, wb = filled
    wb.create_sheet("Ghi chú")
    refused(c, sub, to_bytes(wb), ("", "2 trang tính"))


def test_another_committees_name_is_refused(filled):
    c, sub, wb = filled
    wb.active["B3"] = "Ủy ban MTTQ Phường A2"
    refused(c, sub, to_bytes(wb), ("B3", "không phải đơn vị của bạn"))


def test_another_committees_form_is_refused(issued_plan, personas, client_as, filled):
    c, sub, _wb = filled
    other = download_form(client_as(personas.other_ward_officer), issued_plan.sub_a2)
    other.active["E7"] = 9
    refused(c, sub, to_bytes(other), ("", "đơn vị khác (Ủy ban MTTQ Phường A2)"))


def test_form_without_its_key_is_refused(filled):
    c, sub, wb = filled
    wb.active["F1"] = "abc"
    refused(c, sub, to_bytes(wb), ("F1", "mã biểu mẫu"))


def test_not_an_xlsx_password_protected_and_huge_files_are_refused(filled):
    c, sub, _wb = filled
    refused(c, sub, b"Day khong phai Excel", ("", "không phải bảng tính Excel"))
    refused(c, sub, ENCRYPTED_OFFICE, ("", "Tệp có mật khẩu"))
    refused(c, sub, OLD_DOC, ("", "định dạng cũ (.xls)"))
    refused(c, sub, b"PK\x03\x04" + b"\0" * (excel.FORM_MAX_BYTES + 10), ("", "quá lớn"))
    # A zip that unpacks to far more than a form.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<a/>" + b" " * (excel.FORM_MAX_UNZIPPED + 1))
    refused(c, sub, buffer.getvalue(), ("", "giải nén"))
    # A zip that is not a workbook.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    refused(c, sub, buffer.getvalue(), ("", "không phải bảng tính Excel"))


def test_submitted_report_takes_no_values(filled):
    c, sub, wb = filled
    Submission.objects.filter(pk=sub.pk).update(state=S.SUBMITTED)
    response = upload(c, sub, to_bytes(wb))
    assert "đã nộp hoặc đã được tiếp nhận" in response.content.decode()
    assert values_of(sub) == {"Số cuộc": Decimal(2)}
    # The page says so and offers no way to keep writing into it.
    page = c.get(reverse("reports-indicator-form-upload", args=[sub.pk])).content.decode()
    assert "Báo cáo này đã được nộp nên không nhận thêm số liệu từ biểu mẫu nữa." in page
    assert "Mở báo cáo để soạn tiếp" not in page and 'type="file"' not in page
    assert "Xem báo cáo đã nộp" in page and reverse("reports-submission-detail", args=[sub.pk]) in page


def test_data_outside_the_form_is_refused(filled):
    c, sub, wb = filled
    wb.active["E12"] = 7
    refused(c, sub, to_bytes(wb), ("E12", "ngoài biểu mẫu"))


def test_missing_file_keeps_the_page(filled):
    c, sub, _wb = filled
    response = c.post(reverse("reports-indicator-form-upload", args=[sub.pk]), {})
    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_a_form_with_a_part_that_inflates_far_is_refused_like_any_office_upload(filled):
    # The Excel form used to check only the total size of its zip, not the compression ratio of
    # each part (lib.uploads.check_archive, shared with attachments and Word imports).
    c, sub, wb = filled
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(to_bytes(wb))) as original, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for info in original.infolist():
            z.writestr(info, original.read(info.filename))
        z.writestr("docProps/padding.xml", b" " * (2 * 1024 * 1024))
    refused(c, sub, buffer.getvalue(), ("", "giải nén"))


def test_merged_value_cells_are_refused_with_the_range_named(filled):
    c, sub, wb = filled
    wb.active["E7"] = 1357
    wb.active.protection.sheet = False
    wb.active.merge_cells("E7:E8")  # the second indicator's value would silently disappear
    refused(c, sub, to_bytes(wb), ("E7:E8", "các ô đã bị gộp (merge)"))


def test_rows_added_far_below_the_form_are_listed_fifty_at_most_and_counted(filled):
    c, sub, wb = filled
    ws = wb.active
    ws.protection.sheet = False
    for row in range(20, 5020):  # 5.000 extra rows, one value each
        ws.cell(row=row, column=1, value=row)
    response = upload(c, sub, to_bytes(wb))
    errors = response.context["errors"]
    assert len(errors) == excel.FORM_MAX_ERRORS
    assert response.context["more_errors"] == 5000 - excel.FORM_MAX_ERRORS
    assert "và 4.950 lỗi khác" in response.content.decode()
    assert values_of(sub) == {"Số cuộc": Decimal(2)}


def test_a_sheet_that_unpacks_far_beyond_a_form_is_refused_before_it_is_read(filled):
    c, sub, wb = filled
    ws = wb.active
    ws.protection.sheet = False
    for row in range(20, 100_020):  # 100.000 extra rows: megabytes of XML, still under 1 MB zipped
        ws.cell(row=row, column=1, value=1)
    data = to_bytes(wb)
    assert len(data) < excel.FORM_MAX_BYTES
    refused(c, sub, data, ("", "lớn bất thường khi giải nén"))
