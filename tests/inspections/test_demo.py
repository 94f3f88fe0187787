"""The demo round of seed 002: the 13 units on the days of the plan, every band, a veto, a cap and a tie."""

import datetime

import pytest

from inspections.models import Round
from inspections.selectors import board, latest_classification, schedule


@pytest.fixture
def demo_round(db, settings, tmp_path):
    from demo import committees, inspections

    committees.load()
    inspections.load()
    inspections.load()  # idempotent
    return Round.objects.get()


def test_demo_round_follows_plan_002(demo_round):
    days = schedule(demo_round)
    assert [d.day.date for d in days] == [datetime.date(2023, 10, d) for d in (17, 18, 19, 20)]
    assert [[u.name for u in d.units] for d in days][0] == ["Phường An Phú", "Phường Hoà Hương", "Phường Phước Hoà"]
    assert all("99 Hùng Vương" in d.day.place for d in days)
    assert len(days[0].agenda) == 8 and not days[0].overflows
    assert [(needed, available) for _item, needed, available in days[3].overflows] == [(40, 30)]  # 20/10: four units


def test_demo_results_show_every_band_a_veto_a_cap_and_a_tie(demo_round):
    rows = board(demo_round)
    assert demo_round.is_decided and len(rows) == 13
    assert {r.band for r in rows} == set(demo_round.bands.values_list("label", flat=True))
    assert any(r.capped_by and r.band == "Không hoàn thành nhiệm vụ" for r in rows)
    assert any(r.capped_by and r.band == "Hoàn thành tốt nhiệm vụ" for r in rows)
    tied = [r for r in rows if r.tie_note == "broken"]
    assert [r.unit.name for r in tied] == ["Phường An Xuân", "Phường Hoà Hương"] and [r.rank for r in tied] == [4, 5]
    assert all(r.self_total is not None and r.cross_total is not None and r.team_total is not None for r in rows)


def test_demo_feeds_the_congress_contract(demo_round):
    from committees.models import Committee

    an_phu = latest_classification(committee=Committee.objects.get(code="tamky-anphu"))
    assert an_phu.band == "Hoàn thành xuất sắc nhiệm vụ" and an_phu.strong and an_phu.rank == 1
    hoa_thuan = latest_classification(committee=Committee.objects.get(code="tamky-hoathuan"))
    assert hoa_thuan.band == "Không hoàn thành nhiệm vụ" and not hoa_thuan.strong
