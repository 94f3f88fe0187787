"""Who sees which committee: ward A vs ward B vs city reviewer vs another city vs anonymous."""

from django.urls import reverse

from committees.access import get_access


def test_officer_acts_only_for_own_ward(personas, tree):
    access = get_access(personas.officer)
    assert access.can_view(tree.ward_a1)
    assert access.can_act_for(tree.ward_a1)
    assert not access.can_view(tree.ward_a2)
    assert not access.can_view(tree.city_a)
    assert not access.can_review(tree.ward_a1)


def test_city_reviewer_sees_city_and_below_but_not_another_city(personas, tree):
    access = get_access(personas.reviewer)
    assert access.can_view(tree.city_a) and access.can_view(tree.ward_a2) and access.can_view(tree.org_a)
    assert access.can_review(tree.ward_a1)
    assert not access.can_review(tree.city_a)  # reviews the committees below, not itself
    assert access.can_manage(tree.city_a)
    assert not access.can_view(tree.city_b) and not access.can_view(tree.ward_b1)
    assert not access.can_view(tree.province)
    visible = set(access.visible_committees().values_list("code", flat=True))
    assert visible == {"tp-a", "tp-a-p1", "tp-a-p2", "tp-a-hnd"}


def test_committee_page_access(personas, tree, client_as):
    url = reverse("committees-detail", args=[tree.ward_a1.pk])
    assert client_as(personas.officer).get(url).status_code == 200
    assert client_as(personas.reviewer).get(url).status_code == 200
    assert client_as(personas.other_ward_officer).get(url).status_code == 404
    assert client_as(personas.other_city_reviewer).get(url).status_code == 404
    anonymous = client_as(None).get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))


def test_committee_page_lists_children_only_for_reviewers(personas, tree, client_as):
    url = reverse("committees-detail", args=[tree.city_a.pk])
    page = client_as(personas.reviewer).get(url).content.decode()
    assert "Phường A2" in page and "Hội Nông dân" in page
    assert client_as(personas.officer).get(url).status_code == 404


def test_home_shows_my_committee_and_role(personas, client_as):
    page = client_as(personas.officer).get(reverse("home")).content.decode()
    assert "Ủy ban MTTQ Phường A1" in page
    assert "Cán bộ (soạn báo cáo)" in page
    assert "Phường A2" not in page


def test_home_for_anonymous_redirects_to_login(client_as):
    response = client_as(None).get(reverse("home"))
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_home_for_unassigned_account_says_so(personas, client_as):
    page = client_as(personas.nobody).get(reverse("home")).content.decode()
    assert "chưa được phân công" in page
