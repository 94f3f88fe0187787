import re
from datetime import timedelta

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


def _reset_request(client, address, capture):
    """Ask for a reset email; returns (response, on-commit callbacks, emails sent during the request)."""
    with capture(execute=False) as callbacks:
        response = client.post(reverse("password_reset"), {"email": address})
        sent_in_request = len(mail.outbox)
    return response, callbacks, sent_in_request


def test_password_reset_by_email(personas, client, django_capture_on_commit_callbacks):
    from outbox.models import Email
    from outbox.services import email_send

    response, callbacks, sent = _reset_request(client, "canbo_a1@mttq.example", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert sent == 0  # no SMTP exchange inside the request: the email is a row, sent by a worker
    row = Email.objects.get(kind="password_reset")
    assert row.to == "canbo_a1@mttq.example" and len(callbacks) == 1  # the send task, after the commit
    assert email_send(email_id=row.pk) == "sent"
    message = mail.outbox[0]
    assert message.to == ["canbo_a1@mttq.example"]
    row.refresh_from_db()  # once sent, the link is its recipient's alone: not kept in the outbox
    assert row.body_text == row.body_html == "" and row.subject
    assert "Đặt lại mật khẩu" in message.subject
    link = re.search(r"http://\S+/mat-khau/dat-lai/\S+/", message.body).group(0)
    assert link.startswith("http://127.0.0.1:8000/")  # settings.SITE_URL, not the request's Host
    path = "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"}
    )
    assert response.status_code == 302
    personas.officer.refresh_from_db()
    assert personas.officer.check_password("Mat-khau-moi-2025")


def test_password_reset_does_not_say_whether_the_address_exists(personas, client, django_capture_on_commit_callbacks):
    from outbox.models import Email

    known, known_callbacks, known_sent = _reset_request(
        client, "canbo_a1@mttq.example", django_capture_on_commit_callbacks
    )
    unknown, unknown_callbacks, unknown_sent = _reset_request(
        client, "khong-co@mttq.example", django_capture_on_commit_callbacks
    )
    # The same answer, and neither talks to the SMTP server inside the request.
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url) == (302, reverse("password_reset_done"))
    assert known_sent == unknown_sent == 0 and mail.outbox == []
    assert list(Email.objects.values_list("to", flat=True)) == ["canbo_a1@mttq.example"]
    assert len(known_callbacks) == 1 and unknown_callbacks == []


def test_each_reset_request_is_its_own_email(personas, client, django_capture_on_commit_callbacks):
    from outbox.models import Email

    for _ in range(2):
        _reset_request(client, "canbo_a1@mttq.example", django_capture_on_commit_callbacks)
    assert Email.objects.filter(kind="password_reset", to="canbo_a1@mttq.example").count() == 2


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


# --- login throttling (django-axes) ------------------------------------------------------------
LOCKED = "Đã nhập sai mật khẩu quá nhiều lần"


def _fail(client, username, times, **extra):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "sai"}, **extra)


def test_account_is_locked_after_five_wrong_passwords_even_with_the_right_one(personas, client, settings):
    assert settings.AXES_ENABLED and settings.AXES_FAILURE_LIMIT == 5
    _fail(client, "canbo_a1", 5)
    response = client.post(reverse("login"), {"username": "canbo_a1", "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "15 phút" in page and reverse("password_reset") in page
    assert "_auth_user_id" not in client.session
    # by account: another address does not help
    other = client.post(reverse("login"), {"username": "canbo_a1", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 429 and "_auth_user_id" not in client.session


def test_four_wrong_passwords_then_the_right_one_logs_in_and_starts_again(personas, client):
    _fail(client, "canbo_a1", 4)
    response = client.post(reverse("login"), {"username": "canbo_a1", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


def test_an_address_trying_many_accounts_is_locked(personas, client):
    for username in ("canbo_a1", "canbo_a2", "lanhdao_a1", "btt_a", "khong_ton_tai"):
        _fail(client, username, 1, REMOTE_ADDR="203.0.113.7")
    response = client.post(reverse("login"), {"username": "canbo_b1", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    # the account itself was never tried wrongly: from another address it logs in
    fine = client.post(reverse("login"), {"username": "canbo_b1", "password": PASSWORD}, REMOTE_ADDR="203.0.113.8")
    assert fine.status_code == 302


def test_the_lock_ends_after_fifteen_minutes(personas, client):
    import time_machine
    from django.utils import timezone

    _fail(client, "canbo_a1", 5)
    assert client.post(reverse("login"), {"username": "canbo_a1", "password": PASSWORD}).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        response = client.post(reverse("login"), {"username": "canbo_a1", "password": PASSWORD})
    assert response.status_code == 302


def test_resetting_the_password_by_email_lifts_the_lock(personas, client, django_capture_on_commit_callbacks):
    from outbox.models import Email

    _fail(client, "canbo_a1", 5)
    with django_capture_on_commit_callbacks():
        client.post(reverse("password_reset"), {"email": "canbo_a1@mttq.example"})
    link = re.search(r"/mat-khau/dat-lai/\S+/", Email.objects.get(to="canbo_a1@mttq.example").body_text).group(0)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"}
    )
    response = client.post(reverse("login"), {"username": "canbo_a1", "password": "Mat-khau-moi-2025"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_admin_login_is_throttled_too(db, client):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("quantri_test", "qt@mttq.example", PASSWORD)
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "quantri_test", "password": "sai"})
    response = client.post(url, {"username": "quantri_test", "password": PASSWORD, "next": "/quan-tri/"})
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logins_without_a_request_still_work(personas, client):
    """Client.login calls authenticate() without a request: not throttled, not broken."""
    assert client.login(username="canbo_a1", password=PASSWORD)
    assert client.get(reverse("home")).status_code == 200
