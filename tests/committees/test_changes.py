"""Every change of a committee and of a person's roles is recorded with who made it, when and how
(committees.audit), and shown to the standing committees above (committees-changes,
committees-person-changes)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.models import ChangeRecord, Membership


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("quantri", "qt@mttq.example", "x")


def test_admin_change_of_a_role_is_recorded_with_who_and_how(tree, personas, superuser, client_as):
    membership = Membership.objects.get(user=personas.officer)
    url = reverse("admin:committees_membership_change", args=[membership.pk])
    response = client_as(superuser).post(
        url, {"user": personas.officer.pk, "committee": tree.ward_a1.pk, "role": "leader", "title": "Phó Chủ tịch"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = ChangeRecord.objects.filter(person=personas.officer, action="changed").get()
    assert record.actor == superuser and record.via == ChangeRecord.Via.ADMIN
    assert record.changes["role"] == ["officer", "leader"] and record.committee_id == tree.ward_a1.pk


def test_admin_rename_of_a_committee_is_recorded(tree, superuser, client_as):
    c = tree.ward_a2
    url = reverse("admin:committees_committee_change", args=[c.pk])
    data = {
        "name": "Ủy ban MTTQ Phường A2 Mới",
        "short_name": "",
        "level": c.level,
        "kind": c.kind,
        "code": c.code,
        "emails": c.emails,
        "place": c.place,
        "header_lines": "",
        "parent": c.parent_id,
        "is_active": "on",
        "active_from": "",
        "active_until": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    response = client_as(superuser).post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    record = ChangeRecord.objects.get(committee_id=c.pk, action="changed")
    assert record.changes == {"name": ["Ủy ban MTTQ Phường A2", "Ủy ban MTTQ Phường A2 Mới"]}
    assert record.actor == superuser and record.via == ChangeRecord.Via.ADMIN


def test_deleting_a_role_is_recorded_and_outlives_it(tree, personas):
    Membership.objects.filter(user=personas.other_ward_officer).delete()
    record = ChangeRecord.objects.get(person=personas.other_ward_officer, action="deleted")
    assert record.committee_id == tree.ward_a2.pk and record.via == ChangeRecord.Via.SYSTEM


def test_committee_changes_page_for_the_standing_committee_above(tree, personas, client_as):
    Membership.objects.create(user=personas.nobody, committee=tree.ward_a1, role="officer")
    url = reverse("committees-changes", args=[tree.ward_a1.pk])
    page = client_as(personas.reviewer).get(url)
    assert page.status_code == 200
    assert "chua_phan_cong" in page.content.decode()
    for user in (
        personas.officer,
        personas.other_ward_officer,
        personas.other_city_reviewer,
        personas.other_city_officer,
    ):
        assert client_as(user).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302


def test_person_changes_page_for_the_standing_committee_above_only(tree, personas, client_as):
    url = reverse("committees-person-changes", args=[personas.officer.pk])
    page = client_as(personas.reviewer).get(url)
    assert page.status_code == 200 and "Cán bộ (soạn báo cáo)" in page.content.decode()
    for user in (personas.officer, personas.other_ward_officer, personas.other_city_reviewer):
        assert client_as(user).get(url).status_code == 404
    assert client_as(None).get(url).status_code == 302
    assert client_as(personas.reviewer).get(reverse("committees-person-changes", args=[999999])).status_code == 404


def test_a_person_moved_away_stays_visible_to_the_committee_above_the_old_one(tree, personas, client_as):
    m = Membership.objects.get(user=personas.other_ward_officer)
    m.committee = tree.ward_b1
    m.save()
    url = reverse("committees-person-changes", args=[personas.other_ward_officer.pk])
    assert client_as(personas.reviewer).get(url).status_code == 200  # city A: the old ward's
    assert client_as(personas.other_city_reviewer).get(url).status_code == 200  # city B: the new one's
    assert ChangeRecord.objects.filter(
        person=personas.other_ward_officer, committee=tree.ward_a2, action="deleted"
    ).exists()


def test_committee_page_links_its_changes_only_for_those_above(tree, personas, client_as):
    url = reverse("committees-detail", args=[tree.ward_a1.pk])
    changes = reverse("committees-changes", args=[tree.ward_a1.pk])
    assert changes in client_as(personas.reviewer).get(url).content.decode()
    assert changes not in client_as(personas.officer).get(url).content.decode()


def test_admin_lists_changes_and_reorganisations_read_only(tree, personas, superuser, client_as):
    import datetime

    from committees.reorg.services import Decision, committee_rename

    committee_rename(
        committee=tree.ward_a1,
        name="Phường Một",
        decision=Decision(
            effective_on=datetime.date(2025, 7, 1), number="7/QĐ", date=datetime.date(2025, 6, 1), body="Tỉnh"
        ),
        by=personas.reviewer,
    )
    Membership.objects.filter(user=personas.other_ward_officer).delete()
    admin = client_as(superuser)
    page = admin.get(reverse("admin:committees_changerecord_changelist"))
    assert page.status_code == 200 and "Phường Một" in page.content.decode()
    assert admin.get(reverse("admin:committees_reorganisation_changelist")).status_code == 200
    assert admin.get(reverse("admin:committees_changerecord_add")).status_code == 403
    assert client_as(personas.reviewer).get(reverse("admin:committees_changerecord_changelist")).status_code == 302
