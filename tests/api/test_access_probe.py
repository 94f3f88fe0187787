"""Every endpoint of /api/v1/, enumerated from the URL resolver (a new endpoint cannot escape), asked
with every HTTP method by the officer of another ward, the reviewer of another city and a request
without a token, about ward A1's objects (city A's, for what only city A reads). The answers are
exact: without a token 401; an endpoint about one object 404, as the pages; a list 200 without any
of the owners' objects (and 404 when filtered by ward A1); a method the endpoint does not take 405.
The owners get every GET, so the probe's objects are real; and a deliberately opened endpoint is
caught (test_the_probe_catches_an_opened_endpoint), so the probe can fail."""

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


def operations(route: str) -> dict[str, list[str]]:
    """{method: its query parameters} of a route, as the OpenAPI schema declares them."""
    from api.v1 import api

    paths = api.get_openapi_schema()["paths"]
    ops = paths["/" + re.sub(r"<id:(\w+)>", r"{\1}", route)]
    return {m: [q["name"] for q in op.get("parameters", []) if q["in"] == "query"] for m, op in ops.items()}


@pytest.fixture
def world(tree, personas, issued_plan, rnd):  # noqa: F811
    own = a1_only_plan(tree, personas, issued_plan.outline)
    congresses = congress_round(tree, committee=tree.city_a, by=personas.reviewer)
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
    # The owners' objects each list must not show to the others (their "id"s).
    owned = {
        "committees/": {tree.ward_a1.pk},
        "plans/": {own.plan.pk},
        "duties/": {own.duty.pk},
        "submissions/": {issued_plan.sub_a1.pk, own.sub.pk},
        "inspections/rounds/": {rnd.round.pk},
        "congresses/rounds/": {congresses.round.pk},
    }
    # Text that only ward A1's objects carry (names written in the world above).
    markers = [tree.ward_a1.name, own.plan.title, own.duty.title, rnd.round.title]
    return ids, owned, markers


def url_of(route: str, ids: dict) -> str:
    tail = route.removeprefix("api/v1/")
    if "<" not in tail:
        return "/" + route
    assert tail in ids, f"the access probe has no object for the new endpoint /{route}: add it to `ids`"
    return "/" + re.sub(r"<id:\w+>", str(ids[tail]), route)


def probe(client, who: str, world, tree) -> list[tuple]:
    """Every answer that is not exactly what `who` (another ward's officer, another city's reviewer,
    "anonymous") must get about ward A1: (method, url, status, why)."""
    ids, owned, markers = world
    markers = markers + (["thành phố A", "Phường A2"] if who == "other_city_reviewer" else [])
    wrong = []
    for route, name in api_routes():
        if name in PUBLIC:
            continue
        url, tail, ops = url_of(route, ids), route.removeprefix("api/v1/"), operations(route)
        is_list = "<" not in tail
        assert not is_list or tail in owned, f"the access probe has no owned objects for the new list /{route}"
        for method in METHODS:
            queries = [""] + ([f"?committee={tree.ward_a1.pk}"] if "committee" in ops.get(method, []) else [])
            for query in queries:
                body = {"values": {}} if method in ("put", "post", "patch") else None
                response = getattr(client, method)(url + query, body, content_type="application/json")
                status = response.status_code
                if method not in ops:
                    expected = 405
                elif who == "anonymous":
                    expected = 401
                elif is_list and not query:
                    expected = 200
                else:
                    expected = 404  # an object of A1, or a list filtered by A1: not theirs
                if status != expected:
                    wrong.append((method, url + query, status, f"expected {expected}"))
                    continue
                text = response.content.decode()
                wrong += [(method, url + query, status, f"shows {m}") for m in markers if m in text]
                if expected == 200:
                    shown = {item["id"] for item in response.json()["items"]} & owned[tail]
                    if shown:
                        wrong.append((method, url + query, status, f"lists {sorted(shown)}"))
    return wrong


def test_the_probe_sees_every_endpoint():
    names = {name for _route, name in api_routes()}
    assert {"openapi-json", "openapi-view"} <= names
    assert len([n for n in names if n not in PUBLIC]) >= 14


@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "anonymous"])
def test_no_endpoint_shows_ward_a1_to_others(world, personas, tree, api_client, who):
    client = api_client(None if who == "anonymous" else getattr(personas, who))
    assert probe(client, who, world, tree) == []


def test_the_probe_catches_an_opened_endpoint(world, personas, tree, api_client, monkeypatch):
    """Open the indicator values of any report and the totals of any duty to everyone (they answer
    as if the caller were a superuser; the detail of a report stays guarded): the probe must name
    exactly those two endpoints, for every one of their queries."""
    from django.contrib.auth import get_user_model
    from django.urls import resolve

    superuser = get_user_model().objects.create_superuser("qt_probe", "qt@example.org", "x")

    def opened(view):
        def as_superuser(request, **kwargs):
            request.user = superuser
            return view(request, **kwargs)

        return as_superuser

    ids = world[0]
    values = f"/api/v1/submissions/{ids['submissions/<id:pk>/indicator-values/']}/indicator-values/"
    totals = f"/api/v1/duties/{ids['duties/<id:pk>/indicator-totals/']}/indicator-totals/"
    for url in (values, totals):
        (path_view,) = [c.cell_contents for c in resolve(url).func.__closure__]  # ninja's PathView
        for operation in path_view.operations:
            if operation.view_func.__name__ in ("submission_values", "duty_indicator_totals"):
                monkeypatch.setattr(operation, "view_func", opened(operation.view_func))
    wrong = probe(api_client(personas.other_city_reviewer), "other_city_reviewer", world, tree)
    assert {(method, url, status) for method, url, status, _why in wrong} == {
        ("get", values, 200),
        ("get", totals, 200),
        ("get", f"{totals}?committee={tree.ward_a1.pk}", 200),
    }


def test_the_owners_read_every_endpoint(world, personas, api_client):
    """City A's standing committee reads every GET endpoint about ward A1 and finds A1's objects in
    the lists: the probe above asks about real objects."""
    ids, owned, markers = world
    client = api_client(personas.reviewer)
    for route, name in api_routes():
        if name in PUBLIC:
            continue
        response = client.get(url_of(route, ids))
        assert response.status_code == 200, (route, response.content[:300])
        tail = route.removeprefix("api/v1/")
        if tail in owned:
            listed = {item["id"] for item in client.get("/" + route + "?page_size=500").json()["items"]}
            assert owned[tail] <= listed, route
    lists = {route: client.get("/" + route).content.decode() for route, _n in api_routes() if "<" not in route}
    assert markers[0] in lists["api/v1/committees/"] and markers[1] in lists["api/v1/plans/"]
    assert markers[2] in lists["api/v1/duties/"] and markers[3] in lists["api/v1/inspections/rounds/"]
    assert markers[0] in lists["api/v1/submissions/"]


def test_every_endpoint_refuses_an_unknown_parameter(world, personas, api_client):
    """A typo ("comittee=") is a 400 naming it on every endpoint, never a silent "everything"."""
    ids = world[0]
    client = api_client(personas.reviewer)
    for route, name in api_routes():
        if name in PUBLIC:
            continue
        paged = "page" in operations(route)["get"]  # pagination stays allowed where there are pages
        response = client.get(url_of(route, ids) + ("?comittee=1&page=1" if paged else "?comittee=1"))
        assert response.status_code == 400, route
        assert "comittee" in response.json()["detail"] and "page" not in response.json()["detail"], route


def test_the_officer_of_a1_writes_a1s_values_and_nobody_else_does(world, personas, issued_plan, api_client):
    _ids, _owned, _markers = world
    url = f"/api/v1/submissions/{issued_plan.sub_a1.pk}/indicator-values/"
    body = {"values": {str(issued_plan.indicators.meetings.pk): 3}}
    for who in ("reviewer", "other_ward_officer", "other_city_reviewer", "org_officer"):
        response = api_client(getattr(personas, who)).put(url, body, content_type="application/json")
        assert response.status_code == 404, who
    assert api_client(None).put(url, body, content_type="application/json").status_code == 401
    assert not issued_plan.sub_a1.values.exists()
    assert api_client(personas.officer).put(url, body, content_type="application/json").status_code == 200
    assert issued_plan.sub_a1.values.get().value == 3
