"""The personnel short list: row checks, shares computed from rows (one aggregate query) against
the round's targets, Excel in (all or nothing, cell by cell) and out, Word out."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from congresses.models import Nominee
from congresses.shortlist import services
from congresses.shortlist.excel import HEADER_ROW, ShortlistRejected, headers, shortlist_read, shortlist_workbook
from congresses.shortlist.selectors import shares

ROW = {
    "full_name": "Nguyễn Thị Hồng",
    "birth_date": "12/05/1975",
    "gender": "Nữ",
    "ethnicity": "Kinh",
    "religion": "Không",
    "home_town": "Sóc Trăng",
    "education": "Cử nhân Luật",
    "profession": "Công chức",
    "political_theory": "Trung cấp",
    "party_joined_on": "03/02/2000",
    "current_position": "Chủ tịch Ủy ban MTTQ phường",
    "group": "Cán bộ chuyên trách",
    "reelected": "Tái cử",
    "proposed_post": "Chủ tịch",
}


def add(congress, **changes):
    return services.nominee_save(congress=congress, raw={**ROW, **changes})


@pytest.fixture
def congress(pilot):
    pilot.starts_on = datetime.date(2024, 1, 5)
    pilot.save()
    return pilot


def test_a_row_is_stored_with_typed_values(congress):
    n = add(congress)
    assert n.birth_date == datetime.date(1975, 5, 12) and n.gender == "female" and n.reelected
    assert n.group == Nominee.Group.FULL_TIME and n.proposed_post == Nominee.Post.CHAIR


@pytest.mark.parametrize(
    "field,value,word",
    [
        ("birth_date", "31/02/1975", "không có thật"),
        ("birth_date", "1975-05-12x", "dd/mm/yyyy"),
        ("birth_date", "01/01/2015", "tuổi"),
        ("ethnicity", "Kinh tế", "54 dân tộc"),
        ("gender", "Khác", "Nam/Nữ"),
        ("religion", "Đạo lạ", "tôn giáo"),
        ("group", "Nghệ sĩ", "cơ cấu"),
        ("party_joined_on", "01/01/1980", "18 tuổi"),
        ("proposed_post", "Tổng thư ký", "Ủy viên"),
    ],
)
def test_impossible_or_unknown_values_are_refused_with_the_reason(congress, field, value, word):
    with pytest.raises(ValidationError) as exc:
        add(congress, **{field: value})
    assert word in " ".join(exc.value.message_dict[field])
    assert not Nominee.objects.exists()


def test_values_match_across_spellings(congress):
    n = add(congress, religion="phật giáo hoà hảo", ethnicity="KHMER", political_theory="cao cấp")
    assert (n.religion, n.ethnicity, n.political_theory) == ("Phật giáo Hòa Hảo", "Khmer", "Cao cấp")


def test_shares_are_computed_from_rows_in_one_query_against_targets(congress):
    add(congress)  # woman, Kinh, party, re-elected, 48
    add(
        congress,
        full_name="Thạch Sô Phol",
        gender="Nam",
        ethnicity="Khmer",
        religion="Phật giáo",
        party_joined_on="Không",
        reelected="Mới",
        birth_date="06/01/1990",
    )  # 33 on 05/01/2024 (birthday the day after)
    add(
        congress, full_name="Lý Văn Tư", gender="Nam", party_joined_on="", reelected="Mới", birth_date="05/01/1954"
    )  # 70 that day
    add(congress, full_name="Trần Văn Năm", gender="Nam", birth_date="06/01/1954")  # 69
    with CaptureQueriesContext(connection) as ctx:
        total, lines = shares(congress)
    assert len(ctx.captured_queries) == 2  # the counts, the targets
    by = {line.share: line for line in lines}
    assert total == 4
    assert (by["women"].count, by["minority"].count, by["religious"].count) == (1, 1, 1)
    assert by["non_party"].count == 2 and str(by["non_party"].percent) == "50.0"
    assert by["non_party"].status == "high"  # target 25-30%
    assert (by["reelected"].count, by["new"].count) == (2, 2)
    assert (by["under_35"].count, by["over_70"].count) == (1, 1)


def test_age_is_counted_on_the_congress_date(congress):
    add(congress, birth_date="06/01/1989", party_joined_on="Không")
    assert {line.share: line.count for line in shares(congress)[1]}["under_35"] == 1
    congress.starts_on = datetime.date(2024, 1, 6)
    congress.save()
    assert {line.share: line.count for line in shares(congress)[1]}["under_35"] == 0


def test_excel_round_trip(congress):
    add(congress)
    add(congress, full_name="Thạch Sô Phol", gender="Nam", ethnicity="Khmer", party_joined_on="Không")
    data = shortlist_workbook(congress=congress, nominees=Nominee.objects.filter(congress=congress))
    rows = shortlist_read(congress=congress, data=data)
    assert [r["full_name"] for r in rows] == ["Nguyễn Thị Hồng", "Thạch Sô Phol"]
    assert rows[1]["party_joined_on"] is None
    assert services.shortlist_replace(congress=congress, rows=rows) == 2


def _sheet(rows, header=None):
    wb = Workbook()
    ws = wb.active
    for col, label in enumerate(header or headers(), start=1):
        ws.cell(HEADER_ROW, col, label)
    for r, row in enumerate(rows, start=HEADER_ROW + 1):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row(**changes):
    values = {**ROW, **changes}
    return [1] + [values[f] for f in ROW]


def test_excel_with_bad_cells_is_refused_cell_by_cell_and_nothing_is_imported(congress):
    add(congress)
    data = _sheet([_row(), _row(birth_date="30/02/1980"), _row(ethnicity="Không rõ", group="?")])
    with pytest.raises(ShortlistRejected) as exc:
        shortlist_read(congress=congress, data=data)
    addresses = {e.address for e in exc.value.errors}
    assert addresses == {"C6", "E7", "M7"}
    assert Nominee.objects.filter(congress=congress).count() == 1  # the list kept as it was


def test_excel_of_another_layout_is_refused(congress):
    data = _sheet([_row()], header=["STT", "Họ tên", "Năm sinh"])
    with pytest.raises(ShortlistRejected) as exc:
        shortlist_read(congress=congress, data=data)
    assert "không đúng mẫu" in exc.value.errors[0].message
    with pytest.raises(ShortlistRejected):
        shortlist_read(congress=congress, data=b"not a spreadsheet")


def test_excel_date_cells_are_read(congress):
    data = _sheet([_row(birth_date=datetime.datetime(1980, 3, 4))])
    assert shortlist_read(congress=congress, data=data)[0]["birth_date"] == datetime.date(1980, 3, 4)


def test_pages_and_downloads(congress, st, client_as):
    add(congress)
    officer = client_as(st.officer)
    page = officer.get(f"/dai-hoi/don-vi/{congress.pk}/trich-ngang/")
    assert page.status_code == 200 and "Nguyễn Thị Hồng" in page.content.decode()
    xlsx = officer.get(f"/dai-hoi/don-vi/{congress.pk}/trich-ngang.xlsx")
    assert load_workbook(io.BytesIO(xlsx.content)).active.cell(HEADER_ROW + 1, 2).value == "Nguyễn Thị Hồng"
    docx = officer.get(f"/dai-hoi/don-vi/{congress.pk}/trich-ngang.docx")
    from docx import Document

    table = Document(io.BytesIO(docx.content)).tables[-1]
    assert [c.text for c in table.rows[0].cells][:3] == ["STT", "Họ và tên", "Ngày sinh"]
    assert table.rows[1].cells[1].text == "Nguyễn Thị Hồng" and table.rows[1].cells[2].text == "12/05/1975"
    bad = officer.post(f"/dai-hoi/don-vi/{congress.pk}/trich-ngang/", {**ROW, "birth_date": "31/02/1975"})
    assert (
        bad.status_code == 400 and "không có thật" in bad.content.decode() and "Nguyễn Thị Hồng" in bad.content.decode()
    )
    upload = officer.post(
        f"/dai-hoi/don-vi/{congress.pk}/trich-ngang/tai-len/",
        {"file": io.BytesIO(_sheet([_row(birth_date="30/02/1980")]))},
    )
    assert upload.status_code == 400 and "C5" in upload.content.decode()


def test_access_to_the_short_list(congress, st, client_as):
    url = f"/dai-hoi/don-vi/{congress.pk}/trich-ngang/"
    assert client_as(st.other_officer).get(url).status_code == 404
    assert client_as(st.other_province_btt).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302
    assert client_as(st.province_btt).get(url).status_code == 200
    # a level above reads but does not write
    assert client_as(st.city_btt).post(url, ROW).status_code == 404
    assert client_as(st.other_officer).get(f"/dai-hoi/don-vi/{congress.pk}/trich-ngang.xlsx").status_code == 404


def test_shares_read_in_vietnamese_form_on_the_pages(congress, st, client_as):
    # 3 women of 8: 37,5 % (comma, a space before %), against the 2024 target "≥ 25 %"
    for i in range(8):
        add(congress, full_name=f"Nguyễn Văn Số{i}", gender="Nữ" if i < 3 else "Nam")
    officer = client_as(st.officer)
    page = officer.get(f"/dai-hoi/don-vi/{congress.pk}/trich-ngang/").content.decode()
    assert "37,5&nbsp;%" in page and "≥ 25&nbsp;%" in page and "37,5%" not in page
    page = officer.get(f"/dai-hoi/don-vi/{congress.pk}/").content.decode()
    summary = page.split('id="shortlist"')[1].split("</p>")[0]
    assert "Phụ nữ 37,5&nbsp;%" in summary
    assert not summary.rstrip().endswith(";")  # no separator after the last share with a target
    assert "thấp hơn chỉ tiêu" in summary  # all are Party members: outside the Party 0 % < 25 %
