"""The admin (/quan-tri/) answers only to settings.ADMIN_ALLOWED_NETWORKS; elsewhere it is a 404,
its login page included. Behind the TLS proxy the address is the proxy's X-Forwarded-For entry."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from mttq_portal.middleware import client_address


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("quantri_net", "qn@mttq.example", "x")


def _as(user, **meta):
    c = Client(**meta)
    c.force_login(user)
    return c


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.1.20", "172.16.5.5", "::1"])
def test_admin_opens_from_loopback_and_private_networks(admin_user, address):
    assert _as(admin_user, REMOTE_ADDR=address).get("/quan-tri/").status_code == 200


@pytest.mark.parametrize("address", ["203.0.113.7", "8.8.8.8", "2001:db8::1", ""])
def test_admin_is_a_404_from_other_addresses_even_for_the_administrator(admin_user, address):
    c = _as(admin_user, REMOTE_ADDR=address)
    assert c.get("/quan-tri/").status_code == 404
    assert c.get("/quan-tri/auth/user/").status_code == 404
    assert Client(REMOTE_ADDR=address).get("/quan-tri/login/").status_code == 404
    # the rest of the site is not concerned
    assert c.get("/dang-nhap/").status_code in (200, 302)


def test_the_networks_come_from_the_setting(admin_user, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["203.0.113.0/24"]
    assert _as(admin_user, REMOTE_ADDR="203.0.113.7").get("/quan-tri/").status_code == 200
    assert _as(admin_user, REMOTE_ADDR="127.0.0.1").get("/quan-tri/").status_code == 404


def test_staff_is_still_required_inside_the_network(personas, client_as):
    assert client_as(personas.reviewer).get("/quan-tri/").status_code == 302  # to the admin's login


def test_forwarded_for_counts_only_behind_the_proxy(admin_user, settings, rf):
    spoofed = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "127.0.0.1, 203.0.113.7"}
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_address(rf.get("/", **spoofed)) == "10.0.0.2"
    settings.TRUST_X_FORWARDED_FOR = True
    # the last entry is the one our proxy wrote; what the client put before it does not count
    assert client_address(rf.get("/", **spoofed)) == "203.0.113.7"
    assert _as(admin_user, **spoofed).get("/quan-tri/").status_code == 404
    assert (
        _as(admin_user, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.168.1.9").get("/quan-tri/").status_code == 200
    )
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"  # no header: the peer
