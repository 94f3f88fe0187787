"""The pure rules: totals, the deadline's last minute, every band, vetoes, the top-band cap, the
tie-break, the pairing cycle and the agenda overflow."""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from inspections import rules
from tests.conftest import local_dt

BANDS = [
    rules.BandRule("xs", "Hoàn thành xuất sắc nhiệm vụ", D(90), True),
    rules.BandRule("tot", "Hoàn thành tốt nhiệm vụ", D(70), True),
    rules.BandRule("ht", "Hoàn thành nhiệm vụ", D(50)),
    rules.BandRule("kht", "Không hoàn thành nhiệm vụ", D(0)),
]


def entry(key, base, bonus=0, deductions=0, vetoes=(), self_total=None):
    return rules.Entry(key=key, name_key=key, totals=rules.Totals(D(base), D(bonus), D(deductions)),
                       vetoes=list(vetoes), self_total=None if self_total is None else D(self_total))


def test_bonus_can_take_the_total_above_100():
    t = rules.totals([("regular", D(98)), ("bonus", D("4.5")), ("deduction", D(1)), ("regular", None)])
    assert (t.base, t.bonus, t.deductions, t.total) == (D(98), D("4.5"), D(1), D("101.5"))


@pytest.mark.parametrize(("score", "band"), [
    ("101.5", "xs"), ("90", "xs"), ("89.99", "tot"), ("70", "tot"), ("69.5", "ht"), ("50", "ht"), ("49.99", "kht"), ("0", "kht"),
])
def test_every_band_and_its_threshold(score, band):
    assert rules.band_for(D(score), BANDS).key == band


def test_a_veto_forces_the_lowest_band_whatever_the_score():
    placed = rules.classify([entry("a", 95, vetoes=[rules.Veto("kỷ luật")])], BANDS, tie_break="shared")
    assert placed[0].band.key == "kht" and placed[0].capped_by == "kỷ luật"


def test_a_cap_veto_lowers_to_the_cap_band_but_never_raises():
    placed = rules.classify([entry("a", 95, vetoes=[rules.Veto("quỹ", "tot")]), entry("b", 60, vetoes=[rules.Veto("quỹ", "tot")])],
                            BANDS, tie_break="shared")
    assert [(p.entry.key, p.band.key, p.capped_by) for p in placed] == [("a", "tot", "quỹ"), ("b", "ht", "")]


def test_top_band_share_cap_moves_the_lowest_ranked_down_one_band():
    entries = [entry(k, s) for k, s in [("a", 99), ("b", 95), ("c", 92), ("d", 60)]]
    placed = rules.classify(entries, BANDS, tie_break="shared", top_cap_percent=50)
    assert [(p.entry.key, p.band.key) for p in placed] == [("a", "xs"), ("b", "xs"), ("c", "tot"), ("d", "ht")]
    assert placed[2].capped_by == "top_cap"


def test_top_band_cap_never_splits_a_tie_by_the_alphabet():
    """b and c are equal in score and in the tie-break rule: the cap (two units of four) cannot keep one without the other, so both move
    down, and they share their rank; the alphabet decides nothing."""
    entries = [entry(k, s) for k, s in [("a", 99), ("c", 95), ("b", 95), ("d", 60)]]
    placed = rules.classify(entries, BANDS, tie_break="fewer_deductions", top_cap_percent=50)
    assert [(p.entry.key, p.band.key, p.rank) for p in placed] == [("a", "xs", 1), ("b", "tot", 2), ("c", "tot", 2), ("d", "ht", 4)]
    assert {placed[1].capped_by, placed[2].capped_by} == {"top_cap"} and placed[1].tie_note == "shared"


def test_shared_rule_gives_equal_ranks_and_skips_the_next():
    placed = rules.classify([entry("a", 80), entry("b", 85), entry("c", 80), entry("d", 70)], BANDS, tie_break="shared")
    assert [(p.entry.key, p.rank, p.tie_note) for p in placed] == [("b", 1, ""), ("a", 2, "shared"), ("c", 2, "shared"), ("d", 4, "")]


def test_fewer_deductions_breaks_a_tie():
    placed = rules.classify([entry("a", 82, deductions=2), entry("b", 81, deductions=1)], BANDS, tie_break="fewer_deductions")
    assert [(p.entry.key, p.rank, p.tie_note) for p in placed] == [("b", 1, "broken"), ("a", 2, "broken")]


def test_base_score_breaks_a_tie_against_bonus():
    placed = rules.classify([entry("a", 78, bonus=2), entry("b", 80)], BANDS, tie_break="base_score")
    assert [p.entry.key for p in placed] == ["b", "a"] and placed[1].rank == 2


def test_self_closest_breaks_a_tie():
    placed = rules.classify([entry("a", 80, self_total=95), entry("b", 80, self_total=81)], BANDS, tie_break="self_closest")
    assert [p.entry.key for p in placed] == ["b", "a"]


def test_a_tie_the_rule_cannot_break_is_shared():
    placed = rules.classify([entry("a", 80, deductions=1), entry("b", 80, deductions=1)], BANDS, tie_break="fewer_deductions")
    assert [p.rank for p in placed] == [1, 1] and {p.tie_note for p in placed} == {"shared"}


def test_deadline_last_minute_day_before_and_that_day():
    assert rules.last_minute(datetime.date(2023, 10, 12), "day_before") == local_dt(2023, 10, 11, 23, 59, 59)
    assert rules.last_minute(datetime.date(2023, 10, 12), "that_day") == local_dt(2023, 10, 12, 23, 59, 59)


@pytest.mark.parametrize("n", [3, 4, 5, 13])
def test_pair_cycle_nobody_scores_itself_or_each_other(n):
    units = list(range(n))
    pairs = rules.pair_cycle(units)
    assert sorted(pairs) == units and sorted(pairs.values()) == units
    assert all(pairs[u] != u and pairs[pairs[u]] != u for u in units)
    assert rules.pairing_problems(pairs) == []


def test_pair_cycle_needs_three_units():
    assert rules.pair_cycle([1, 2]) == {}


def test_pairing_problems_found():
    assert rules.pairing_problems({1: 1}) == [(1, "self")]
    assert (1, "mutual") in rules.pairing_problems({1: 2, 2: 1})
    assert (3, "twice") in rules.pairing_problems({1: 2, 3: 2})


def item(start, end, per_unit=None):
    return SimpleNamespace(start=start, end=end, minutes_per_unit=per_unit)


def test_agenda_overflow_four_units_of_ten_minutes_in_thirty():
    report = item(datetime.time(8, 0), datetime.time(8, 30), 10)
    assert rules.agenda_overflows([report], 3) == []
    assert rules.agenda_overflows([report], 4) == [(report, 40, 30)]
    assert rules.agenda_overflows([item(datetime.time(11, 0), None, 10)], 9) == []


def test_a_vetoed_unit_ranks_below_every_unit_of_a_higher_band():
    placed = rules.classify([entry("a", 95, vetoes=[rules.Veto("kỷ luật")]), entry("b", 60), entry("c", 40)], BANDS, tie_break="shared")
    assert [(p.entry.key, p.rank, p.band.key) for p in placed] == [("b", 1, "ht"), ("a", 2, "kht"), ("c", 3, "kht")]
