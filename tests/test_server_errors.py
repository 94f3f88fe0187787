"""The server errors an outside probe found (#14) answer with a page, not a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from plans.models import PlanRevision
from reports.models import Outline

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    admin = get_user_model().objects.create_superuser("quantri_500", "q5@mttq.example", "x")
    client = Client(REMOTE_ADDR="127.0.0.1", raise_request_exception=True)
    client.force_login(admin)
    return client


def test_outline_copy_by_an_administrator_without_a_standing_committee(tree, admin_client):
    template = Outline.objects.create(committee=tree.city_a, title="Đề cương mẫu", is_template=True)
    response = admin_client.post(reverse("reports-outline-copy", args=[template.pk]), follow=True)
    assert response.status_code == 200
    copy = Outline.objects.exclude(pk=template.pk).get()
    assert copy.committee == tree.city_a and "bản sao" in copy.title


@pytest.mark.parametrize("model", ["reminder", "digest"])
def test_admin_cannot_add_records_of_what_was_sent(admin_client, model):
    url = f"/quan-tri/reminders/{model}/add/"
    assert admin_client.get(url).status_code == 403
    assert admin_client.post(url, {}).status_code == 403
    assert f"/quan-tri/reminders/{model}/add/" not in admin_client.get(f"/quan-tri/reminders/{model}/").content.decode()


def test_plan_revision_whose_author_was_deleted(issued_plan, personas, client_as):
    from django.contrib.auth import get_user_model

    author = get_user_model().objects.create_user("tacgia_da_xoa", password="x")
    PlanRevision.objects.create(plan=issued_plan.plan, version=1, snapshot={}, note="Sửa hạn", created_by=author)
    author.delete()
    c = client_as(personas.reviewer)
    c.raise_request_exception = True
    response = c.get(reverse("plans-revision", args=[issued_plan.plan.pk, 1]))
    assert response.status_code == 200 and "Sửa hạn" in response.content.decode()
