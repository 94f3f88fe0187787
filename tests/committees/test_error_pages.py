"""The 404 and 500 pages in the portal's layout and language, the favicon, and the language
switch naming each language in itself."""

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from tests.conftest import make_user


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def test_404_is_in_the_portal_layout_and_vietnamese(db, production, client):
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html and "Cổng báo cáo MTTQ" in html and 'class="navbar' in html
    assert reverse("home") in html and "favicon" in html


def test_404_in_english_for_an_english_reader(db, production, client):
    client.cookies["django_language"] = "en"
    html = client.get("/khong-co-trang-nay/").content.decode()
    assert "Page not found" in html and "Không tìm thấy trang" not in html


def test_500_renders_with_only_what_django_gives(db, rf, production, django_assert_num_queries):
    with django_assert_num_queries(0):  # the database may be the reason for the error
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Đã có lỗi ở máy chủ" in html and 'class="navbar' in html and "favicon" in html


def test_500_page_for_a_failing_view(db, production, settings):
    from django.urls import path

    import mttq_portal.urls

    def boom(request):
        raise RuntimeError("lỗi thử")

    urls = type("urls", (), {"urlpatterns": [path("loi/", boom), *mttq_portal.urls.urlpatterns]})
    settings.ROOT_URLCONF = urls
    response = Client(raise_request_exception=False).get("/loi/")
    assert response.status_code == 500 and "Đã có lỗi ở máy chủ" in response.content.decode()


def test_favicon_is_linked_and_served(db, client):
    html = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.ico")
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.ico") and finders.find("favicon.svg")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_language_switch_names_each_language_in_itself(db, client, language):
    client.force_login(make_user("canbo.lang"))
    client.cookies["django_language"] = language
    html = client.get(reverse("home")).content.decode()
    assert ">Tiếng Việt</option>" in html and ">English</option>" in html
    assert ">Vietnamese</option>" not in html and ">Tiếng Anh</option>" not in html
