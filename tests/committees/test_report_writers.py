"""One rule for every write into a report (committees.access `can_write_report`): the report's edit
page and pre-filling it from a consolidation agree, for every persona. The rule: the officers and
leaders of the report's committee, and that committee's own standing committee; never a committee
above it, another committee, or a superuser who is no member."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committees.access import get_access
from tests.reports.test_consolidation import build_now, fill_round, upward  # noqa: F401 (fixture)


def test_who_may_write_a_report(personas, tree):
    def can(user, committee):
        return get_access(get_user_model().objects.get(pk=user.pk)).can_write_report(committee)

    assert can(personas.officer, tree.ward_a1) and can(personas.leader, tree.ward_a1)
    assert can(personas.reviewer, tree.city_a)  # its own committee's report
    assert not can(personas.reviewer, tree.ward_a1)  # below: it reviews, it does not write
    assert not can(personas.other_ward_officer, tree.ward_a1)
    assert not can(personas.other_city_reviewer, tree.city_a)
    assert not can(personas.officer, tree.city_a)  # above the officer's own committee
    admin = get_user_model().objects.create_superuser("quantri_w", "w@mttq.example", "x")
    assert not can(admin, tree.city_a)


@pytest.fixture
def prefill(issued_plan, upward):  # noqa: F811
    fill_round(issued_plan)
    build = build_now(issued_plan.duty)
    return build, reverse("reports-consolidation-prefill", args=[build.pk, upward.sub.pk])


def test_standing_committee_prefills_its_own_report_and_then_edits_it(prefill, upward, personas, client_as):  # noqa: F811
    from reports.models import SectionAnswer

    _build, url = prefill
    c = client_as(personas.reviewer)
    response = c.post(url, {})
    assert response.status_code == 302 and response.url == reverse("reports-submission-edit", args=[upward.sub.pk])
    assert SectionAnswer.objects.filter(submission=upward.sub, item=upward.i11).exists()
    # The page the pre-fill leads to opens for the same person (it was a 404).
    assert c.get(response.url).status_code == 200
    detail = c.get(reverse("reports-submission-detail", args=[upward.sub.pk])).content.decode()
    assert reverse("reports-submission-edit", args=[upward.sub.pk]) in detail


def test_prefill_and_edit_page_agree_for_every_persona(prefill, upward, issued_plan, personas, client_as):  # noqa: F811
    _build, url = prefill
    edit = reverse("reports-submission-edit", args=[upward.sub.pk])
    admin = get_user_model().objects.create_superuser("quantri_p", "p@mttq.example", "x")
    people = {name: getattr(personas, name) for name in vars(personas)} | {"superuser": admin}
    for name, user in people.items():
        c = client_as(user)
        may_write = get_access(get_user_model().objects.get(pk=user.pk)).can_write_report(upward.sub.committee)
        assert (c.get(edit).status_code == 200) is may_write, name
        assert (c.get(url).status_code == 200) is may_write, name
    # the superuser manages the plan (builds the consolidation) but writes no committee's report
    c = client_as(admin)
    assert c.post(url, {}).status_code == 404
    page = c.get(reverse("reports-consolidation", args=[issued_plan.plan.pk]))
    assert page.status_code == 200 and url not in page.content.decode()
    assert (
        url
        in client_as(personas.reviewer)
        .get(reverse("reports-consolidation", args=[issued_plan.plan.pk]))
        .content.decode()
    )
