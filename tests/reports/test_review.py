"""Review by the standing committee above: comment, return with a reason, resubmit, changes, accept."""

import json

import pytest
import time_machine
from django.urls import reverse

from outbox.models import Email
from reports.models import ReviewComment, Submission, SubmissionEvent
from reports.submissions import services
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db


def fill(client, sub, item, html):
    revision = sub.answers.filter(item=item).values_list("revision", flat=True).first() or 0
    r = client.post(reverse("reports-submission-save-section", args=[sub.pk]),
                    data=json.dumps({"item": item.pk, "html": html, "revision": revision}), content_type="application/json")
    assert r.status_code == 200, r.content


@pytest.fixture
def submitted(issued_plan, personas, client_as):
    with time_machine.travel(local_dt(2022, 6, 10, 9, 0), tick=False):
        fill(client_as(personas.officer), issued_plan.sub_a1, issued_plan.items.s11, "<p>Tổ chức 5 hội nghị.</p><p>Có 300 lượt người dự.</p>")
        services.submission_submit(submission=issued_plan.sub_a1, by=personas.officer)
    issued_plan.sub_a1.refresh_from_db()
    return issued_plan


@pytest.mark.parametrize(
    "who, status",
    [("reviewer", 200), ("officer", 404), ("other_ward_officer", 404), ("other_city_reviewer", 404), ("nobody", 404)],
)
def test_review_page_access(submitted, personas, client_as, who, status):
    response = client_as(getattr(personas, who)).get(reverse("reports-submission-review", args=[submitted.sub_a1.pk]))
    assert response.status_code == status


def test_review_page_shows_report_and_actions(submitted, personas, client_as):
    html = client_as(personas.reviewer).get(reverse("reports-submission-review", args=[submitted.sub_a1.pk])).content.decode()
    assert "Tổ chức 5 hội nghị." in html
    assert "Tiếp nhận báo cáo" in html and "Trả lại để sửa" in html
    assert "Đã nộp đúng hạn" in html


@pytest.mark.parametrize("who", ["officer", "other_ward_officer", "other_city_reviewer"])
def test_only_the_reviewer_returns_or_accepts(submitted, personas, client_as, who):
    client = client_as(getattr(personas, who))
    assert client.post(reverse("reports-submission-return", args=[submitted.sub_a1.pk]), {"reason": "x"}).status_code == 404
    assert client.post(reverse("reports-submission-accept", args=[submitted.sub_a1.pk])).status_code == 404
    submitted.sub_a1.refresh_from_db()
    assert submitted.sub_a1.state == "submitted"


def test_return_needs_a_reason(submitted, personas, client_as):
    response = client_as(personas.reviewer).post(reverse("reports-submission-return", args=[submitted.sub_a1.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Hãy ghi lý do trả lại." in response.content.decode()
    submitted.sub_a1.refresh_from_db()
    assert submitted.sub_a1.state == "submitted"


def test_return_resubmit_shows_changes_then_accept(submitted, personas, client_as):
    sub, reviewer = submitted.sub_a1, client_as(personas.reviewer)
    # A comment on a section, then the return with a reason.
    r = reviewer.post(reverse("reports-submission-review", args=[sub.pk]),
                      {"item": submitted.items.s11.pk, "text": "Thiếu số liệu hội nghị cấp khu dân cư."})
    assert r.status_code == 302
    comment = ReviewComment.objects.get(submission=sub)
    assert comment.item == submitted.items.s11 and comment.version.number == 1
    r = reviewer.post(reverse("reports-submission-return", args=[sub.pk]), {"reason": "Bổ sung số liệu mục I.1."})
    assert r.status_code == 302
    sub.refresh_from_db()
    assert sub.state == Submission.State.RETURNED and sub.return_reason == "Bổ sung số liệu mục I.1."
    mails = Email.objects.filter(kind="submission-returned")
    assert set(mails.values_list("to", flat=True)) == {"tp-a-p1@mttq.example", "canbo_a1@mttq.example", "lanhdao_a1@mttq.example"}
    body = mails.first().body_text
    assert "Bổ sung số liệu mục I.1." in body and "Thiếu số liệu hội nghị cấp khu dân cư." in body

    # The officer sees the reason and the comment, and can edit again.
    officer = client_as(personas.officer)
    html = officer.get(reverse("reports-submission-edit", args=[sub.pk])).content.decode()
    assert "Bổ sung số liệu mục I.1." in html and "Thiếu số liệu hội nghị cấp khu dân cư." in html
    fill(officer, sub, submitted.items.s11, "<p>Tổ chức 5 hội nghị.</p><p>Có 450 lượt người dự, 12 khu dân cư.</p>")
    assert officer.post(reverse("reports-submission-submit", args=[sub.pk])).status_code == 302
    sub.refresh_from_db()
    assert sub.state == "submitted" and sub.version == 2
    # Mailed again for version 2 (different keys), once each.
    assert Email.objects.filter(kind="submission-received").count() == 6
    assert Email.objects.filter(kind="submission-notice", key__contains=":v2:").count() == 1

    html = reviewer.get(reverse("reports-submission-review", args=[sub.pk])).content.decode()
    assert "Thay đổi so với lần nộp bị trả lại" in html
    assert "+ Có 450 lượt người dự, 12 khu dân cư." in html
    assert "− Có 300 lượt người dự." in html

    assert reviewer.post(reverse("reports-submission-accept", args=[sub.pk])).status_code == 302
    sub.refresh_from_db()
    assert sub.state == Submission.State.ACCEPTED and sub.reviewed_by == personas.reviewer
    actions = list(SubmissionEvent.objects.filter(submission=sub).values_list("action", flat=True))
    assert actions == ["started", "submitted", "commented", "returned", "submitted", "accepted"]
    detail = officer.get(reverse("reports-submission-detail", args=[sub.pk])).content.decode()
    assert "Đã tiếp nhận" in detail and "Lịch sử" in detail and "btt_a" in detail


def test_accept_twice_is_refused(submitted, personas):
    services.submission_accept(submission=submitted.sub_a1, by=personas.reviewer)
    with pytest.raises(Exception, match="Chỉ tiếp nhận được"):
        services.submission_accept(submission=submitted.sub_a1, by=personas.reviewer)


@pytest.mark.parametrize(
    "who, status",
    [("officer", 200), ("reviewer", 200), ("other_ward_officer", 404), ("other_city_reviewer", 404), ("nobody", 404)],
)
def test_version_page_access(submitted, personas, client_as, who, status):
    url = reverse("reports-submission-version", args=[submitted.sub_a1.pk, 1])
    response = client_as(getattr(personas, who)).get(url)
    assert response.status_code == status
    if status == 200:
        assert "Tổ chức 5 hội nghị." in response.content.decode()


def test_version_page_anonymous_and_missing(submitted, personas, client_as):
    url = reverse("reports-submission-version", args=[submitted.sub_a1.pk, 1])
    assert client_as(None).get(url).status_code == 302
    assert client_as(personas.officer).get(reverse("reports-submission-version", args=[submitted.sub_a1.pk, 7])).status_code == 404


def test_reports_of_a_draft_plan_are_hidden(submitted, personas, client_as):
    submitted.plan.state = "draft"
    submitted.plan.save()
    assert client_as(personas.officer).get(reverse("reports-submission-detail", args=[submitted.sub_a1.pk])).status_code == 404


def test_docx_of_one_report(submitted, personas, client_as):
    import io

    import docx

    response = client_as(personas.reviewer).get(reverse("reports-submission-docx", args=[submitted.sub_a1.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "I. TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT" in text
    assert "Có 300 lượt người dự." in text
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Ủy ban MTTQ Phường A1".upper() in cells[0]
    assert "Số cuộc" in cells and "Số lượt người dự" in cells
    assert any("ngày 10 tháng 6 năm 2022" in c for c in cells)
    for who in ("other_ward_officer", "other_city_reviewer"):
        assert client_as(getattr(personas, who)).get(reverse("reports-submission-docx", args=[submitted.sub_a1.pk])).status_code == 404


def test_accept_asks_for_confirmation_and_comes_after_the_report(submitted, personas, client_as):
    html = client_as(personas.reviewer).get(reverse("reports-submission-review", args=[submitted.sub_a1.pk])).content.decode()
    # The accept form asks before posting (data-confirm, handled by site.js) ...
    form = html.split('id="accept-form"', 1)[1].split(">", 1)[0]
    assert 'data-confirm="Tiếp nhận báo cáo của Ủy ban MTTQ Phường A1?' in form
    assert "js/site.js" in html
    # ... and is not the first thing on the page: the report content comes first.
    assert html.index("Nội dung báo cáo") < html.index("Tổ chức 5 hội nghị.") < html.index("Tiếp nhận báo cáo</button>")
    assert 'class="btn btn-outline-success">Tiếp nhận báo cáo' in html


def test_accept_without_javascript_still_works(submitted, personas, client_as):
    response = client_as(personas.reviewer).post(reverse("reports-submission-accept", args=[submitted.sub_a1.pk]))
    assert response.status_code == 302
    submitted.sub_a1.refresh_from_db()
    assert submitted.sub_a1.state == Submission.State.ACCEPTED


def test_review_times_are_date_first(submitted, personas, client_as):
    with time_machine.travel(local_dt(2022, 6, 11, 14, 5), tick=False):
        services.review_comment_add(submission=submitted.sub_a1, by=personas.reviewer, text="Xem lại số liệu.")
    html = client_as(personas.reviewer).get(reverse("reports-submission-review", args=[submitted.sub_a1.pk])).content.decode()
    assert "11/06/2022 14:05" in html and "10/06/2022 09:00" in html
    assert "14:05 11/06/2022" not in html and "09:00 10/06/2022" not in html
