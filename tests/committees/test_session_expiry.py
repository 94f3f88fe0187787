"""A login ends when the browser closes or after 8 idle hours; "Ghi nhớ đăng nhập" keeps it 14 idle
days. Activity moves the end forward."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import PASSWORD, local_dt

pytestmark = pytest.mark.django_db


def login(client, user, remember=False):
    data = {"username": user.username, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    response = client.post(reverse("login"), data)
    assert response.status_code == 302
    return response


def logged_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


START = local_dt(2026, 3, 2, 8, 0)


def test_without_remember_the_cookie_ends_with_the_browser_and_8_idle_hours_log_out(client, personas):
    with time_machine.travel(START, tick=False) as clock:
        response = login(client, personas.officer)
        cookie = response.cookies["sessionid"]
        assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
        clock.shift(timedelta(hours=7, minutes=59))
        assert logged_in(client)
        clock.shift(timedelta(hours=7, minutes=59))  # active a moment ago: still in
        assert logged_in(client)
        clock.shift(timedelta(hours=8, minutes=1))
        assert not logged_in(client)


def test_a_busy_session_is_not_rewritten_on_every_request(client, personas):
    from django.contrib.sessions.models import Session

    with time_machine.travel(START, tick=False) as clock:
        login(client, personas.officer)
        key = client.cookies["sessionid"].value
        first = Session.objects.get(session_key=key).expire_date
        clock.shift(timedelta(minutes=1))
        assert logged_in(client)
        assert Session.objects.get(session_key=key).expire_date == first
        clock.shift(timedelta(minutes=5))
        assert logged_in(client)
        assert Session.objects.get(session_key=key).expire_date == first + timedelta(minutes=6)


def test_remember_keeps_the_login_for_14_idle_days(client, personas):
    with time_machine.travel(START, tick=False) as clock:
        response = login(client, personas.officer, remember=True)
        assert int(response.cookies["sessionid"]["max-age"]) == 14 * 24 * 3600
        clock.shift(timedelta(days=13))
        assert logged_in(client)
        clock.shift(timedelta(days=13))
        assert logged_in(client)
        clock.shift(timedelta(days=14, minutes=1))
        assert not logged_in(client)


def test_the_login_page_offers_remember_unticked(client):
    page = client.get(reverse("login")).content.decode()
    assert 'name="remember"' in page and "Ghi nhớ đăng nhập trên máy này" in page
    assert 'name="remember" checked' not in page and "checked" not in page.split('name="remember"')[1].split(">")[0]
