"""Passwords are stored with Argon2id at OWASP's parameters (a login costs ~50 ms of CPU, not the
~0.5 s of PBKDF2's million rounds); an account stored with PBKDF2 still logs in and is re-stored."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from mttq_portal import settings as portal_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = portal_settings.PASSWORD_HASHERS  # the tests' fast MD5 is set in conftest


def test_new_passwords_are_argon2id_with_owasp_parameters(real_hashers):
    stored = make_password("Mk-thu-nghiem-2024")
    assert stored.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_old_pbkdf2_password_logs_in_and_is_stored_again_with_argon2(real_hashers, client, settings):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user = get_user_model().objects.create(
        username="cu", password=PBKDF2PasswordHasher().encode("Mk-cu-2020", "salt1234")
    )
    response = client.post(reverse("login"), {"username": "cu", "password": "Mk-cu-2020"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert django_settings.PASSWORD_HASHERS[0].endswith("PortalArgon2PasswordHasher")
