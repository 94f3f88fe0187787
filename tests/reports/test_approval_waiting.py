"""Where a report approved level by level waits, shown beyond the plan's dashboard: a column of the
status Excel export (read back with openpyxl; its query count does not grow with the reports), the
officer's lists (home, "Báo cáo của đơn vị") and the report's own page."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.reports.test_approval_levels import approve_both, chained, decide, fill_and_submit  # noqa: F401

pytestmark = pytest.mark.django_db


def status_sheet(client, plan):
    response = client.get(reverse("reports-dashboard-status-xlsx", args=[plan.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def column(ws, label):
    header = [c.value for c in ws[4]]
    col = header.index(label) + 1
    rows = {}
    for r in range(5, ws.max_row + 1):
        if ws.cell(r, 1).value == "Tổng cộng":
            break
        rows[ws.cell(r, 2).value] = ws.cell(r, col).value
    return rows


def test_status_export_has_the_level_each_report_waits_for(chained, personas, client_as):  # noqa: F811
    client = client_as(personas.reviewer)
    status_sheet(client, chained.plan)  # warm caches (sessions, translations)
    with CaptureQueriesContext(connection) as before:
        ws = status_sheet(client, chained.plan)
    assert set(column(ws, "Cấp phê duyệt").values()) == {None}

    fill_and_submit(chained, chained.sub_a1, personas.officer)  # waits for the city (district level)
    fill_and_submit(chained, chained.sub_a2, personas.other_ward_officer)
    decide(chained.sub_a2, personas.reviewer)  # waits for the province
    fill_and_submit(chained, chained.sub_org, personas.org_officer)
    approve_both(chained, chained.sub_org, personas)  # accepted
    with CaptureQueriesContext(connection) as after:
        ws = status_sheet(client, chained.plan)
    assert len(after) == len(before)
    assert column(ws, "Cấp phê duyệt") == {
        "Ủy ban MTTQ Phường A1": "Chờ cấp huyện duyệt",
        "Ủy ban MTTQ Phường A2": "Chờ cấp tỉnh duyệt",
        "Hội Nông dân thành phố A": "Đã duyệt đủ các cấp",
    }


def test_status_export_of_a_duty_without_levels_has_no_such_column(issued_plan, personas, client_as):
    ws = status_sheet(client_as(personas.reviewer), issued_plan.plan)
    header = [c.value for c in ws[4] if c.value]
    assert header[-1] == "Người xem xét" and "Cấp phê duyệt" not in header


@pytest.mark.parametrize("name", ["home", "reports-my-reports"])
def test_officer_lists_show_the_level_the_report_waits_for(chained, personas, client_as, name):  # noqa: F811
    url = reverse(name)
    client = client_as(personas.officer)
    assert 'data-waiting="' not in client.get(url).content.decode()  # not submitted: no level yet

    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    html = client.get(url).content.decode()
    assert html.count('data-waiting="district"') == 1 and "Chờ cấp huyện duyệt" in html
    # Another ward's officer sees nothing of A1's report.
    assert 'data-waiting="' not in client_as(personas.other_ward_officer).get(url).content.decode()

    decide(sub, personas.reviewer)
    html = client.get(url).content.decode()
    assert 'data-waiting="district"' not in html and html.count('data-waiting="province"') == 1
    assert "Chờ cấp tỉnh duyệt" in html

    decide(sub, chained.province_reviewer)  # accepted: it waits for no level
    assert 'data-waiting="' not in client.get(url).content.decode()


def test_report_page_says_the_report_is_not_accepted_while_a_level_decides(chained, personas, client_as):  # noqa: F811
    sub = fill_and_submit(chained, chained.sub_a1, personas.officer)
    html = client_as(personas.officer).get(reverse("reports-submission-detail", args=[sub.pk])).content.decode()
    assert 'data-waiting="district"' in html and "Báo cáo chưa được tiếp nhận cho đến khi" in html
