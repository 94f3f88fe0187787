"""Filters: by committee subtree and by date; a malformed one is a 400 with the reason in
Vietnamese (ids and dates read by lib.params, as on the pages), another committee's is a 404."""

import pytest

from lib.params import parse_date
from reports.models import Submission
from tests.conftest import local_dt
from tests.inspections.conftest import rnd  # noqa: F401  (the fixture)
from tests.reports.dashboard_factories import set_state

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query, word",
    [
        ("committees/?committee=²", "committee"),
        ("committees/?committee=99999999999999999999", "committee"),
        ("committees/?as_of=31/02/2024", "as_of"),
        ("plans/?date_from=2022-13-01", "date_from"),
        ("plans/?date_from=hôm qua", "date_from"),
        ("duties/?plan=abc", "plan"),
        ("submissions/?status=tre", "status"),
        ("submissions/?page=0", "page"),
        ("submissions/?page_size=-5", "page_size"),
        ("submissions/?date_from=20/06/2022&date_to=01/06/2022", "date_from"),
        ("inspections/rounds/?page=1.5", "page"),
        ("submissions/?comittee=1", "comittee"),  # a typo must not answer every report
        ("plans/?date_from=2022-06-01&x=1", "“x”"),
        ("congresses/rounds/?committee=abc", "committee"),
        ("congresses/rounds/?date_to=mai", "date_to"),
        ("inspections/rounds/?date_from=32/01/2023", "date_from"),
    ],
)
def test_a_malformed_filter_is_a_400_naming_it(api_client, personas, issued_plan, query, word):
    response = api_client(personas.reviewer).get("/api/v1/" + query)
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert word in detail and ("không" in detail or "phải" in detail)


def test_the_date_parser_reads_both_ways_of_writing_a_day():
    assert parse_date("14/06/2022") == parse_date("2022-06-14") == parse_date("14/6/2022")
    assert parse_date("2022-06-14").isoformat() == "2022-06-14"
    assert parse_date("14-06-2022") == parse_date("2022-06-14")  # the pages' DATE_INPUT_FORMATS
    assert parse_date("29/02/2023") is None and parse_date("14.06.2022") is None and parse_date(None) is None
    assert parse_date("06/14/2022") is None  # never month first


def test_another_committees_subtree_is_a_404(api_client, personas, tree, issued_plan):
    client = api_client(personas.other_ward_officer)
    for route in ("committees", "plans", "duties", "submissions"):
        assert client.get(f"/api/v1/{route}/?committee={tree.ward_a1.pk}").status_code == 404, route
    assert client.get(f"/api/v1/submissions/?committee={tree.ward_a2.pk}").status_code == 200


def test_submissions_by_subtree_status_and_deadline(api_client, personas, tree, issued_plan):
    p = issued_plan
    set_state(p.sub_a1, Submission.State.SUBMITTED, submitted=local_dt(2022, 6, 13, 10, 0))
    set_state(p.sub_a2, Submission.State.SUBMITTED, submitted=local_dt(2022, 6, 16, 10, 0))
    client = api_client(personas.reviewer)

    def ids(query):
        body = client.get("/api/v1/submissions/" + query).json()
        return sorted(row["committee_id"] for row in body["items"])

    assert ids("") == sorted([tree.ward_a1.pk, tree.ward_a2.pk, tree.org_a.pk])
    assert ids(f"?committee={tree.ward_a2.pk}") == [tree.ward_a2.pk]
    assert ids("?status=submitted_late") == [tree.ward_a2.pk]
    assert ids("?status=submitted_on_time") == [tree.ward_a1.pk]
    assert ids("?date_from=15/06/2022") == []
    assert len(ids("?date_from=14/06/2022&date_to=2022-06-14")) == 3  # the deadline's day, in Vietnam
    assert len(ids("?date_from=14-06-2022")) == 3  # as the date fields of the pages read it
    late = client.get(f"/api/v1/submissions/{p.sub_a2.pk}/").json()
    assert late["late"] is True and late["days_late"] == 2 and late["status"] == "submitted_late"
    assert client.get(f"/api/v1/submissions/{p.sub_a1.pk}/").json()["late"] is False


def test_pages_are_counted_and_cut(api_client, personas, tree, issued_plan):
    client = api_client(personas.reviewer)
    first = client.get("/api/v1/committees/?page_size=3").json()
    second = client.get("/api/v1/committees/?page_size=3&page=2").json()
    assert first["count"] == second["count"] == 4
    assert len(first["items"]) == 3 and len(second["items"]) == 1
    assert client.get("/api/v1/committees/?page_size=3&page=99").json()["items"] == []
    ids = [c["id"] for c in first["items"] + second["items"]]
    assert ids[0] == tree.city_a.pk and len(set(ids)) == 4


def test_plans_and_duties_by_date(api_client, personas, issued_plan):
    client = api_client(personas.reviewer)
    assert client.get("/api/v1/plans/?date_from=20/05/2022").json()["count"] == 1
    assert client.get("/api/v1/plans/?date_from=21/05/2022").json()["count"] == 0
    assert client.get("/api/v1/duties/?date_to=2022-06-13").json()["count"] == 0
    assert client.get(f"/api/v1/duties/?plan={issued_plan.plan.pk}&date_to=2022-06-14").json()["count"] == 1


def test_the_tree_as_of_a_date_is_the_tree_of_that_day(api_client, personas, tree):
    """Wards A1 and A2 merged into a new ward on 01/07/2025 and city A renamed: the tree of
    30/06/2025 has the two wards and the old name, that of 01/07/2025 the new ward; the officer of
    the new ward reads its predecessors' day, another city's reviewer none of it."""
    import datetime

    from committees.models import Committee, Membership
    from committees.reorg.services import Decision, NewCommittee, People, committee_rename, committees_merge
    from tests.conftest import make_user

    decision = Decision(
        effective_on=datetime.date(2025, 7, 1), number="12/QĐ", date=datetime.date(2025, 6, 20), body="Tỉnh"
    )
    old_name = tree.city_a.name
    committees_merge(
        sources=[tree.ward_a1, tree.ward_a2],
        into=NewCommittee(name="Ủy ban MTTQ phường Mới", code="p-moi", level="Phường", parent=tree.city_a),
        decision=decision,
        people=People.MOVE,
    )
    committee_rename(committee=tree.city_a, name="Ủy ban MTTQ thành phố A Mới", decision=decision)
    new_ward = Committee.objects.get(code="p-moi")
    reviewer = api_client(personas.reviewer)

    def names(client, query):
        response = client.get(f"/api/v1/committees/?{query}")
        assert response.status_code == 200, response.content
        return [c["name"] for c in response.json()["items"]]

    before, after = names(reviewer, "as_of=30/06/2025"), names(reviewer, "as_of=2025-07-01")
    assert old_name in before and tree.ward_a1.name in before and tree.ward_a2.name in before
    assert new_ward.name not in before and "Ủy ban MTTQ thành phố A Mới" not in before
    assert new_ward.name in after and tree.ward_a1.name not in after and tree.ward_a2.name not in after
    assert "Ủy ban MTTQ thành phố A Mới" in after and old_name not in after
    assert before[0] == old_name  # the city first, then its units in sibling order
    assert names(reviewer, f"as_of=30/06/2025&committee={tree.ward_a1.pk}") == [tree.ward_a1.name]
    # The new ward's officer reads the day before: its two predecessors (their past is its history).
    officer = api_client(make_user("canbo_moi", new_ward, Membership.Role.OFFICER))
    assert sorted(names(officer, "as_of=30/06/2025")) == sorted([tree.ward_a1.name, tree.ward_a2.name])
    assert names(officer, "as_of=01/07/2025") == [new_ward.name]
    assert names(api_client(personas.other_city_reviewer), "as_of=30/06/2025") == names(
        api_client(personas.other_city_reviewer), ""
    )
    assert not set(names(api_client(personas.other_city_reviewer), "as_of=30/06/2025")) & set(before)


def test_moments_are_given_in_vietnams_time(api_client, personas, issued_plan):
    duty = api_client(personas.reviewer).get(f"/api/v1/duties/{issued_plan.duty.pk}/").json()
    assert duty["deadline"] == "2022-06-14T23:59:59+07:00"  # the fixture's 14/6/2022 23:59:59 local


def test_inspection_results_by_committee_subtree(api_client, personas, tree, rnd):  # noqa: F811
    url = f"/api/v1/inspections/rounds/{rnd.round.pk}/results/"
    client = api_client(personas.reviewer)
    everyone = client.get(url).json()["items"]
    only_a1 = client.get(url + f"?committee={tree.ward_a1.pk}").json()
    assert [r["committee_id"] for r in only_a1["items"]] == [tree.ward_a1.pk]
    assert only_a1["items"][0]["rank"] == next(r["rank"] for r in everyone if r["committee_id"] == tree.ward_a1.pk)
    assert client.get(url + f"?committee={tree.city_a.pk}").json()["count"] == 4
    assert client.get(url + f"?committee={tree.city_b.pk}").status_code == 404  # not the reviewer's
    bad = client.get(url + "?committee=abc")
    assert bad.status_code == 400 and "committee" in bad.json()["detail"]
    typo = client.get(url + f"?comittee={tree.ward_a1.pk}")
    assert typo.status_code == 400 and "comittee" in typo.json()["detail"]


def test_round_lists_by_committee_and_by_date(api_client, personas, tree, rnd):  # noqa: F811
    from .world import congress_round

    world = congress_round(tree)
    province = api_client(world.province_btt)
    made_on = rnd.round.created_at.astimezone(local_dt(2022, 1, 1).tzinfo).date().strftime("%d/%m/%Y")

    def ids(route, query=""):
        response = province.get(f"/api/v1/{route}/rounds/{query}")
        assert response.status_code == 200, response.content
        return [r["id"] for r in response.json()["items"]]

    assert ids("congresses") == [world.round.pk]
    assert ids("congresses", f"?committee={tree.province.pk}") == [world.round.pk]
    assert ids("congresses", f"?committee={tree.city_a.pk}") == []  # the province's round is not under city A
    assert ids("congresses", f"?date_from={made_on}&date_to={made_on}") == [world.round.pk]
    assert ids("congresses", "?date_to=01/01/2020") == []
    assert ids("inspections", f"?committee={tree.city_a.pk}&date_from={made_on}") == [rnd.round.pk]
    assert ids("inspections", "?date_to=01/01/2020") == []
    assert ids("inspections", f"?committee={tree.city_b.pk}") == []
    other = api_client(personas.other_city_reviewer).get(f"/api/v1/congresses/rounds/?committee={tree.city_a.pk}")
    assert other.status_code == 404
