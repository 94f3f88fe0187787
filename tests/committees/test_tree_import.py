"""A province's reform from a spreadsheet (committees.reorg.importer, import_committee_tree):
applied whole, or refused row by row with the reason and nothing written."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from committees.models import Committee, Membership, Reorganisation, Succession
from committees.reorg.importer import COLUMNS, TreeImportRejected, tree_import

HEADER = [label for _key, label in COLUMNS]


def sheet(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(
    old,
    new,
    name="",
    parent="",
    level="",
    effective="01/07/2025",
    number="45/QĐ-MTTQ",
    date="20/06/2025",
    body="Ban Thường trực tỉnh",
):
    return [old, new, name, parent, level, effective, number, date, body]


def test_a_reform_is_applied_whole(tree, personas):
    data = sheet(
        [
            row("tp-a-p1", "p-hoa-an", "Ủy ban MTTQ Phường Hòa An", "tp-a", "Phường"),
            row("tp-a-p2", "p-hoa-an", "Ủy ban MTTQ Phường Hòa An", "tp-a", "Phường"),
            row("tp-b-p1", "tp-b-p1", "Ủy ban MTTQ Phường Bình Minh", "tp-a", effective=datetime.date(2025, 7, 1)),
        ]
    )
    result = tree_import(data=data)
    assert [r.kind for r in result.reorganisations] == ["merge", "rename", "move"]
    new = Committee.objects.get(code="p-hoa-an")
    assert new.parent_id == tree.city_a.pk and new.active_from == datetime.date(2025, 7, 1)
    assert set(Succession.objects.filter(successor=new).values_list("predecessor__code", flat=True)) == {
        "tp-a-p1",
        "tp-a-p2",
    }
    b1 = Committee.objects.get(code="tp-b-p1")
    assert b1.name == "Ủy ban MTTQ Phường Bình Minh" and b1.parent_id == tree.city_a.pk
    assert Membership.objects.filter(committee=new, user=personas.officer).exists()


def test_bad_rows_are_refused_each_with_its_reason_and_nothing_is_written(tree):
    data = sheet(
        [
            row("tp-a-p1", "p-moi", "Phường Mới", "tp-a"),
            row("khong-co", "p-moi", "Phường Mới", "tp-a"),
            row("tp-a-p2", "p-x", "", "tp-a"),
            row("tp-b-p1", "tp-b-p1", "B1", "ma-la", effective="31/02/2025", number=""),
        ]
    )
    with pytest.raises(TreeImportRejected) as refused:
        tree_import(data=data)
    lines = [str(e) for e in refused.value.errors]
    assert "Dòng 3: không có ủy ban mã “khong-co”" in lines
    assert "Dòng 4: mã mới “p-x” là đơn vị mới: cần ghi tên mới" in lines
    assert any(line.startswith("Dòng 5: không có ủy ban cấp trên mã “ma-la”") for line in lines)
    assert any(line.startswith("Dòng 5: ngày hiệu lực") and "không có thật" in line for line in lines)
    assert "Dòng 5: chưa ghi số quyết định" in lines
    assert not Reorganisation.objects.exists() and not Committee.objects.filter(code="p-moi").exists()


def test_a_service_refusal_is_reported_against_its_row_and_undoes_the_file(issued_plan, tree):
    during_round = {"effective": "01/06/2022", "date": "20/05/2022"}  # the round's deadline: 14/06/2022
    data = sheet([row("tp-a-p1", "tp-a-p1", "Phường Một Mới", **during_round), row("tp-a-p2", "", **during_round)])
    with pytest.raises(TreeImportRejected) as refused:
        tree_import(data=data, people="pending")
    assert any(str(e).startswith("Dòng 3:") and "đơn vị kế tục" in str(e) for e in refused.value.errors)
    assert not Reorganisation.objects.exists()
    assert Committee.objects.get(code="tp-a-p1").name == "Ủy ban MTTQ Phường A1"


def test_missing_columns_and_wrong_files_are_refused(tree):
    wb = Workbook()
    wb.active.append(["Mã cũ", "Tên mới"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(TreeImportRejected) as refused:
        tree_import(data=out.getvalue())
    assert "thiếu cột" in str(refused.value) and "Ngày hiệu lực" in str(refused.value)
    with pytest.raises(TreeImportRejected) as refused:
        tree_import(data=b"not a spreadsheet")
    assert "không phải bảng tính" in str(refused.value)


def test_command_prints_rows_or_refuses(tree, tmp_path, personas):
    path = tmp_path / "reform.xlsx"
    path.write_bytes(sheet([row("tp-a-p1", "tp-a-p1", "Phường Một Mới")]))
    out = io.StringIO()
    call_command("import_committee_tree", str(path), "--by", "btt_a", "--dry-run", stdout=out)
    assert "Đổi tên" in out.getvalue() and not Reorganisation.objects.exists()
    call_command("import_committee_tree", str(path), "--by", "btt_a", stdout=io.StringIO())
    assert Reorganisation.objects.get().created_by == personas.reviewer
    path.write_bytes(sheet([row("khong-co", "x", "X")]))
    with pytest.raises(CommandError, match="Dòng 2"):
        call_command("import_committee_tree", str(path))


# --- the page for the portal's administrators ------------------------------------------------------
def test_import_page_checks_then_applies_for_the_administrator(tree, client_as):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    admin = get_user_model().objects.create_superuser("quantri", "qt@mttq.example", "x")
    url = reverse("committees-tree-import")
    data = sheet([row("tp-a-p1", "tp-a-p1", "Phường Một Mới")])
    upload = lambda: SimpleUploadedFile("reform.xlsx", data)  # noqa: E731
    checked = client_as(admin).post(url, {"file": upload(), "people": "move", "dry_run": "on"})
    assert checked.status_code == 200 and "Bảng tính hợp lệ" in checked.content.decode()
    assert not Reorganisation.objects.exists()
    applied = client_as(admin).post(url, {"file": upload(), "people": "move"})
    assert "Đã ghi các lần sắp xếp" in applied.content.decode()
    assert Committee.objects.get(code="tp-a-p1").name == "Phường Một Mới"
    bad = SimpleUploadedFile("reform.xlsx", sheet([row("khong-co", "x", "X")]))
    refused = client_as(admin).post(url, {"file": bad, "people": "pending"}).content.decode()
    assert "Dòng 2: không có ủy ban mã “khong-co”" in refused
    assert '<option value="pending" selected>' in refused  # the choice made is kept


def test_import_page_is_the_administrators_only(tree, personas, client_as):
    from django.urls import reverse

    url = reverse("committees-tree-import")
    for user in (personas.reviewer, personas.officer, personas.other_city_reviewer, personas.other_ward_officer):
        assert client_as(user).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302
