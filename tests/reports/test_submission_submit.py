"""Submitting: required items, late and refused, who may submit, page limit, exactly once, emails."""

import json

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import Membership
from outbox.models import Email
from reports import emails
from reports.models import Submission, SubmissionEvent, SubmissionVersion
from reports.submissions import selectors, services
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db
BEFORE = local_dt(2022, 6, 10, 9, 41)
AFTER = local_dt(2022, 6, 15, 8, 0)


def fill(client, sub, item, html, revision=0):
    r = client.post(reverse("reports-submission-save-section", args=[sub.pk]),
                    data=json.dumps({"item": item.pk, "html": html, "revision": revision}), content_type="application/json")
    assert r.status_code == 200, r.content
    return r.json()


@pytest.fixture
def ready(issued_plan, personas, client_as):
    """Ward A1's report with its required section written."""
    fill(client_as(personas.officer), issued_plan.sub_a1, issued_plan.items.s11, "<p>Đã tổ chức 12 hội nghị quán triệt.</p>")
    return issued_plan


@time_machine.travel(BEFORE, tick=False)
def test_missing_required_items_are_listed_and_nothing_is_submitted(issued_plan, personas, client_as):
    issued_plan.indicators.attendees.required = True
    issued_plan.indicators.attendees.save()
    client = client_as(personas.officer)
    page = client.get(reverse("reports-submission-submit", args=[issued_plan.sub_a1.pk])).content.decode()
    assert "Chưa viết mục bắt buộc: 1. Công tác triển khai" in page
    assert "Chưa nhập chỉ tiêu bắt buộc: Số lượt người dự (mục 1. Công tác triển khai)" in page
    response = client.post(reverse("reports-submission-submit", args=[issued_plan.sub_a1.pk]))
    assert response.status_code == 400
    assert "Chưa viết mục bắt buộc" in response.content.decode()
    issued_plan.sub_a1.refresh_from_db()
    assert issued_plan.sub_a1.state == Submission.State.NOT_STARTED
    assert not SubmissionVersion.objects.exists()


@time_machine.travel(BEFORE, tick=False)
def test_submit_on_time_freezes_a_version_and_sends_receipt_and_notice(ready, personas, client_as, tree):
    sub = ready.sub_a1
    response = client_as(personas.officer).post(reverse("reports-submission-submit", args=[sub.pk]))
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == Submission.State.SUBMITTED
    assert sub.submitted_at == BEFORE and sub.first_submitted_at == BEFORE and sub.submitted_by == personas.officer
    assert sub.get_status() == Submission.Status.SUBMITTED_ON_TIME
    version = SubmissionVersion.objects.get(submission=sub)
    assert version.number == 1
    assert version.snapshot["sections"] == {str(ready.items.s11.pk): "<p>Đã tổ chức 12 hội nghị quán triệt.</p>"}
    assert SubmissionEvent.objects.filter(submission=sub, action="submitted").count() == 1
    receipts = set(Email.objects.filter(kind="submission-received").values_list("to", flat=True))
    assert receipts == {"tp-a-p1@mttq.example", "canbo_a1@mttq.example", "lanhdao_a1@mttq.example"}
    notices = set(Email.objects.filter(kind="submission-notice").values_list("to", flat=True))
    assert notices == {"btt_a@mttq.example"}
    receipt = Email.objects.filter(kind="submission-received").first()
    assert "Ủy ban MTTQ Phường A1" in receipt.subject
    assert "10/06/2022 09:41" in receipt.body_text
    # The report is read-only now.
    assert client_as(personas.officer).get(reverse("reports-submission-edit", args=[sub.pk])).status_code == 302
    r = client_as(personas.officer).post(reverse("reports-submission-save-section", args=[sub.pk]),
                                         data=json.dumps({"item": ready.items.s11.pk, "html": "x", "revision": 1}),
                                         content_type="application/json")
    assert r.status_code == 409


@time_machine.travel(BEFORE, tick=False)
def test_double_click_and_two_tabs_give_one_submission(ready, personas, client_as):
    sub = ready.sub_a1
    tab1, tab2 = client_as(personas.officer), client_as(personas.leader)
    first = tab1.post(reverse("reports-submission-submit", args=[sub.pk]))
    second = tab1.post(reverse("reports-submission-submit", args=[sub.pk]))
    third = tab2.post(reverse("reports-submission-submit", args=[sub.pk]))
    assert first.status_code == second.status_code == third.status_code == 302
    assert SubmissionVersion.objects.filter(submission=sub).count() == 1
    assert SubmissionEvent.objects.filter(submission=sub, action="submitted").count() == 1
    assert Email.objects.filter(kind="submission-received").count() == 3
    sub.refresh_from_db()
    assert sub.version == 1


@time_machine.travel(BEFORE, tick=False)
def test_race_between_check_and_claim_gives_one_submission(ready, personas, monkeypatch):
    """Two requests both pass the checks; the other one claims the row first. The conditional
    UPDATE finds no open row for the loser, which gets AlreadySubmitted and writes nothing."""
    real_check = selectors.submission_check
    other = Submission.objects.get(pk=ready.sub_a1.pk)

    def check_then_lose_the_race(**kwargs):
        result = real_check(**kwargs)
        monkeypatch.setattr(selectors, "submission_check", real_check)
        services.submission_submit(submission=other, by=personas.leader)  # the other tab wins here
        return result

    mailed = []
    real_mail = emails.submission_received
    monkeypatch.setattr(emails, "submission_received", lambda **kw: mailed.append(kw["version"].number) or real_mail(**kw))
    monkeypatch.setattr(selectors, "submission_check", check_then_lose_the_race)
    versions_after = []
    real_version_save = SubmissionVersion.save
    monkeypatch.setattr(SubmissionVersion, "save", lambda self, *a, **k: versions_after.append(self.number) or real_version_save(self, *a, **k))
    with pytest.raises(services.AlreadySubmitted):
        services.submission_submit(submission=Submission.objects.get(pk=ready.sub_a1.pk), by=personas.officer)
    # Only the winner froze a version and mailed; the loser stopped at the claim.
    assert versions_after == [1]
    assert mailed == [1]


@time_machine.travel(AFTER, tick=False)
def test_after_the_deadline_it_is_marked_late(ready, personas, client_as):
    page = client_as(personas.officer).get(reverse("reports-submission-submit", args=[ready.sub_a1.pk])).content.decode()
    assert "nộp muộn" in page
    client_as(personas.officer).post(reverse("reports-submission-submit", args=[ready.sub_a1.pk]))
    sub = Submission.objects.with_status().get(pk=ready.sub_a1.pk)
    assert sub.state == "submitted" and sub.status == Submission.Status.SUBMITTED_LATE
    assert "nộp muộn" in Email.objects.filter(kind="submission-received").first().body_text


@time_machine.travel(AFTER, tick=False)
def test_late_refused_when_plan_forbids_unless_extended(ready, personas, client_as):
    ready.duty.allow_late = False
    ready.duty.save()
    response = client_as(personas.officer).post(reverse("reports-submission-submit", args=[ready.sub_a1.pk]))
    assert response.status_code == 400
    assert "không cho nộp muộn" in response.content.decode()
    ready.sub_a1.refresh_from_db()
    assert ready.sub_a1.state == "draft"
    # An extension (the plans issue's rule) moves the deadline: now it goes through, on time.
    Submission.objects.filter(pk=ready.sub_a1.pk).update(extended_deadline=local_dt(2022, 6, 20, 17, 0))
    assert client_as(personas.officer).post(reverse("reports-submission-submit", args=[ready.sub_a1.pk])).status_code == 302
    sub = Submission.objects.with_status().get(pk=ready.sub_a1.pk)
    assert sub.status == Submission.Status.SUBMITTED_ON_TIME


@time_machine.travel(BEFORE, tick=False)
def test_leader_only_duty_refuses_the_officer(ready, personas, client_as):
    ready.duty.submitters = "leader_only"
    ready.duty.save()
    response = client_as(personas.officer).post(reverse("reports-submission-submit", args=[ready.sub_a1.pk]))
    assert response.status_code == 400
    assert "chỉ lãnh đạo đơn vị được nộp" in response.content.decode()
    assert client_as(personas.leader).post(reverse("reports-submission-submit", args=[ready.sub_a1.pk])).status_code == 302
    ready.sub_a1.refresh_from_db()
    assert ready.sub_a1.state == "submitted" and ready.sub_a1.submitted_by == personas.leader


@time_machine.travel(BEFORE, tick=False)
def test_over_page_limit_warns_or_blocks(ready, personas, client_as):
    long_text = "".join(f"<p>{'Kết quả thực hiện nghị quyết tại địa phương. ' * 20}</p>" for _ in range(60))
    fill(client_as(personas.officer), ready.sub_a1, ready.items.s2, long_text)
    check = selectors.submission_check(submission=ready.sub_a1, by=personas.officer)
    assert check.length.pages > 10 and check.over_limit
    page = client_as(personas.officer).get(reverse("reports-submission-submit", args=[ready.sub_a1.pk])).content.decode()
    assert "vượt quá 10 trang theo kế hoạch" in page
    ready.duty.block_over_limit = True
    ready.duty.save()
    response = client_as(personas.officer).post(reverse("reports-submission-submit", args=[ready.sub_a1.pk]))
    assert response.status_code == 400 and "vượt quá 10 trang cho phép" in response.content.decode()
    ready.duty.block_over_limit = False
    ready.duty.save()
    assert client_as(personas.officer).post(reverse("reports-submission-submit", args=[ready.sub_a1.pk])).status_code == 302


@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "reviewer", "nobody"])
def test_others_cannot_submit(ready, personas, client_as, who):
    response = client_as(getattr(personas, who)).post(reverse("reports-submission-submit", args=[ready.sub_a1.pk]))
    assert response.status_code == 404
    ready.sub_a1.refresh_from_db()
    assert ready.sub_a1.state == "draft"


def test_submit_service_refuses_submitted_report(ready, personas):
    services.submission_submit(submission=ready.sub_a1, by=personas.officer)
    with pytest.raises(services.AlreadySubmitted):
        services.submission_submit(submission=ready.sub_a1, by=personas.officer)


def test_member_without_email_still_submits(ready, personas, tree):
    personas.leader.email = ""
    personas.leader.save()
    tree.ward_a1.emails = ""
    tree.ward_a1.save()
    services.submission_submit(submission=ready.sub_a1, by=personas.officer)
    assert set(Email.objects.filter(kind="submission-received").values_list("to", flat=True)) == {"canbo_a1@mttq.example"}
    assert Membership.objects.filter(committee=tree.ward_a1).count() == 2
    with pytest.raises(ValidationError):
        services.submission_return(submission=ready.sub_a1, by=personas.reviewer, reason="  ")


def _returned_after_deadline(ready, personas, client_as):
    """Submitted on time (BEFORE), returned by the reviewer; now it is AFTER the deadline."""
    with time_machine.travel(BEFORE, tick=False):
        services.submission_submit(submission=ready.sub_a1, by=personas.officer)
        services.submission_return(submission=ready.sub_a1, by=personas.reviewer, reason="Bổ sung số liệu.")
    ready.sub_a1.refresh_from_db()
    return ready.sub_a1


@time_machine.travel(AFTER, tick=False)
def test_resubmission_after_deadline_of_a_report_first_submitted_on_time_is_not_late(ready, personas, client_as):
    """One rule for "late" (Submission.is_late): the first submission counts, not the resubmission."""
    sub = _returned_after_deadline(ready, personas, client_as)
    client = client_as(personas.officer)
    page = client.get(reverse("reports-submission-submit", args=[sub.pk])).content.decode()
    assert "nộp muộn" not in page
    Email.objects.all().delete()
    assert client.post(reverse("reports-submission-submit", args=[sub.pk])).status_code == 302
    sub = Submission.objects.with_status().get(pk=sub.pk)
    assert sub.version == 2 and sub.first_submitted_at == BEFORE and sub.submitted_at == AFTER
    assert sub.status == Submission.Status.SUBMITTED_ON_TIME and not sub.is_late
    event = SubmissionEvent.objects.filter(submission=sub, action="submitted").order_by("-at").first()
    assert event.note == "Lần nộp thứ 2"
    notice = Email.objects.get(kind="submission-notice")
    assert "Báo cáo nộp sau hạn" not in notice.body_text and "15/06/2022 08:00" in notice.body_text
    assert "lần nộp thứ 2" in notice.body_text
    for receipt in Email.objects.filter(kind="submission-received"):
        assert "nộp muộn" not in receipt.body_text
    detail = client.get(reverse("reports-submission-detail", args=[sub.pk])).content.decode()
    assert "Lần nộp thứ 2 – nộp muộn" not in detail and "Đã nộp đúng hạn" in detail


@time_machine.travel(AFTER, tick=False)
def test_resubmission_after_deadline_is_allowed_when_the_plan_forbids_late(ready, personas, client_as):
    ready.duty.allow_late = False
    ready.duty.save()
    sub = _returned_after_deadline(ready, personas, client_as)
    check = selectors.submission_check(submission=sub, by=personas.officer)
    assert not check.late and not check.late_refused and check.ok
    page = client_as(personas.officer).get(reverse("reports-submission-submit", args=[sub.pk])).content.decode()
    assert "không cho nộp muộn" not in page
    assert client_as(personas.officer).post(reverse("reports-submission-submit", args=[sub.pk])).status_code == 302
    sub.refresh_from_db()
    assert sub.state == Submission.State.SUBMITTED and sub.version == 2


@time_machine.travel(AFTER, tick=False)
def test_first_submission_after_deadline_is_late_everywhere(ready, personas, client_as):
    """The other side of the rule: late first submission -> warning, event note, both emails."""
    client = client_as(personas.officer)
    page = client.get(reverse("reports-submission-submit", args=[ready.sub_a1.pk])).content.decode()
    assert "sẽ được ghi nhận là nộp muộn" in page
    client.post(reverse("reports-submission-submit", args=[ready.sub_a1.pk]))
    event = SubmissionEvent.objects.get(submission=ready.sub_a1, action="submitted")
    assert event.note == "Lần nộp thứ 1 – nộp muộn"
    assert "Báo cáo nộp sau hạn." in Email.objects.get(kind="submission-notice").body_text


def test_late_submitted_then_returned_stays_late_on_resubmission(ready, personas, client_as):
    with time_machine.travel(AFTER, tick=False):
        services.submission_submit(submission=ready.sub_a1, by=personas.officer)
        services.submission_return(submission=ready.sub_a1, by=personas.reviewer, reason="Bổ sung.")
    with time_machine.travel(local_dt(2022, 6, 16, 10, 0), tick=False):
        ready.sub_a1.refresh_from_db()
        assert selectors.submission_check(submission=ready.sub_a1).late
        services.submission_submit(submission=ready.sub_a1, by=personas.officer)
    event = SubmissionEvent.objects.filter(submission=ready.sub_a1, action="submitted").order_by("-at").first()
    assert event.note == "Lần nộp thứ 2 – nộp muộn"
    assert Submission.objects.get(pk=ready.sub_a1.pk).is_late


@time_machine.travel(AFTER, tick=False)
def test_my_reports_and_history_show_date_before_time(ready, personas, client_as):
    client = client_as(personas.officer)
    client.post(reverse("reports-submission-submit", args=[ready.sub_a1.pk]))
    listing = client.get(reverse("reports-my-reports")).content.decode()
    assert "nộp lúc 15/06/2022 08:00" in listing
    detail = client.get(reverse("reports-submission-detail", args=[ready.sub_a1.pk])).content.decode()
    assert "Nộp lần 1 lúc 15/06/2022 08:00" in detail
    assert "08:00 15/06/2022" not in detail
