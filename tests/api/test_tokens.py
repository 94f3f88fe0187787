"""API tokens: only a hash is stored; a revoked, unknown or missing token is a 401; the page
"Mã truy cập API", the admin and `manage.py api_token` make them; a person revokes only their own."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke, token_hash

pytestmark = pytest.mark.django_db
URL = "/api/v1/committees/"


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_only_a_hash_of_the_token_is_stored(personas):
    token, raw = api_token_create(user=personas.officer, name="Bảng tỉnh")
    row = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith("mttq_") and len(raw) > 40
    assert row.key_hash == token_hash(raw) and raw not in {row.key_hash, row.prefix, row.name}
    assert raw.startswith(row.prefix)


def test_a_revoked_token_is_refused_with_401(client, personas):
    token, raw = api_token_create(user=personas.officer, name="Bảng tỉnh")
    assert client.get(URL, **bearer(raw)).status_code == 200
    assert api_token_revoke(token=token, by=personas.officer) is True
    assert api_token_revoke(token=token, by=personas.officer) is False  # once
    response = client.get(URL, **bearer(raw))
    assert response.status_code == 401 and "thu hồi" in response.json()["detail"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_no_token_and_a_session_are_401(client, personas):
    assert client.get(URL, **bearer("mttq_khongco")).status_code == 401
    assert client.get(URL).status_code == 401
    client.force_login(personas.reviewer)  # the API takes tokens, not the site's login cookie
    assert client.get(URL).status_code == 401


def test_the_token_of_a_deactivated_account_is_refused(client, personas):
    _token, raw = api_token_create(user=personas.officer, name="x")
    personas.officer.is_active = False
    personas.officer.save()
    assert client.get(URL, **bearer(raw)).status_code == 401


def test_the_page_makes_shows_once_and_revokes_a_token(client_as, personas):
    client = client_as(personas.officer)
    page = reverse("api-tokens")
    response = client.post(page, {"name": "Công cụ của tỉnh"})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw and raw in response.content.decode()
    again = client.get(page).content.decode()
    assert raw not in again and "Công cụ của tỉnh" in again  # shown once
    assert client_as(None).get(URL, **bearer(raw)).status_code == 200
    token = ApiToken.objects.get(user=personas.officer)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 302
    assert client_as(None).get(URL, **bearer(raw)).status_code == 401


def test_the_page_keeps_a_blank_name_typed_and_explains(client_as, personas):
    response = client_as(personas.officer).post(reverse("api-tokens"), {"name": ""})
    assert response.status_code == 200 and response.context["new_token"] is None
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_nobody_revokes_anothers_token_and_the_page_needs_a_login(client_as, personas):
    token, raw = api_token_create(user=personas.officer, name="x")
    for who in (personas.other_ward_officer, personas.reviewer, personas.other_city_reviewer):
        assert client_as(who).post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
        assert "x" not in [t.name for t in client_as(who).get(reverse("api-tokens")).context["tokens"]]
    anonymous = client_as(None)
    assert anonymous.get(reverse("api-tokens")).status_code == 302
    assert anonymous.post(reverse("api-token-revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_command_prints_a_working_token(client, personas):
    out = io.StringIO()
    call_command("api_token", personas.reviewer.username, "--name", "Sổ tay dữ liệu", stdout=out)
    raw = out.getvalue().strip()
    assert client.get(URL, **bearer(raw)).json()["count"] == 4  # city A, A1, A2, the member organisation
    with pytest.raises(CommandError):
        call_command("api_token", "khong-ai-ca", stdout=io.StringIO())


def test_the_admin_makes_a_token_and_shows_it_once(client, personas, settings):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("qt", "qt@mttq.example", "x")
    client.force_login(admin)
    response = client.post(
        reverse("admin:api_apitoken_add"), {"user": personas.officer.pk, "name": "Từ quản trị"}, follow=True
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    raw = next(m.split(": ")[-1] for m in shown if "mttq_" in m)
    token = ApiToken.objects.get(name="Từ quản trị")
    assert token.user == personas.officer and token.key_hash == token_hash(raw)
    client.post(reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_only_a_superuser_makes_tokens_in_the_admin(client, personas):
    """Staff holding every permission on tokens still cannot mint one for another account (it would
    act as that account): the admin of tokens is for superusers only."""
    from django.contrib.auth.models import Permission

    staff = personas.reviewer
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="api"))
    client.force_login(staff)
    add = reverse("admin:api_apitoken_add")
    assert client.get(add).status_code == 403
    assert client.post(add, {"user": personas.officer.pk, "name": "Lén"}).status_code == 403
    assert client.get(reverse("admin:api_apitoken_changelist")).status_code == 403
    assert not ApiToken.objects.exists()
    assert "api_apitoken" not in client.get(reverse("admin:index")).content.decode()


def test_an_unknown_api_address_is_a_json_404(client, personas, token_for):
    for headers in ({}, {"HTTP_AUTHORIZATION": f"Bearer {token_for(personas.officer)}"}):
        response = client.get("/api/v1/khong-co/", **headers)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert "Không có địa chỉ này trong API" in response.json()["detail"]
    assert client.get("/api/v1/committees", **headers).status_code == 301  # the slash added, as before
    page = client.get("/khong-co-trang-nay/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
