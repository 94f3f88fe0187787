"""The pilot criterion "vững mạnh" read from a real, decided inspection round of the unit (built
through the inspections services, no stand-in): the band, the score as Vietnamese write it, and a
link to the results that the people assessing the candidate can open."""

import datetime

import time_machine

from congresses.models import Answer
from congresses.rounds.services import candidate_add
from tests.conftest import local_dt


def _decided_round(st):
    """City A inspects wards A1-A3 on 17/10/2023 with the "Vững mạnh / Khá..." bands; the team
    scores every regular criterion: A1 gets everything but half a point per criterion."""
    from inspections.dossiers import services as dossier
    from inspections.models import Criterion
    from inspections.results import services as results
    from inspections.setup import services as setup

    with time_machine.travel(local_dt(2023, 10, 1, 9, 0), tick=False):
        round = setup.round_create(
            committee=st.city, by=st.city_btt, title="Kiểm tra công tác Mặt trận năm 2023", year=2023,
            example_table=True, deadline_stated=datetime.date(2023, 10, 12),
        )
        setup.bands_apply_preset(round=round, preset="vung_manh")
        day = setup.day_save(round=round, by=st.city_btt, date=datetime.date(2023, 10, 17), place="99 Hùng Vương")
        units = setup.units_set(day=day, by=st.city_btt, committees=[st.ward, st.ward2, st.ward3])
        setup.pairs_generate(day=day, by=st.city_btt)
        regular = Criterion.objects.filter(group__round=round, kind=Criterion.Kind.REGULAR)
        for unit, minus in zip(units, ("0.5", "5", "10"), strict=True):
            entries = {
                c.pk: dossier.Entry(points=str(max(c.max_points - type(c.max_points)(minus), 0)).replace(".", ","))
                for c in regular
            }
            dossier.scores_save(unit=unit, source="team", by=st.city_btt, entries=entries)
    with time_machine.travel(local_dt(2023, 10, 30, 15, 0), tick=False):
        results.round_decide(round=round, by=st.city_btt)
    return round, units


def test_strong_criterion_is_filled_from_the_decided_inspection_round(st, round24, client_as):
    from inspections.selectors import latest_classification

    inspection, units = _decided_round(st)
    got = latest_classification(committee=st.ward)
    assert got is not None and got.band == "Vững mạnh" and got.strong

    candidate = candidate_add(round=round24, committee=st.ward, by=st.city_btt)
    strong = round24.criteria.get(key="strong")
    answer = Answer.objects.get(candidate=candidate, criterion=strong)
    assert answer.met and answer.inspection_band == "Vững mạnh" and answer.inspection_strong
    assert answer.inspection_url == f"/kiem-tra/{inspection.pk}/ket-qua/"
    # the score as Vietnamese write it: "92,5", never "92.50" nor "92,50"
    assert answer.evidence == "Xếp loại “Vững mạnh” (92,5 điểm), Kiểm tra công tác Mặt trận năm 2023"

    # a ward far below "vững mạnh" is proposed with the criterion not met
    candidate3 = candidate_add(round=round24, committee=st.ward3, by=st.city_btt)
    low = Answer.objects.get(candidate=candidate3, criterion=strong)
    assert not low.met and not low.inspection_strong and low.inspection_band != "Vững mạnh"

    # the candidate page shows the band with its link, and the link opens for those who assess it
    for user in (st.city_btt, st.province_btt):
        page = client_as(user).get(f"/dai-hoi/de-xuat/{candidate.pk}/").content.decode()
        assert f'href="{answer.inspection_url}"' in page and "Vững mạnh" in page
        opened = client_as(user).get(answer.inspection_url)
        assert opened.status_code == 200, user
        assert "Vững mạnh" in opened.content.decode()
    # the province reads the results only: no reconciliation, round page or downloads linked
    province_page = client_as(st.province_btt).get(answer.inspection_url).content.decode()
    assert "/doi-chieu/" not in province_page and f'href="/kiem-tra/{inspection.pk}/"' not in province_page
    assert "ket-qua.xlsx" not in province_page and "quyet-dinh" not in province_page
    assert client_as(st.province_btt).get(f"/kiem-tra/{inspection.pk}/ket-qua.xlsx").status_code == 404
    city_page = client_as(st.city_btt).get(answer.inspection_url).content.decode()
    assert f"/kiem-tra/don-vi/{units[0].pk}/doi-chieu/" in city_page
    # the link still tells nothing to another province, nor to a ward's officer
    assert client_as(st.other_officer).get(answer.inspection_url).status_code == 404
    assert client_as(st.other_province_btt).get(answer.inspection_url).status_code == 404
