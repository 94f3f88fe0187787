"""At 390 px every link is on the screen: the team's "Đối chiếu" on the round page and the
scoring table's "Thêm tiêu chí" were pushed off to the right of horizontally scrolling tables."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_team_links_fit_a_phone(rnd, personas, page, live_server, login_in_browser):
    login_in_browser(page, personas.reviewer.username)
    page.goto(live_server.url + reverse("inspections-round-detail", args=[rnd.round.pk]))
    for name in ("inspections-precheck", "inspections-reconcile", "inspections-dossier"):
        link = page.locator(f'a[href="{reverse(name, args=[rnd.a1.pk])}"]').first
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (name, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_scoring_table_links_fit_a_phone(rnd, personas, page, live_server, login_in_browser):
    login_in_browser(page, personas.reviewer.username)
    page.goto(live_server.url + reverse("inspections-table", args=[rnd.round.pk]))
    group = rnd.round.groups.first()
    for href in (reverse("inspections-group-edit", args=[group.pk]), reverse("inspections-criterion-create", args=[group.pk])):
        box = page.locator(f'a[href="{href}"]').first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, (href, box)
