"""Editing an outline in the browser: add, rename, move up/down, indent/outdent, delete, indicators;
who may do it; an outline used by an issued plan is locked."""

import pytest
from django.urls import reverse

from reports.models import Outline, OutlineItem
from reports.outlines.services import outline_create_from_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def outline(tree, personas):
    return outline_create_from_rows(
        committee=tree.city_a,
        by=personas.reviewer,
        title="Đề cương A",
        rows=[
            {"depth": 0, "label": "I.", "title": "Một"},
            {"depth": 1, "label": "1.", "title": "Một một"},
            {"depth": 1, "label": "2.", "title": "Một hai"},
            {"depth": 0, "label": "II.", "title": "Hai"},
        ],
    )


def shape(outline):
    return [(i.depth, i.title) for i in Outline.objects.get(pk=outline.pk).ordered_items()]


def item(outline, title):
    return OutlineItem.objects.get(outline=outline, title=title)


def act(client, it, action):
    return client.post(reverse("reports-outline-item-action", args=[it.pk]), {"action": action})


def test_move_indent_outdent_delete(outline, personas, client_as):
    c = client_as(personas.reviewer)
    response = act(c, item(outline, "Một hai"), "up")
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item(outline, 'Một hai').pk}")
    assert shape(outline) == [(0, "Một"), (1, "Một hai"), (1, "Một một"), (0, "Hai")]
    act(c, item(outline, "Một hai"), "up")  # already first: nothing happens
    act(c, item(outline, "Một một"), "indent")
    assert shape(outline) == [(0, "Một"), (1, "Một hai"), (2, "Một một"), (0, "Hai")]
    act(c, item(outline, "Một một"), "outdent")
    act(c, item(outline, "Một một"), "outdent")
    assert shape(outline) == [(0, "Một"), (1, "Một hai"), (0, "Một một"), (0, "Hai")]
    act(c, item(outline, "Một"), "down")
    assert shape(outline) == [(0, "Một một"), (0, "Một"), (1, "Một hai"), (0, "Hai")]
    response = act(c, item(outline, "Một một"), "indent")  # first of its group
    assert "không thụt vào được" in c.get(response["Location"]).content.decode()
    act(c, item(outline, "Một"), "delete")
    assert shape(outline) == [(0, "Một một"), (0, "Hai")]


def test_add_rename_and_indicators(outline, personas, client_as):
    c = client_as(personas.reviewer)
    parent = item(outline, "Hai")
    c.post(
        reverse("reports-outline-item-add", args=[outline.pk]), {"parent": parent.pk, "label": "1.", "title": "Hai một"}
    )
    c.post(reverse("reports-outline-item-add", args=[outline.pk]), {"label": "III.", "title": "Ba"})
    response = c.post(reverse("reports-outline-item-add", args=[outline.pk]), {"label": "IV.", "title": ""})
    assert "tiêu đề không được để trống" in c.get(response["Location"]).content.decode()
    assert shape(outline)[-2:] == [(1, "Hai một"), (0, "Ba")]
    it = item(outline, "Ba")
    response = c.post(
        reverse("reports-outline-item-edit", args=[it.pk]),
        {"label": "III.", "title": "Ba (sửa)", "guidance": "Ghi rõ."},
    )
    assert response.status_code == 302
    it.refresh_from_db()
    assert (it.title, it.guidance) == ("Ba (sửa)", "Ghi rõ.")
    c.post(
        reverse("reports-outline-indicator-add", args=[it.pk]),
        {"name": "Số cuộc", "unit": "cuộc", "aggregation": "sum"},
    )
    indicator = it.indicators.get()
    assert (indicator.name, indicator.unit, indicator.aggregation) == ("Số cuộc", "cuộc", "sum")
    page = c.get(reverse("reports-outline-detail", args=[outline.pk])).content.decode()
    assert "Số cuộc (cuộc)" in page and "Xóa mục" in page
    c.post(reverse("reports-outline-indicator-delete", args=[indicator.pk]))
    assert not it.indicators.exists()


def test_only_own_standing_committee_edits(outline, personas, client_as):
    detail = reverse("reports-outline-detail", args=[outline.pk])
    assert client_as(personas.reviewer).get(detail).status_code == 200
    for user in (personas.officer, personas.other_ward_officer, personas.other_city_reviewer):
        assert client_as(user).get(detail).status_code == 404
        assert act(client_as(user), item(outline, "Một"), "delete").status_code == 404
    assert client_as(None).get(detail).status_code == 302
    assert shape(outline)[0] == (0, "Một")
    assert client_as(personas.officer).get(reverse("reports-outline-list")).status_code == 404


def test_outline_of_issued_plan_is_locked_but_can_be_copied(issued_plan, personas, client_as):
    c = client_as(personas.reviewer)
    s1 = issued_plan.items.s1
    response = act(c, s1, "delete")
    assert "không sửa được" in c.get(response["Location"]).content.decode()
    assert OutlineItem.objects.filter(pk=s1.pk).exists()
    response = c.post(reverse("reports-outline-copy", args=[issued_plan.outline.pk]))
    copy = Outline.objects.exclude(pk=issued_plan.outline.pk).get()
    assert copy.copied_from == issued_plan.outline and copy.items.count() == 4
    assert act(c, copy.items.get(label="I."), "delete").status_code == 302
    assert list(copy.items.values_list("label", flat=True)) == ["II."]
