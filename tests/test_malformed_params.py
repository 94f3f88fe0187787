"""Malformed numbers from a request never crash a view (#14): "²" passes str.isdigit() but not int(),
a 20-digit id overflows the database. One parser (lib.params) answers 400, or the view's 404."""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lib.params import IdConverter, id_param, parse_id

BAD = ["²", "٣", "99999999999999999999", "abc", "-1", "1e3", " 7", "0"]
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw", BAD + [None, 1.5, True, [], {}])
def test_parse_id_refuses_what_is_not_an_id(raw):
    assert parse_id(raw) is None


def test_parse_id_reads_ids():
    assert parse_id("42") == 42 and parse_id(42) == 42 and parse_id(str(2**63 - 1)) == 2**63 - 1
    assert parse_id(str(2**63)) is None


def test_id_param_is_none_when_absent_and_a_bad_request_when_malformed():
    from django.core.exceptions import BadRequest

    assert id_param({}, "x") is None and id_param({"x": ""}, "x") is None and id_param({"x": "5"}, "x") == 5
    with pytest.raises(BadRequest):
        id_param({"x": "²"}, "x")


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name


def id_routes():
    return sorted({(route, name) for route, name in _routes(get_resolver().url_patterns) if "<id:" in route})


def test_every_url_with_an_id_uses_the_bounded_converter():
    ints = [route for route, _ in _routes(get_resolver().url_patterns) if "<int:" in route]
    assert ints == [], "use <id:...> (lib.params.IdConverter): <int:> lets a 20-digit id reach the database"
    assert len(id_routes()) > 30


def test_a_20_digit_id_in_any_url_is_a_404_not_a_crash(client_as, personas):
    client = client_as(personas.reviewer)
    for route, name in id_routes():
        path = "/" + re.sub(r"<id:\w+>", "99999999999999999999", route)
        assert client.get(path).status_code == 404, (name, path)
        assert client.post(path).status_code == 404, (name, path)
    assert IdConverter().to_url(12) == "12"


@pytest.fixture
def bad_values():
    return ["²", "99999999999999999999", "abc"]


def test_dashboard_parameters(issued_plan, personas, client_as, bad_values):
    c = client_as(personas.reviewer)
    plan_url = reverse("reports-dashboard-plan", args=[issued_plan.plan.pk])
    for value in bad_values:
        assert c.get(plan_url, {"under": value}).status_code == 400
        assert c.get(plan_url, {"duty": value}).status_code == 400
        assert c.get(reverse("reports-dashboard-overview"), {"committee": value}).status_code == 400
    page = c.get(plan_url, {"under": "²"}).content.decode()
    assert "Yêu cầu không hợp lệ" in page and 'class="navbar' in page


def test_reminder_schedule_of_a_malformed_plan_key(issued_plan, personas, client_as):
    c = client_as(personas.reviewer)
    for key in ["plan:²", "plan:99999999999999999999", "plan:"]:
        assert c.get(reverse("reminders-rule-edit", args=[key])).status_code == 404
        assert c.post(reverse("reminders-remind-now", args=[key]), {"token": "x"}).status_code == 404


def test_outline_item_parent(issued_plan, personas, client_as, bad_values):
    from reports.models import Outline

    outline = Outline.objects.create(committee=issued_plan.plan.committee, title="Đề cương thử")
    c = client_as(personas.reviewer)
    for value in bad_values:
        r = c.post(reverse("reports-outline-item-add", args=[outline.pk]), {"parent": value, "title": "Mục"})
        assert r.status_code in (400, 404), value


def test_no_javascript_edit_form(issued_plan, personas, client_as, bad_values):
    c = client_as(personas.officer)
    url = reverse("reports-submission-edit", args=[issued_plan.sub_a1.pk])
    item = issued_plan.items.s11.pk
    for value in bad_values:
        r = c.post(
            url,
            {
                f"section-{value}": "<p>x</p>",
                f"indicator-{value}": "3",
                f"section-{item}": "<p>Đã làm.</p>",
                f"revision-{item}": value,
            },
        )
        assert r.status_code in (200, 302, 400), value


def test_autosave_ids(issued_plan, personas, client_as, bad_values):
    c = client_as(personas.officer)
    url = reverse("reports-submission-save-section", args=[issued_plan.sub_a1.pk])
    item = issued_plan.items.s11.pk
    for value in bad_values:
        for payload in [
            {"indicators": {value: "3"}},
            {"item": value, "html": "<p>x</p>", "revision": 0},
            {"item": item, "html": "<p>x</p>", "revision": value},
        ]:
            r = c.post(url, data=json.dumps(payload), content_type="application/json")
            assert r.status_code in (400, 409), (payload, r.status_code)
            assert r.headers["Content-Type"] == "application/json"


def test_word_import_target(issued_plan, personas, client_as, bad_values):
    c = client_as(personas.officer)
    url = reverse("reports-submission-import-word", args=[issued_plan.sub_a1.pk])
    for value in bad_values:
        r = c.post(url, {"confirm": "1", "piece_count": "1", "piece-0": "Đoạn", "target-0": value})
        assert r.status_code in (200, 302, 400), value
