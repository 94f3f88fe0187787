"""Tiêu biểu: the reviewer marks a section of a submitted report, or a passage of it, as typical,
and unmarks it, from the review page; only a reviewer who may review that report may."""

import pytest
import time_machine
from django.urls import reverse

from reports.models import TypicalPassage
from reports.submissions import services
from tests.conftest import local_dt
from tests.reports.test_consolidation import fill

pytestmark = pytest.mark.django_db

TEXT = "<p>Phường A1 tổ chức 5 hội nghị quán triệt Nghị quyết.</p><p>Mô hình “Tổ tự quản” được nhân rộng.</p>"


@pytest.fixture
def submitted(issued_plan):
    fill(issued_plan.sub_a1, sections={issued_plan.items.s11: TEXT})
    return issued_plan


def mark(client, p, *, item=None, text=""):
    return client.post(
        reverse("reports-typical-mark", args=[p.sub_a1.pk]), {"item": (item or p.items.s11).pk, "text": text}
    )


def test_reviewer_marks_a_whole_section_without_javascript_and_unmarks_it(submitted, personas, client_as):
    p, client = submitted, client_as(personas.reviewer)
    page = client.get(reverse("reports-submission-review", args=[p.sub_a1.pk])).content.decode()
    assert "Đánh dấu cả mục là tiêu biểu" in page
    assert "data-typical-passage" in page and "<script>" not in page.split("</head>")[1]

    response = mark(client, p)
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{p.items.s11.pk}")
    passage = TypicalPassage.objects.get()
    assert (passage.submission, passage.item, passage.text, passage.marked_by) == (
        p.sub_a1,
        p.items.s11,
        "",
        personas.reviewer,
    )
    assert passage.submission.committee == p.sub_a1.committee
    mark(client, p)  # twice: still one mark
    assert TypicalPassage.objects.count() == 1
    page = client.get(reverse("reports-submission-review", args=[p.sub_a1.pk])).content.decode()
    assert "cả mục" in page and "Bỏ đánh dấu" in page

    response = client.post(reverse("reports-typical-unmark", args=[passage.pk]))
    assert response.status_code == 302
    assert not TypicalPassage.objects.exists()


def test_a_passage_is_stored_as_quoted_with_its_section(submitted, personas, client_as):
    p = submitted
    with time_machine.travel(local_dt(2022, 6, 20, 10, 0), tick=False):
        mark(client_as(personas.reviewer), p, text="  Mô hình “Tổ tự quản”\n được nhân rộng ")
    passage = TypicalPassage.objects.get()
    assert passage.text == "Mô hình “Tổ tự quản” được nhân rộng"
    assert passage.item == p.items.s11
    assert passage.marked_at == local_dt(2022, 6, 20, 10, 0)
    page = client_as(personas.reviewer).get(reverse("reports-submission-review", args=[p.sub_a1.pk]))
    assert "“Mô hình “Tổ tự quản” được nhân rộng”" in page.content.decode()


def test_a_passage_that_is_not_in_the_section_is_refused_with_a_reason(submitted, personas, client_as):
    p, client = submitted, client_as(personas.reviewer)
    response = mark(client, p, text="Một câu không có trong báo cáo")
    assert response.status_code == 302
    assert not TypicalPassage.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Đoạn đã chọn không nằm trong nội dung của mục này" in page
    # An empty section cannot be marked either.
    mark(client, p, item=p.items.s12)
    assert not TypicalPassage.objects.exists()


def test_a_draft_cannot_be_marked(issued_plan, personas, client_as):
    p = issued_plan
    fill(p.sub_a1, sections={p.items.s11: TEXT}, state="draft")
    mark(client_as(personas.reviewer), p)
    assert not TypicalPassage.objects.exists()


@pytest.mark.parametrize("who", ["officer", "other_ward_officer", "other_city_reviewer", "org_officer", "nobody"])
def test_only_a_reviewer_of_the_report_may_mark_or_unmark(submitted, personas, client_as, who):
    p = submitted
    response = mark(client_as(getattr(personas, who)), p)
    assert response.status_code == 404
    assert not TypicalPassage.objects.exists()
    existing = TypicalPassage.objects.create(submission=p.sub_a1, item=p.items.s11, marked_by=personas.reviewer)
    assert client_as(getattr(personas, who)).post(reverse("reports-typical-unmark", args=[existing.pk])).status_code == 404
    assert TypicalPassage.objects.filter(pk=existing.pk).exists()
    # Nor do they see the buttons anywhere.
    page = client_as(getattr(personas, who)).get(reverse("reports-submission-detail", args=[p.sub_a1.pk]))
    assert "Đánh dấu cả mục là tiêu biểu" not in page.content.decode()


def test_anonymous_is_sent_to_login(submitted, personas, client_as):
    p = submitted
    response = mark(client_as(None), p)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    existing = TypicalPassage.objects.create(submission=p.sub_a1, item=p.items.s11)
    response = client_as(None).post(reverse("reports-typical-unmark", args=[existing.pk]))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert TypicalPassage.objects.count() == 1


def test_the_service_refuses_someone_who_may_not_review(submitted, personas):
    from django.core.exceptions import PermissionDenied

    from reports.typical.services import typical_mark

    with pytest.raises(PermissionDenied):
        typical_mark(submission=submitted.sub_a1, item=submitted.items.s11, by=personas.other_city_reviewer)


def test_marks_stay_when_the_report_is_accepted(submitted, personas, client_as):
    p = submitted
    mark(client_as(personas.reviewer), p)
    services.submission_accept(submission=p.sub_a1, by=personas.reviewer)
    page = client_as(personas.reviewer).get(reverse("reports-submission-review", args=[p.sub_a1.pk])).content.decode()
    assert "Bỏ đánh dấu" in page


def test_the_province_above_reads_the_report_but_never_marks_it(submitted, tree, client_as):
    """The province's standing committee may read a city's ward report; marking is the issuer's."""
    from committees.models import Membership
    from tests.conftest import make_user

    p = submitted
    province = make_user("btt_tinh", tree.province, Membership.Role.STANDING)
    client = client_as(province)
    assert client.get(reverse("reports-submission-detail", args=[p.sub_a1.pk])).status_code == 200
    assert mark(client, p).status_code == 404
    assert not TypicalPassage.objects.exists()
    existing = TypicalPassage.objects.create(submission=p.sub_a1, item=p.items.s11, marked_by=None)
    assert client.post(reverse("reports-typical-unmark", args=[existing.pk])).status_code == 404
    assert TypicalPassage.objects.filter(pk=existing.pk).exists()
