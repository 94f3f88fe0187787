"""People's names are Vietnamese: stored as written, family name first, shown through one helper
(committees.people.display_name / the `person` filter) on every page, in Excel and in messages."""

import io
import unicodedata

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.urls import reverse
from openpyxl import load_workbook

from committees.models import Profile
from committees.people import display_name, given_name, person_sort_key, set_full_name
from reports.models import Submission
from tests.conftest import local_dt

S = Submission.State


@pytest.fixture
def hai(db):
    user = get_user_model().objects.create_user(
        username="hai",
        password="x",
        first_name="Hải",
        last_name="Nguyễn Hồng",  # the Western split
    )
    set_full_name(user, "Nguyễn Hồng Hải")
    return user


def test_full_name_is_shown_as_written_never_built_from_first_and_last(hai):
    assert display_name(hai) == "Nguyễn Hồng Hải"
    assert given_name(hai) == "Hải"
    assert Template("{% load portal %}{{ u|person }}").render(Context({"u": hai})) == "Nguyễn Hồng Hải"


def test_without_a_stored_name_the_username_is_shown_not_a_western_order_name(db):
    user = get_user_model().objects.create_user(username="canbo.x", first_name="Hải", last_name="Nguyễn")
    assert display_name(user) == "canbo.x"
    assert display_name(None) == ""


def test_full_name_is_kept_in_nfc_with_tidy_spaces(db):
    user = get_user_model().objects.create_user(username="u1")
    set_full_name(user, unicodedata.normalize("NFD", "  Trần   Thị Thuỷ "))
    assert Profile.objects.get(user=user).full_name == unicodedata.normalize("NFC", "Trần Thị Thuỷ")


def test_people_sort_by_given_name_in_vietnamese_order(db):
    User = get_user_model()
    names = ["Nguyễn Văn Đức", "Lê Thị Dung", "Trần Văn Em", "Phạm Thị Ánh", "Võ Văn An"]
    users = []
    for i, name in enumerate(names):
        user = User.objects.create_user(username=f"p{i}")
        set_full_name(user, name)
        users.append(user)
    ordered = [display_name(u) for u in sorted(users, key=person_sort_key)]
    assert ordered == ["Võ Văn An", "Phạm Thị Ánh", "Lê Thị Dung", "Nguyễn Văn Đức", "Trần Văn Em"]


def test_home_page_greets_and_menu_shows_the_full_name(hai, client):
    client.force_login(hai)
    html = client.get(reverse("home")).content.decode()
    assert "Xin chào, Nguyễn Hồng Hải" in html
    assert "Hải Nguyễn Hồng" not in html


@time_machine.travel(local_dt(2022, 6, 20, 9, 0), tick=False)
def test_reviewer_column_and_excel_export_show_the_full_name(issued_plan, personas, client_as):
    from tests.reports.dashboard_factories import set_state

    set_full_name(personas.reviewer, "Nguyễn Hồng Hải")
    p = issued_plan
    set_state(
        p.sub_org,
        S.ACCEPTED,
        submitted=local_dt(2022, 6, 16, 15, 30),
        accepted=local_dt(2022, 6, 17, 8, 0),
        reviewer=personas.reviewer,
    )
    c = client_as(personas.reviewer)
    html = c.get(reverse("reports-dashboard-plan", args=[p.plan.pk])).content.decode()
    assert "Nguyễn Hồng Hải" in html
    response = c.get(reverse("reports-dashboard-status-xlsx", args=[p.plan.pk]))
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = {ws.cell(row=r, column=11).value for r in range(5, ws.max_row + 1)}
    assert "Nguyễn Hồng Hải" in cells


def test_autosave_conflict_message_names_the_other_person_family_name_first(issued_plan, personas, client_as):
    from reports.submissions import services

    sub = issued_plan.sub_a1
    set_full_name(personas.leader, "Trần Thị Bích Thuỷ")
    item = sub.duty.outline.items.filter(parent__isnull=False).first() or sub.duty.outline.items.first()
    services.section_save(submission=sub, item=item, html="<p>Bản của lãnh đạo</p>", revision=0, by=personas.leader)
    response = client_as(personas.officer).post(
        reverse("reports-submission-save-section", args=[sub.pk]),
        data={"item": item.pk, "html": "<p>Bản của cán bộ</p>", "revision": 0},
        content_type="application/json",
    )
    assert response.status_code == 409, response.content
    assert "Trần Thị Bích Thuỷ" in response.json()["error"]


def test_admin_sets_the_full_name_on_the_account_page(db, client):
    User = get_user_model()
    admin = User.objects.create_superuser("quantri", "q@mttq.example", "x")
    user = User.objects.create_user(username="canbo.moi")
    client.force_login(admin)
    url = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(url)
    assert page.status_code == 200 and "profile-0-full_name" in page.content.decode()
    form = {
        "username": "canbo.moi",
        "email": "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/01/2024",
        "date_joined_1": "08:00",
        "profile-TOTAL_FORMS": "1",
        "profile-INITIAL_FORMS": "0",
        "profile-MIN_NUM_FORMS": "0",
        "profile-MAX_NUM_FORMS": "1",
        "profile-0-full_name": "Lê Thị Hồng Gấm",
        "profile-0-user": user.pk,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    user.refresh_from_db()
    assert display_name(user) == "Lê Thị Hồng Gấm"


def test_demo_accounts_have_their_full_names(db):
    from demo import committees as demo_committees

    demo_committees.load()
    user = get_user_model().objects.get(username="btt.soctrang")
    assert display_name(user) == "Dương Sà Kha"
