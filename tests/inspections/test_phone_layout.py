"""At 390 px every link of the round page is on the screen: the team's "Đối chiếu" was pushed off
to the right of a horizontally scrolling table."""

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
