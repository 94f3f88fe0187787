"""What the read endpoints answer for inspections and congresses: the same rows as their pages,
for the same people."""

import datetime

import pytest

from committees.models import Membership
from inspections.selectors import board
from inspections.setup import services
from tests.conftest import make_committee, make_user
from tests.inspections.conftest import rnd  # noqa: F401  (the fixture)

from .world import congress_round

pytestmark = pytest.mark.django_db


def test_inspection_results_as_the_results_page(api_client, personas, tree, rnd):  # noqa: F811
    url = f"/api/v1/inspections/rounds/{rnd.round.pk}/results/"
    rows = api_client(personas.reviewer).get(url).json()
    assert rows["count"] == 4
    expected = [(r.unit.committee_id, r.rank, r.band) for r in board(rnd.round)]
    assert [(r["committee_id"], r["rank"], r["band"]) for r in rows["items"]] == expected
    # a second day whose units the team member does not inspect
    day2 = services.day_save(round=rnd.round, by=personas.reviewer, date=datetime.date(2023, 10, 18), place="1 Lê Lợi")
    a5 = make_committee("tp-a-p5", "Ủy ban MTTQ Phường A5", "Phường", tree.city_a)
    a6 = make_committee("tp-a-p6", "Ủy ban MTTQ Phường A6", "Phường", tree.city_a)
    services.units_set(day=day2, by=personas.reviewer, committees=[a5, a6])
    assert api_client(personas.reviewer).get(url).json()["count"] == 6
    # the province above the city reads them too; the team member reads the units of their day only
    province = make_user("btt_tinh_kt", tree.province, Membership.Role.STANDING)
    assert api_client(province).get(url).json()["count"] == 6
    team = api_client(rnd.team_user).get(url).json()
    assert sorted(r["committee_id"] for r in team["items"]) == sorted(u.committee_id for u in rnd.units)
    assert not {a5.pk, a6.pk} & {r["committee_id"] for r in team["items"]}
    assert {r["day"] for r in team["items"]} == {"2023-10-17"}
    listed = api_client(province).get("/api/v1/inspections/rounds/").json()["items"]
    assert [r["id"] for r in listed] == [rnd.round.pk]
    # a unit of the round does not read the ranking (as on the pages)
    assert api_client(personas.officer).get(url).status_code == 404
    assert api_client(personas.officer).get("/api/v1/inspections/rounds/").json()["count"] == 0


def test_congress_pipeline_with_its_stages(api_client, personas, tree):
    world = congress_round(tree)
    url = f"/api/v1/congresses/rounds/{world.round.pk}/pipeline/"
    client = api_client(world.province_btt)
    body = client.get(url).json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["committee_id"] == tree.ward_a1.pk and row["is_pilot"] is True and row["stage"] == "selected"
    assert client.get(url + "?stage=selected").json()["count"] == 1
    assert client.get(url + "?stage=approved").json()["count"] == 0
    assert client.get(url + f"?committee={tree.city_b.pk}").json()["count"] == 0
    assert client.get("/api/v1/congresses/rounds/").json()["items"][0]["id"] == world.round.pk
    # the city's standing committee follows its own units; an officer sees no pipeline
    assert api_client(personas.reviewer).get(url).json()["count"] == 1
    assert api_client(personas.officer).get(url).status_code == 404
    assert api_client(personas.officer).get("/api/v1/congresses/rounds/").json()["count"] == 0
