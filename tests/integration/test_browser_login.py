import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ward_officer_logs_in_on_a_phone_and_sees_home(personas, page, live_server, tmp_path):
    page.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in page.url
    page.fill("input[name=username]", "canbo_a1")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit]")
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng").is_visible()
    assert page.input_value("input[name=username]") == "canbo_a1"

    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Xin chào, canbo_a1").is_visible()
    assert page.get_by_text("Ủy ban MTTQ Phường A1").is_visible()
    # Bootstrap is served by the project: its CSS applied (the navbar toggler shows on a phone)
    assert page.locator(".navbar-toggler").is_visible()
    page.screenshot(path=str(tmp_path / "home-phone.png"), full_page=True)
