"""Error texts a person can meet are Vietnamese, never Django's bare English (#14)."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_null_character_in_a_form_is_refused_in_vietnamese(client):
    html = client.post(reverse("login"), {"username": "can\x00bo", "password": "x"}).content.decode()
    assert "ký tự rỗng (NUL)" in html and "Null characters" not in html


def test_a_form_sent_without_its_csrf_token_gets_a_vietnamese_page(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer)
    response = client.post(reverse("password_change"), {"old_password": "x"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Trang đã mở quá lâu" in html and "Quay lại" in html and 'class="navbar' in html
    assert "CSRF verification failed" not in html


def test_the_english_reader_gets_english_there(personas):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    html = client.post(reverse("login"), {"username": "a", "password": "b"}).content.decode()
    assert "Trang đã mở quá lâu" not in html
