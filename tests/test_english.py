"""The English catalogue: choosing English with the language switcher (/ngon-ngu/) shows the
interface in English; without a choice the site stays in Vietnamese."""

import pytest
from django.utils import translation
from django.utils.html import escape

pytestmark = pytest.mark.django_db

LOGIN = "Đăng nhập"
MY_REPORTS = "Báo cáo của đơn vị"  # the officer's nav entry


def english(msgid):
    """The English catalogue's translation, as it appears in HTML; it must really be English."""
    with translation.override("en"):
        text = translation.gettext(msgid)
    assert text != msgid and text.isascii(), f"{msgid!r} has no English translation"
    return escape(text)


def choose_english(client):
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def test_the_catalogue_has_english_for_the_checked_words():
    # Currently "Log in" and "Committee reports"; the page tests below read them from the catalogue.
    assert english(LOGIN) and english(MY_REPORTS)


def test_login_page_in_english(client_as):
    body = choose_english(client_as(None)).get("/dang-nhap/").content.decode()
    assert english(LOGIN) in body
    assert english("Tên đăng nhập") in body
    assert LOGIN not in body
    assert "Tên đăng nhập" not in body
    assert "Mật khẩu" not in body


def test_home_page_in_english_for_an_officer(personas, client_as):
    body = choose_english(client_as(personas.officer)).get("/").content.decode()
    assert english(MY_REPORTS) in body
    assert english("Đăng xuất") in body
    assert MY_REPORTS not in body
    assert "Đăng xuất" not in body


def test_vietnamese_without_a_choice(personas, client_as):
    login = client_as(None).get("/dang-nhap/").content.decode()
    assert LOGIN in login
    assert english(LOGIN) not in login

    home = client_as(personas.officer).get("/").content.decode()
    assert MY_REPORTS in home
    assert english(MY_REPORTS) not in home


def test_an_english_phone_still_gets_vietnamese_until_english_is_chosen(client_as):
    body = client_as(None).get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert LOGIN in body and english(LOGIN) not in body
    assert 'lang="vi"' in body
