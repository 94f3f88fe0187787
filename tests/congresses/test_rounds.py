"""Round configuration for both terms, and pilot selection with the inspection criterion."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from congresses.models import ChainStep, Congress, RoundLevel
from congresses.rounds import services
from tests.congresses.conftest import answer_all, classification


def test_2024_round_has_commune_and_district_levels_with_their_limits_and_chains(round24):
    levels = {lv.tier: lv for lv in round24.levels.all()}
    assert set(levels) == {"commune", "district"}
    assert levels["commune"].max_days == 1 and levels["district"].max_days == 2
    assert levels["commune"].approve_deadline == datetime.date(2023, 12, 10)
    assert [s.kind for s in levels["commune"].chain.all()] == ["party", "district", "province"]
    assert [s.kind for s in levels["district"].chain.all()] == ["party", "province"]
    assert [d.key for d in round24.documents.filter(required=True)] == [
        "programme",
        "delegates",
        "term_report",
        "action_programme",
        "review",
        "scheme",
        "short_list",
    ]
    assert round24.documents.filter(required=False).count() == 3
    target = round24.targets.get(share="non_party")
    assert (target.min_percent, target.max_percent) == (25, 30)


def test_2025_round_has_no_district_level_and_a_two_level_chain(round25):
    levels = list(round25.levels.all())
    assert [lv.tier for lv in levels] == ["commune"]
    assert levels[0].max_days == 2 and levels[0].max_sessions == 2
    assert [s.kind for s in levels[0].chain.all()] == ["party", "province"]


def test_chain_refuses_wrong_order_and_repeats(round24):
    level = round24.levels.get(tier="commune")
    with pytest.raises(ValidationError):
        services.chain_set(level=level, steps=[("province", "Tỉnh"), ("party", "Đảng ủy")])
    with pytest.raises(ValidationError):
        services.chain_set(level=level, steps=[("party", "a"), ("party", "b")])
    with pytest.raises(ValidationError):
        services.chain_set(level=round24.levels.get(tier="district"), steps=[("district", "Huyện")])
    assert level.chain.count() == 3  # nothing lost


def test_level_window_end_before_start_is_refused(round24):
    level = round24.levels.get(tier="commune")
    with pytest.raises(ValidationError):
        services.level_update(level=level, window_start=datetime.date(2024, 2, 1), window_end=datetime.date(2024, 1, 1))
    level.refresh_from_db()
    assert level.window_start == datetime.date(2024, 1, 1)


def test_candidate_outside_the_round_or_at_a_level_without_congress_is_refused(st, round24, round25):
    with pytest.raises(ValidationError):
        services.candidate_add(round=round24, committee=st.other_ward)
    with pytest.raises(ValidationError):
        services.candidate_add(round=round25, committee=st.district)  # 2025: no district level


def test_inspection_criterion_is_filled_from_the_latest_classification(st, round24, monkeypatch):
    monkeypatch.setattr("inspections.selectors.latest_classification", lambda *, committee: classification())
    candidate = services.candidate_add(round=round24, committee=st.ward)
    answer = candidate.answers.get(criterion__key="strong")
    assert answer.met is True and answer.inspection_band == "Vững mạnh"
    assert answer.inspection_url == "/kiem-tra/dot/1/ket-qua/"
    assert not answer.is_override


def test_override_of_the_inspection_criterion_needs_a_reason(st, round24, monkeypatch):
    monkeypatch.setattr(
        "inspections.selectors.latest_classification", lambda *, committee: classification(strong=False, band="Khá")
    )
    candidate = services.candidate_add(round=round24, committee=st.ward)
    criterion = round24.criteria.get(key="strong")
    with pytest.raises(ValidationError) as exc:
        services.answer_set(candidate=candidate, criterion=criterion, met=True, evidence="")
    assert "lý do" in str(exc.value)
    assert candidate.answers.get(criterion=criterion).met is False  # nothing changed
    answer = services.answer_set(
        candidate=candidate, criterion=criterion, met=True, override_reason="Năm 2023 đã khắc phục"
    )
    assert answer.is_override and answer.override_reason


def test_without_classification_the_criterion_is_answered_by_hand(st, round24):
    candidate = services.candidate_add(round=round24, committee=st.ward)
    assert not candidate.answers.exists()


def test_one_pilot_per_group_with_its_reason(st, round24):
    first = services.candidate_add(round=round24, committee=st.ward)
    second = services.candidate_add(round=round24, committee=st.ward2)
    with pytest.raises(ValidationError):
        services.pilot_choose(candidate=first, reason="Tốt")  # criteria not answered
    answer_all(first)
    answer_all(second)
    with pytest.raises(ValidationError):
        services.pilot_choose(candidate=first, reason="  ")
    congress = services.pilot_choose(candidate=first, reason="Đủ tiêu chí", by=st.province_btt)
    assert congress.is_pilot and congress.pilot_group == st.city and congress.chosen_reason == "Đủ tiêu chí"
    assert congress.level.tier == RoundLevel.objects.get(round=round24, tier="commune").tier
    with pytest.raises(ValidationError) as exc:
        services.pilot_choose(candidate=second, reason="Cũng tốt")
    assert "Phường A1" in str(exc.value)
    # another group may choose its own; a district pilot's group is the province
    d1 = services.candidate_add(round=round24, committee=st.commune)
    answer_all(d1)
    services.pilot_choose(candidate=d1, reason="Xã nông thôn mới")
    district = services.candidate_add(round=round24, committee=st.district)
    answer_all(district)
    assert services.pilot_choose(candidate=district, reason="Huyện điểm").pilot_group == st.province
    assert Congress.objects.filter(is_pilot=True).count() == 3


def test_chain_steps_are_rows_per_level(round24):
    assert ChainStep.objects.filter(level__round=round24).count() == 5


def test_new_deadlines_of_a_level_reach_its_open_dossiers(st, round24, pilot):
    """The province moves the approval deadline: the dossiers not yet approved follow it (the pipeline
    and the reminders read the case's deadlines), a locked one keeps the deadline it was approved under."""
    import time_machine

    from congresses.dossier import services as dossier
    from congresses.pipeline.selectors import pipeline, round_congresses
    from tests.conftest import local_dt
    from tests.congresses.conftest import upload_all

    with time_machine.travel(local_dt(2023, 11, 25, 9, 0), tick=False):
        upload_all(pilot, st.officer)
        dossier.dossier_send(congress=pilot, by=st.officer)
    services.level_update(
        level=pilot.level, submit_deadline=datetime.date(2023, 12, 5), approve_deadline=datetime.date(2023, 12, 20)
    )
    pilot.case.refresh_from_db()
    assert pilot.case.approve_deadline.astimezone(local_dt(2023, 1, 1).tzinfo).date() == datetime.date(2023, 12, 20)
    assert pilot.case.submit_deadline.astimezone(local_dt(2023, 1, 1).tzinfo).date() == datetime.date(2023, 12, 5)
    with time_machine.travel(local_dt(2023, 12, 15, 9, 0), tick=False):
        (row,) = pipeline(congresses=round_congresses(round24))
        assert row.late == []  # 10/12 was the old deadline
