import re

from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng"


def test_login_with_right_password_goes_home(personas, client):
    response = client.post(reverse("login"), {"username": "canbo_a1", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


def test_wrong_password_and_unknown_account_get_the_same_vietnamese_message(personas, client):
    wrong_password = client.post(reverse("login"), {"username": "canbo_a1", "password": "sai"})
    unknown = client.post(reverse("login"), {"username": "khong_ton_tai", "password": "sai"})
    assert wrong_password.status_code == unknown.status_code == 200
    assert WRONG in wrong_password.content.decode()
    assert WRONG in unknown.content.decode()
    # the username typed stays in the form
    assert 'value="canbo_a1"' in wrong_password.content.decode()


def test_login_page_is_vietnamese(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in page and "Mật khẩu" in page and 'lang="vi"' in page


def test_logout(personas, client_as):
    c = client_as(personas.officer)
    response = c.post(reverse("logout"))
    assert response.status_code == 302
    assert c.get(reverse("home")).status_code == 302


def test_password_change(personas, client_as):
    c = client_as(personas.officer)
    response = c.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"},
    )
    assert response.status_code == 302
    personas.officer.refresh_from_db()
    assert personas.officer.check_password("Mat-khau-moi-2025")


def test_password_reset_by_email(personas, client):
    response = client.post(reverse("password_reset"), {"email": "canbo_a1@mttq.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["canbo_a1@mttq.example"]
    assert "Đặt lại mật khẩu" in message.subject
    link = re.search(r"http://\S+/mat-khau/dat-lai/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1] if "testserver" in link else "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"}
    )
    assert response.status_code == 302
    personas.officer.refresh_from_db()
    assert personas.officer.check_password("Mat-khau-moi-2025")


def test_password_reset_does_not_say_whether_the_address_exists(personas, client):
    response = client.post(reverse("password_reset"), {"email": "khong-co@mttq.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_admin_requires_staff(personas, client_as):
    assert client_as(personas.reviewer).get("/quan-tri/").status_code == 302


def test_admin_manages_tree_and_accounts_with_roles(db, client_as, tree):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("quantri_test", "qt@mttq.example", "x")
    c = client_as(admin_user)
    assert c.get("/quan-tri/committees/committee/").status_code == 200
    page = c.get(f"/quan-tri/auth/user/{admin_user.pk}/change/").content.decode()
    assert "memberships" in page  # the roles inline is on the account page


def test_every_admin_list_opens_for_the_administrator(db, client_as, issued_plan):
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    c = client_as(get_user_model().objects.create_superuser("quantri_all", "qa@mttq.example", "x"))
    for model in admin.site._registry:
        url = f"/quan-tri/{model._meta.app_label}/{model._meta.model_name}/"
        assert c.get(url).status_code == 200, url
    assert c.get(f"/quan-tri/reports/submission/{issued_plan.sub_a1.pk}/change/").status_code == 200
    assert c.get(f"/quan-tri/plans/plan/{issued_plan.plan.pk}/change/").status_code == 200
