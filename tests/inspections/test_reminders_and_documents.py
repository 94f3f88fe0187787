"""The reminder provider (only units with missing items), the documents, the import and the command."""

import io
import zipfile
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from docx import Document
from openpyxl import Workbook, load_workbook

from inspections.dossiers import documents as dossier_docs
from inspections.dossiers import services as dossier
from inspections.models import Criterion
from inspections.reminders import open_inspection_duties
from inspections.results import documents
from inspections.setup import documents as setup_docs
from inspections.setup import services as setup
from inspections.setup.importer import TableImportError, read_table
from reminders.registry import open_duties
from tests.conftest import local_dt

from .test_scoring_services import PDF, fill_all

BEFORE = local_dt(2023, 10, 5, 9, 0)


@time_machine.travel(BEFORE, tick=False)
def test_reminders_go_only_to_units_with_missing_items(rnd, personas):
    fill_all(rnd.a1, personas.officer)
    dossier.dossier_submit(unit=rnd.a1, by=personas.officer)
    c = Criterion.objects.filter(group__round=rnd.round, kind="regular").first()
    dossier.scores_save(unit=rnd.a2, source="self", by=personas.other_ward_officer, entries={c.pk: dossier.Entry(points="1")})
    duties = {d.committee: d for d in open_inspection_duties()}
    assert rnd.a1.committee not in duties
    assert set(duties) == {rnd.a2.committee, rnd.a3.committee, rnd.a4.committee}
    a2 = duties[rnd.a2.committee]
    assert a2.deadline == local_dt(2023, 10, 11, 23, 59, 59) and a2.note == "Còn thiếu: 14 tiêu chí chưa chấm điểm; 8 tiêu chí chưa có minh chứng bắt buộc."
    assert "canbo_a2@mttq.example" in a2.addresses and a2.standing_committee == rnd.round.committee
    assert {d.key for d in open_duties(scope_key=f"inspection:{rnd.round.pk}")} == {d.key for d in duties.values()}


@time_machine.travel(BEFORE, tick=False)
def test_evidence_zip_is_ordered_by_the_table(rnd, personas):
    fill_all(rnd.a1, personas.officer)
    names = zipfile.ZipFile(io.BytesIO(dossier_docs.evidence_zip(rnd.a1))).namelist()
    assert names[0].startswith("01 I.1 ") and names == sorted(names) and len(names) == 8


@time_machine.travel(BEFORE, tick=False)
def test_report_docx_holds_the_four_parts_and_the_total(rnd, personas):
    fill_all(rnd.a1, personas.officer)
    dossier.report_save(unit=rnd.a1, by=personas.officer, results="Kết quả A", models="Mô hình B", difficulties="Khó C", proposals="Đề xuất D")
    text = "\n".join(p.text for p in Document(io.BytesIO(dossier_docs.report_docx(rnd.a1))).paragraphs)
    for part in ("Kết quả A", "Mô hình B", "Khó C", "Đề xuất D", "1. Kết quả nổi bật", "4. Đề xuất, kiến nghị"):
        assert part in text


def test_schedule_ics_has_two_sessions_a_day_in_utc(rnd):
    ics = setup_docs.schedule_ics(rnd.round)
    assert ics.count("BEGIN:VEVENT") == 2
    assert "DTSTART:20231017T003000Z" in ics and "DTEND:20231017T100000Z" in ics  # 07:30 and 17:00 local
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_schedule_docx_lists_days_units_and_agenda(rnd):
    doc = Document(io.BytesIO(setup_docs.schedule_docx(rnd.round)))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Ngày 17/10/2023" in text and "Phường Hoà Hương" in text and "+ 08:00 – 08:30" in text


@time_machine.travel(BEFORE, tick=False)
def test_results_excel_and_command_print_every_column(rnd, personas, tmp_path, capsys):
    for unit in (rnd.a1, rnd.a2, rnd.a3, rnd.a4):
        fill_all(unit, personas.reviewer, source="team", evidence=False)
    fill_all(rnd.a1, personas.officer, source="self", evidence=False)
    ws = load_workbook(io.BytesIO(documents.results_xlsx(rnd.round))).active
    assert [c.value for c in ws[4]][:6] == ["Hạng", "Đơn vị", "Ngày kiểm tra", "Tự chấm", "Chấm chéo", "Đơn vị chấm chéo"]
    assert ws["J5"].value == 100 and ws["K5"].value == "Hoàn thành xuất sắc nhiệm vụ"
    assert ws["J5"].number_format == "General"  # "100", not "100,00"
    out = tmp_path / "kq.xlsx"
    call_command("inspection_results", str(rnd.round.pk), "--xlsx", str(out))
    printed = capsys.readouterr().out
    assert "  1  Phường A1  tự chấm 100  chấm chéo – (Phường A4)  tổ 100  thưởng 0  trừ 0  cuối cùng 100  Hoàn thành xuất sắc nhiệm vụ" in printed
    assert "Khi bằng điểm: đơn vị ít điểm trừ hơn xếp trên" in printed and out.exists()


def test_conclusion_docx_is_signed_by_the_standing_committee(rnd, personas):
    setup.round_update(round=rnd.round, by=personas.reviewer, signer_name="Nguyễn Ba")
    doc = Document(io.BytesIO(documents.conclusion_docx(rnd.round)))
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "TM. BAN THƯỜNG TRỰC" in cells and "Nguyễn Ba" in cells and "THÔNG BÁO KẾT LUẬN" in "\n".join(p.text for p in doc.paragraphs)


def _header_cells(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "\n".join(c.text for c in doc.tables[0].rows[0].cells)


def test_every_document_leaves_room_for_its_number(rnd, personas):
    """Decree 30: "Số:      /TB-MTTQ-BTT" until the clerk writes the number, never "Số: TB-MTTQ-BTT"."""
    import re

    for data, symbol in [(documents.conclusion_docx(rnd.round), "TB-MTTQ-BTT"),
                         (setup_docs.schedule_docx(rnd.round), "LKT-MTTQ-BTT"),
                         (dossier_docs.report_docx(rnd.a1), "BC-MTTQ-BTT")]:
        header = _header_cells(data)
        assert re.search(rf"Số: +/{symbol}", header), header


def test_conclusion_names_the_plan_by_its_number_or_not_at_all(rnd, personas):
    from plans.models import Plan

    plan = Plan.objects.create(committee=rnd.round.committee, kind=Plan.Kind.INTERIM_REVIEW, year=2023, place="A",
                               title="Kiểm tra công tác Mặt trận năm 2023", created_by=personas.reviewer)
    setup.round_update(round=rnd.round, by=personas.reviewer, plan=plan)
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.conclusion_docx(rnd.round))).paragraphs)
    assert "Kế hoạch số /" not in text and "Thực hiện kế hoạch kiểm tra của Ban Thường trực" in text
    assert "của 4 đơn vị ngày 17/10/2023." in text  # one day: not "từ ngày 17/10/2023 đến ngày 17/10/2023"
    Plan.objects.filter(pk=plan.pk).update(number=7, state=Plan.State.ISSUED)
    rnd.round.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.conclusion_docx(rnd.round))).paragraphs)
    assert f"Thực hiện Kế hoạch số 07/{plan.symbol} của Ban Thường trực" in text


def _xlsx(rows):
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    stream = io.BytesIO()
    wb.save(stream)
    return SimpleUploadedFile("bang-diem.xlsx", stream.getvalue())


def test_import_table_from_excel(rnd, personas):
    table = read_table(_xlsx([
        ["TT", "Nội dung", "Điểm tối đa", "Loại", "Minh chứng", "Hướng dẫn"],
        ["I", "Công tác tuyên truyền", None, None, None, None],
        ["1", "Nắm tình hình nhân dân", "8,5", None, "x", "Đủ báo cáo"],
        ["II", "Điểm thưởng", None, None, None, None],
        ["1", "Mô hình mới", 5, "thưởng", None, None],
    ]))
    setup.table_replace(round=rnd.round, by=personas.reviewer, table=table)
    crits = list(Criterion.objects.filter(group__round=rnd.round).order_by("group__position", "position"))
    assert [(c.code, c.max_points, c.kind, c.evidence_required) for c in crits] == [("I.1", D("8.5"), "regular", True), ("II.1", D(5), "bonus", False)]


def test_import_reports_every_bad_cell_and_imports_nothing(rnd):
    with pytest.raises(TableImportError) as exc:
        read_table(_xlsx([["I", "Nhóm", None], ["1", "Tiêu chí", "tám"], ["2", "", "5"], ["3", "Âm", "-2"]]))
    assert exc.value.problems == [
        'ô C2: "tám" không phải là số điểm.', "ô B3: thiếu nội dung tiêu chí.", 'ô C4: tiêu chí "Âm" cần điểm tối đa lớn hơn 0.']


def test_import_refuses_a_maximum_too_large_to_store(rnd):
    with pytest.raises(TableImportError) as exc:
        read_table(_xlsx([["I", "Nhóm", None], ["1", "Tiêu chí", "1" + "0" * 30]]))
    assert exc.value.problems == ['ô C2: tiêu chí "Tiêu chí" cần điểm tối đa dưới 100.000.']


def test_import_table_from_word(rnd, personas):
    doc = Document()
    t = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([["I", "Nhóm một", ""], ["1", "Tiêu chí một", "10"], ["2", "Điểm trừ: báo cáo chậm", "3"]]):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    stream = io.BytesIO()
    doc.save(stream)
    table = read_table(SimpleUploadedFile("bd.docx", stream.getvalue()))
    assert table[0][2][1][2] == "deduction" and table[0][2][0][3] == D(10)


@time_machine.travel(BEFORE, tick=False)
def test_table_cannot_be_replaced_once_scored_and_copy_keeps_everything(rnd, personas):
    fill_all(rnd.a1, personas.officer, evidence=False)
    with pytest.raises(ValidationError):
        setup.table_replace(round=rnd.round, by=personas.reviewer, table=[])
    nxt = setup.round_create(committee=rnd.round.committee, by=personas.reviewer, title="Năm 2024", year=2024, copy_from=rnd.round)
    assert nxt.groups.count() == rnd.round.groups.count() == 8
    assert list(nxt.bands.values_list("label", "min_score", "strong")) == list(rnd.round.bands.values_list("label", "min_score", "strong"))
    assert nxt.vetoes.filter(cap_band__label="Hoàn thành tốt nhiệm vụ").exists()


def test_band_thresholds_must_fall_and_end_at_zero(rnd, personas):
    bands = list(rnd.round.bands.all())
    rows = [{"band": b, "label": b.label, "min_score": b.min_score, "strong": b.strong} for b in bands]
    rows[1]["min_score"] = D(95)
    with pytest.raises(ValidationError):
        setup.bands_save(round=rnd.round, by=personas.reviewer, rows=rows)
    rows[1]["min_score"], rows[3]["min_score"] = D(70), D(10)
    with pytest.raises(ValidationError):
        setup.bands_save(round=rnd.round, by=personas.reviewer, rows=rows)


def test_vung_manh_preset_marks_only_vung_manh_strong(rnd, personas):
    setup.bands_apply_preset(round=rnd.round, preset="vung_manh")
    assert list(rnd.round.bands.values_list("label", "strong")) == [("Vững mạnh", True), ("Khá", False), ("Trung bình", False), ("Yếu", False)]
    setup.bands_apply_preset(round=rnd.round, preset="nhiem_vu")
    assert [b.label for b in rnd.round.bands.filter(strong=True)] == ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"]


def test_a_unit_inspected_twice_is_named_with_both_inspectors(rnd, personas):
    a1, a2, a3, a4 = rnd.a1, rnd.a2, rnd.a3, rnd.a4
    with pytest.raises(ValidationError) as exc:
        setup.pairs_set(day=rnd.day, by=personas.reviewer, pairs={a1: a3, a2: a3, a3: a4, a4: a1})
    assert exc.value.messages == [f"{a3.name} bị hai đơn vị cùng kiểm tra chéo: {a1.name} và {a2.name}."]


def test_pairs_need_three_units_a_day(rnd, personas):
    import datetime

    day = setup.day_save(round=rnd.round, by=personas.reviewer, date=datetime.date(2023, 10, 19))
    setup.units_set(day=day, by=personas.reviewer, committees=[rnd.ward_a3, rnd.ward_a4])
    with pytest.raises(ValidationError) as exc:
        setup.pairs_generate(day=day, by=personas.reviewer)
    assert "cần ít nhất 3 đơn vị" in exc.value.messages[0]


def test_units_outside_the_city_are_refused(rnd, personas, tree):
    with pytest.raises(ValidationError):
        setup.units_set(day=rnd.day, by=personas.reviewer, committees=[tree.ward_b1])


def test_pdf_fixture_is_a_pdf():
    assert PDF.startswith(b"%PDF-")


@time_machine.travel(local_dt(2023, 10, 9, 9, 0), tick=False)
def test_reminder_pages_and_sweep_carry_the_inspection_duties(rnd, personas, client_as):
    from django.urls import reverse

    from reminders.sweep import reminders_sweep

    page = client_as(personas.reviewer).get(reverse("reminders-outbox"), follow=True).content.decode()
    assert "Kiểm tra năm 2023" in page and "Phường Hoà Hương" in page
    assert client_as(personas.reviewer).get(reverse("reminders-rule-edit", args=[f"inspection:{rnd.round.pk}"])).status_code == 200
    reminders_sweep(now=local_dt(2023, 10, 9, 9, 0))
    from reminders.models import Reminder

    sent = set(Reminder.objects.values_list("duty_key", flat=True))
    assert sent == {f"inspection-dossier:{u.pk}" for u in (rnd.a1, rnd.a2, rnd.a3, rnd.a4)}


def test_moving_a_unit_to_another_day_drops_the_pairs_that_reached_it(rnd, personas):
    import datetime

    day2 = setup.day_save(round=rnd.round, by=personas.reviewer, date=datetime.date(2023, 10, 18))
    setup.units_set(day=day2, by=personas.reviewer, committees=[rnd.ward_a4])
    rnd.a3.refresh_from_db()
    rnd.a4.refresh_from_db()
    assert rnd.a3.cross_target is None and rnd.a4.cross_target is None and rnd.a4.day == day2
