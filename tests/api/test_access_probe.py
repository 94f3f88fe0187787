"""Every endpoint of /api/v1/, enumerated from the URL resolver (a new endpoint cannot escape), asked
with every HTTP method by the officer of another ward, the reviewer of another city and a request
without a token, about ward A1's objects: nothing of A1's comes back (404 like the pages, 401
without a token, 405 for a method the endpoint does not have). The owners get every GET, so the
probe's objects are real and the probe can fail."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.inspections.conftest import rnd  # noqa: F401  (the fixture)

from .world import a1_only_plan, congress_round

pytestmark = pytest.mark.django_db
PUBLIC = {"openapi-json", "openapi-view", "api-root"}  # the schema and the docs page: no data
METHODS = ["get", "post", "put", "patch", "delete"]


def api_routes() -> list[tuple[str, str]]:
    """(route, name) of every pattern under the api-v1 namespace."""

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace == "api-v1":
                yield prefix + str(p.pattern), p.name

    return sorted(set(walk(get_resolver().url_patterns, "", None)))


@pytest.fixture
def world(tree, personas, issued_plan, rnd):  # noqa: F811
    own = a1_only_plan(tree, personas, issued_plan.outline)
    congresses = congress_round(tree)
    # What each route's <id:pk> names: ward A1's object (or city A's, for what only city A reads).
    ids = {
        "committees/<id:pk>/": tree.ward_a1.pk,
        "plans/<id:pk>/": own.plan.pk,
        "duties/<id:pk>/": own.duty.pk,
        "duties/<id:pk>/indicator-totals/": issued_plan.duty.pk,
        "submissions/<id:pk>/": issued_plan.sub_a1.pk,
        "submissions/<id:pk>/indicator-values/": issued_plan.sub_a1.pk,
        "inspections/rounds/<id:pk>/results/": rnd.round.pk,
        "congresses/rounds/<id:pk>/pipeline/": congresses.round.pk,
    }
    # Text that only ward A1's objects carry (names written in the world above).
    markers = [tree.ward_a1.name, own.plan.title, own.duty.title, rnd.round.title]
    return ids, markers


def url_of(route: str, ids: dict) -> str:
    tail = route.removeprefix("api/v1/")
    if "<" not in tail:
        return "/" + route
    assert tail in ids, f"the access probe has no object for the new endpoint /{route}: add it to `ids`"
    return "/" + re.sub(r"<id:\w+>", str(ids[tail]), route)


def test_the_probe_sees_every_endpoint():
    names = {name for _route, name in api_routes()}
    assert {"openapi-json", "openapi-view"} <= names
    assert len([n for n in names if n not in PUBLIC]) >= 14


@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "anonymous"])
def test_no_endpoint_shows_ward_a1_to_others(world, personas, tree, api_client, who):
    ids, markers = world
    client = api_client(None if who == "anonymous" else getattr(personas, who))
    other_city_markers = ["thành phố A", "Phường A2"] if who == "other_city_reviewer" else []
    checked = 0
    for route, name in api_routes():
        if name in PUBLIC:
            continue
        url = url_of(route, ids)
        for query in ("", f"?committee={tree.ward_a1.pk}"):
            for method in METHODS:
                body = {"values": {}} if method in ("put", "post", "patch") else None
                response = getattr(client, method)(url + query, body, content_type="application/json")
                status = response.status_code
                checked += 1
                if who == "anonymous":
                    assert status in (401, 405), (method, url, status)
                    continue
                assert status in (200, 404, 405), (method, url + query, status, response.content[:200])
                text = response.content.decode()
                for marker in markers + other_city_markers:
                    assert marker not in text, (who, method, url + query, marker)
    assert checked >= 14 * 2 * len(METHODS)


def test_the_owners_read_every_endpoint(world, personas, api_client):
    """City A's standing committee reads every GET endpoint about ward A1 and finds A1 in the lists:
    the probe above asks about real objects."""
    ids, markers = world
    client = api_client(personas.reviewer)
    for route, name in api_routes():
        if name in PUBLIC:
            continue
        response = client.get(url_of(route, ids))
        assert response.status_code == 200, (route, response.content[:300])
    lists = {route: client.get("/" + route).content.decode() for route, _n in api_routes() if "<" not in route}
    assert markers[0] in lists["api/v1/committees/"] and markers[1] in lists["api/v1/plans/"]
    assert markers[2] in lists["api/v1/duties/"] and markers[3] in lists["api/v1/inspections/rounds/"]
    assert markers[0] in lists["api/v1/submissions/"]


def test_the_officer_of_a1_writes_a1s_values_and_nobody_else_does(world, personas, issued_plan, api_client):
    ids, _markers = world
    url = f"/api/v1/submissions/{issued_plan.sub_a1.pk}/indicator-values/"
    body = {"values": {str(issued_plan.indicators.meetings.pk): 3}}
    for who in ("reviewer", "other_ward_officer", "other_city_reviewer", "org_officer"):
        response = api_client(getattr(personas, who)).put(url, body, content_type="application/json")
        assert response.status_code == 404, who
    assert api_client(None).put(url, body, content_type="application/json").status_code == 401
    assert not issued_plan.sub_a1.values.exists()
    assert api_client(personas.officer).put(url, body, content_type="application/json").status_code == 200
    assert issued_plan.sub_a1.values.get().value == 3
