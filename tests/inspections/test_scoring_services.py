"""Self-scoring and submitting through the services: every bad input is refused with the criterion
and the reason, the deadline's last minute, required evidence; the decision and the contract."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.dossiers import services as dossier
from inspections.models import Criterion, Score
from inspections.results import services as results
from inspections.selectors import board, dossier_status, latest_classification
from tests.conftest import local_dt

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BEFORE = local_dt(2023, 10, 5, 9, 0)


def crit(rnd, group, label):
    return Criterion.objects.get(group__round=rnd.round, group__label=group, label=label)


def fill_all(unit, by, source="self", points=None, evidence=True):
    entries = {}
    for c in Criterion.objects.filter(group__round=unit.round):
        value = points(c) if points else (c.max_points if c.kind == "regular" else D(0))
        entries[c.pk] = dossier.Entry(points=str(value).replace(".", ","), note="thuyết minh")
    dossier.scores_save(unit=unit, source=source, by=by, entries=entries)
    if evidence:
        for c in Criterion.objects.filter(group__round=unit.round, evidence_required=True, kind="regular"):
            dossier.evidence_add(unit=unit, criterion=c, by=by, upload=SimpleUploadedFile("mc.pdf", PDF))


@time_machine.travel(BEFORE, tick=False)
@pytest.mark.parametrize(("raw", "message"), [
    ("9", "Tiêu chí I.1: điểm vượt điểm tối đa 8."),
    ("-1", "Tiêu chí I.1: điểm không được âm."),
    ("tám", "Tiêu chí I.1: \"tám\" không phải là số."),
    ("7,555", "Tiêu chí I.1: điểm chỉ ghi tối đa hai chữ số thập phân."),
    ("1" + "0" * 30, "Tiêu chí I.1: điểm vượt điểm tối đa 8."),  # too long to round: refused, not a crash
])
def test_bad_points_are_refused_naming_the_criterion(rnd, personas, raw, message):
    c = crit(rnd, "I", "1")
    with pytest.raises(ValidationError) as exc:
        dossier.scores_save(unit=rnd.a1, source="self", by=personas.officer, entries={c.pk: dossier.Entry(points=raw)})
    assert exc.value.message_dict == {str(c.pk): [message]}
    assert not Score.objects.exists()


@time_machine.travel(BEFORE, tick=False)
def test_bonus_above_its_limit_is_refused(rnd, personas):
    c = crit(rnd, "VII", "1")
    with pytest.raises(ValidationError) as exc:
        dossier.scores_save(unit=rnd.a1, source="self", by=personas.officer, entries={c.pk: dossier.Entry(points="5,5")})
    assert exc.value.messages == ["Tiêu chí VII.1: điểm thưởng vượt mức tối đa 5 điểm."]


@time_machine.travel(BEFORE, tick=False)
def test_decimal_comma_is_read_and_running_total_counts_bonus_and_deductions(rnd, personas):
    c1, bonus, minus = crit(rnd, "I", "1"), crit(rnd, "VII", "1"), crit(rnd, "VIII", "1")
    dossier.scores_save(unit=rnd.a1, source="self", by=personas.officer, entries={
        c1.pk: dossier.Entry(points="7,5"), bonus.pk: dossier.Entry(points="2,5"), minus.pk: dossier.Entry(points="1")})
    status = dossier_status(rnd.a1)
    assert (status.totals.base, status.totals.bonus, status.totals.deductions, status.totals.total) == (D("7.5"), D("2.5"), D(1), D(9))
    assert c1 not in status.unscored and crit(rnd, "I", "2") in status.unscored
    assert c1 in status.no_evidence and bonus in status.no_evidence  # a claimed bonus needs its evidence


@time_machine.travel(BEFORE, tick=False)
def test_submit_refused_while_required_evidence_is_missing(rnd, personas):
    fill_all(rnd.a1, personas.officer, evidence=False)
    with pytest.raises(ValidationError) as exc:
        dossier.dossier_submit(unit=rnd.a1, by=personas.officer)
    assert "Tiêu chí I.1: bắt buộc có minh chứng nhưng chưa có tệp nào." in exc.value.messages
    rnd.a1.refresh_from_db()
    assert rnd.a1.submitted_at is None


def test_submit_at_the_last_minute_and_refused_one_second_after(rnd, personas):
    assert rnd.round.evidence_deadline == local_dt(2023, 10, 11, 23, 59, 59)
    with time_machine.travel(BEFORE, tick=False):
        fill_all(rnd.a1, personas.officer)
        fill_all(rnd.a2, personas.other_ward_officer)
    with time_machine.travel(local_dt(2023, 10, 11, 23, 59, 30), tick=False):
        dossier.dossier_submit(unit=rnd.a1, by=personas.officer)
    with time_machine.travel(local_dt(2023, 10, 12, 0, 0, 0), tick=False):
        with pytest.raises(ValidationError) as exc:
            dossier.dossier_submit(unit=rnd.a2, by=personas.other_ward_officer)
    assert "23:59 ngày 11/10/2023" in exc.value.messages[0]


def test_the_last_second_of_the_last_minute_is_on_time(rnd, personas):
    """23:59:59.5 is still the minute 23:59 the page promises."""
    with time_machine.travel(BEFORE, tick=False):
        fill_all(rnd.a1, personas.officer)
    with time_machine.travel(local_dt(2023, 10, 11, 23, 59, 59) + datetime.timedelta(microseconds=500000), tick=False):
        dossier.dossier_submit(unit=rnd.a1, by=personas.officer)
    rnd.a1.refresh_from_db()
    assert rnd.a1.submitted_at is not None


def test_that_day_reading_moves_the_last_minute(rnd, personas):
    from inspections.setup.services import round_update

    round_update(round=rnd.round, by=personas.reviewer, deadline_rule="that_day")
    assert rnd.round.evidence_deadline == local_dt(2023, 10, 12, 23, 59, 59)


@time_machine.travel(BEFORE, tick=False)
def test_evidence_must_be_a_real_document(rnd, personas):
    with pytest.raises(ValidationError) as exc:
        dossier.evidence_add(unit=rnd.a1, criterion=crit(rnd, "I", "1"), by=personas.officer,
                             upload=SimpleUploadedFile("mc.pdf", b"MZ not a pdf"))
    assert "Tiêu chí I.1" in exc.value.messages[0]


@time_machine.travel(BEFORE, tick=False)
def test_decision_classifies_ranks_and_feeds_the_contract(rnd, personas):
    assert latest_classification(committee=rnd.a1.committee) is None
    for i, unit in enumerate([rnd.a1, rnd.a2, rnd.a3, rnd.a4]):
        fill_all(unit, personas.reviewer, source="team", evidence=False,
                 points=lambda c, i=i: (c.max_points - i * 2 if c.max_points > i * 2 else 0) if c.kind == "regular" else D(0))
    c = crit(rnd, "I", "1")
    with pytest.raises(ValidationError):
        results.final_change(unit=rnd.a4, criterion=c, by=personas.reviewer, points="1", reason=" ")
    results.final_change(unit=rnd.a4, criterion=c, by=personas.reviewer, points="8", reason="Có minh chứng bổ sung")
    results.round_decide(round=rnd.round, by=personas.reviewer)
    rows = board(rnd.round)
    assert [r.unit for r in rows][0] == rnd.a1 and rows[0].band == "Hoàn thành xuất sắc nhiệm vụ"
    got = latest_classification(committee=rnd.a1.committee)
    assert got.band == "Hoàn thành xuất sắc nhiệm vụ" and got.strong and got.rank == 1 and got.final_score == D(100)
    low = latest_classification(committee=rnd.a4.committee)
    assert low.final_score == rows[-1].totals.total and low.rank == 4
    assert rnd.a4.changes.get().old_points == D(2)


@time_machine.travel(BEFORE, tick=False)
def test_contract_reads_the_latest_decided_round_and_its_strong_flag(rnd, personas):
    from inspections.setup import services as setup

    for unit in (rnd.a1, rnd.a2, rnd.a3, rnd.a4):
        fill_all(unit, personas.reviewer, source="team", evidence=False)
    results.round_decide(round=rnd.round, by=personas.reviewer, now=local_dt(2023, 10, 30, 9, 0))
    later = setup.round_create(committee=rnd.round.committee, by=personas.reviewer, title="Năm 2024", year=2024,
                               band_preset="vung_manh", copy_from=None)
    setup.table_load(round=later, table=[("I", "Nhóm", [("1", "Tiêu chí", "regular", D(100), False, "")])])
    day = setup.day_save(round=later, by=personas.reviewer, date=local_dt(2024, 10, 17).date())
    setup.units_set(day=day, by=personas.reviewer, committees=[rnd.a1.committee])
    unit = later.units.get()
    c = Criterion.objects.get(group__round=later)
    dossier.scores_save(unit=unit, source="team", by=personas.reviewer, entries={c.pk: dossier.Entry(points="75")})
    assert latest_classification(committee=rnd.a1.committee).round_title == "Kiểm tra năm 2023"  # 2024 not decided yet
    results.round_decide(round=later, by=personas.reviewer, now=local_dt(2024, 10, 30, 9, 0))
    got = latest_classification(committee=rnd.a1.committee)
    assert (got.round_title, got.band, got.strong, got.final_score) == ("Năm 2024", "Khá", False, D(75))
    assert got.url == f"/kiem-tra/{later.pk}/ket-qua/"
