"""plans.registry: who reads a plan, and what the apps above plans add to its page and its Word
document, come from their registrations (reports registers its duties in ReportsConfig.ready())."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from docx import Document

from committees.access import get_access
from committees.models import Membership
from plans import registry
from plans.models import Plan
from reports.duties.services import plan_issue_with_duties
from tests.conftest import local_dt, make_user

pytestmark = pytest.mark.django_db


def _visible(user, plan) -> bool:
    return Plan.objects.visible_to(get_access(user)).filter(pk=plan.pk).exists()


def test_visible_to_follows_the_access_rules(draft, tree, personas):
    province_reviewer = make_user("btt_tinh", tree.province, Membership.Role.STANDING)
    root = make_user("root")
    root.is_superuser = True
    root.save()
    plan = draft.plan
    for user in (personas.reviewer, root):
        assert _visible(user, plan)
    for user in (personas.officer, personas.other_ward_officer, personas.other_city_reviewer, province_reviewer):
        assert not _visible(user, plan)
    assert not _visible(AnonymousUser(), plan)

    plan_issue_with_duties(plan=plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())
    for user in (personas.reviewer, root, personas.officer, personas.leader, province_reviewer):
        assert _visible(user, plan)
    for user in (personas.other_ward_officer, personas.org_officer, personas.other_city_reviewer, personas.nobody):
        assert not _visible(user, plan)
    assert not _visible(AnonymousUser(), plan)
    assert list(Plan.objects.visible_to(get_access(personas.officer))) == [plan]  # no duplicate rows


def test_an_issued_plan_is_read_by_the_committees_an_audience_rule_names(draft, tree, personas, monkeypatch):
    monkeypatch.setattr(registry, "_audiences", {})
    plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())
    assert not _visible(personas.officer, draft.plan)  # without reports' rule, its duties open nothing

    registry.register_audience(lambda ids: Q(committee__children__in=ids))
    assert _visible(personas.other_ward_officer, draft.plan)  # A2 is below city A, the issuer
    assert not _visible(personas.other_city_officer, draft.plan)
    Plan.objects.filter(pk=draft.plan.pk).update(state=Plan.State.DRAFT)
    assert not _visible(personas.other_ward_officer, draft.plan)  # a draft stays with its issuer


def test_plan_page_and_word_document_show_what_is_registered(draft, personas, client_as, monkeypatch):
    for name in ("_actions", "_panels", "_annexes"):
        monkeypatch.setattr(registry, name, {})
    c = client_as(personas.reviewer)
    html = c.get(reverse("plans-detail", args=[draft.plan.pk])).content.decode()
    assert "duty-card" not in html and reverse("reports-plan-issue", args=[draft.plan.pk]) not in html
    doc = Document(io.BytesIO(c.get(reverse("plans-docx", args=[draft.plan.pk])).content))
    assert "PHỤ LỤC" not in [p.text for p in doc.paragraphs]

    registry.register_action(lambda request, plan, access: None, name="nothing")
    registry.register_action(lambda request, plan, access: '<a id="extra-action">x</a>', name="action")
    registry.register_panel(lambda request, plan, access: f'<p id="extra-panel">{plan.pk}</p>', name="panel")
    registry.register_annex(lambda doc, plan: doc.paragraph("Phụ lục thử"), name="annex")
    html = c.get(reverse("plans-detail", args=[draft.plan.pk])).content.decode()
    assert '<a id="extra-action">x</a>' in html and f'<p id="extra-panel">{draft.plan.pk}</p>' in html
    doc = Document(io.BytesIO(c.get(reverse("plans-docx", args=[draft.plan.pk])).content))
    assert [p.text for p in doc.paragraphs][-1] == "Phụ lục thử"
