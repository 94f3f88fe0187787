"""An issued plan gains a reporting duty by a correction (đính chính, bổ sung), as plan 380 of seed 003
needs (issued with no duty): the standing committee records the date and the reason, the committees
named get their report and one email each (through the outbox, over real SMTP), the plan page shows
the correction. Nobody else may do it."""

from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse

from outbox.models import Email
from outbox.services import emails_send_due
from plans.models import PlanRevision
from reports import emails
from reports.models import ReportingDuty, Submission
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db
REASON = "Bổ sung yêu cầu báo cáo kết quả Đại hội điểm theo chỉ đạo của tỉnh"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(local_dt(2023, 11, 20, 9, 0), tick=False):
        yield


@pytest.fixture
def plan_380(tree, personas):
    """Issued with no reporting duty, as the province recorded plan 380/KH-MTTQ-BTT."""
    from plans.services import plan_create, plan_issue
    from reports.outlines.services import outline_create_from_rows

    plan = plan_create(
        committee=tree.city_a,
        by=personas.reviewer,
        title="Chỉ đạo Đại hội điểm MTTQ Việt Nam cấp xã nhiệm kỳ 2024 - 2029",
        content="1. Chọn đơn vị tổ chức Đại hội điểm.",
        signer_name="Lâm Thị Thu",
    )
    plan = plan_issue(plan=plan, by=personas.reviewer, number=380, issued_on=local_dt(2023, 9, 6).date())
    outline = outline_create_from_rows(
        committee=tree.city_a,
        by=personas.reviewer,
        title="Đề cương báo cáo Đại hội điểm",
        rows=[{"depth": 0, "label": "I.", "title": "KẾT QUẢ ĐẠI HỘI"}, {"depth": 0, "label": "II.", "title": "BÀI HỌC KINH NGHIỆM"}],
    )
    return SimpleNamespace(plan=plan, outline=outline)


def form_data(plan_380, tree, **changes):
    data = {
        "corrected_on": "20/11/2023",
        "reason": REASON,
        "title": "Báo cáo kết quả Đại hội điểm",
        "outline": str(plan_380.outline.pk),
        "targets": "list",
        "committees": [str(tree.ward_a1.pk)],
        "deadline_date": "10/12/2023",
        "deadline_time": "",
        "page_limit": "5",
        "instructions": "Gửi trên Cổng báo cáo MTTQ.",
    }
    data.update(changes)
    return data


def correct_url(plan):
    return reverse("reports-duty-correct", args=[plan.pk])


def test_issued_plan_offers_the_correction_instead_of_a_locked_duty(plan_380, personas, client_as):
    client = client_as(personas.reviewer)
    page = client.get(reverse("plans-detail", args=[plan_380.plan.pk])).content.decode()
    assert correct_url(plan_380.plan) in page and "Bổ sung yêu cầu báo cáo (đính chính)" in page
    # The old way in ("Thêm yêu cầu báo cáo") leads to the correction, not to "đã khóa".
    response = client.get(reverse("reports-duty-create", args=[plan_380.plan.pk]))
    assert response.status_code == 302 and response["Location"] == correct_url(plan_380.plan)
    form = client.get(correct_url(plan_380.plan)).content.decode()
    assert "Ngày đính chính" in form and "Lý do đính chính, bổ sung" in form


def test_correction_adds_the_duty_records_it_and_the_plan_page_shows_it(plan_380, tree, personas, client_as, smtp_server):
    client = client_as(personas.reviewer)
    response = client.post(correct_url(plan_380.plan), form_data(plan_380, tree))
    assert response.status_code == 302
    duty = ReportingDuty.objects.get(plan=plan_380.plan)
    assert duty.correction_date.isoformat() == "2023-11-20" and duty.correction_reason == REASON
    assert list(duty.committees.all()) == [tree.ward_a1]
    assert Submission.objects.filter(duty=duty, committee=tree.ward_a1, state="not_started").exists()
    revision = PlanRevision.objects.get(plan=plan_380.plan)
    assert "Báo cáo kết quả Đại hội điểm" in revision.note and REASON in revision.note
    plan_380.plan.refresh_from_db()
    assert plan_380.plan.version == revision.version + 1

    # The ward named reads the plan, with the correction on its duty; the manager sees the history.
    officer_page = client_as(personas.officer).get(reverse("plans-detail", args=[plan_380.plan.pk])).content.decode()
    assert f"Bổ sung theo đính chính ngày 20/11/2023: {REASON}" in officer_page
    assert "Lịch sử điều chỉnh" in client.get(reverse("plans-detail", args=[plan_380.plan.pk])).content.decode()

    # One email per address of the ward, sent once over real SMTP, even if asked again.
    rows = Email.objects.filter(key__startswith=f"duty-added:{duty.pk}:")
    addresses = ["canbo_a1@mttq.example", "lanhdao_a1@mttq.example", "tp-a-p1@mttq.example"]
    assert sorted(rows.values_list("to", flat=True)) == addresses
    emails.duty_added(plan=plan_380.plan, duty=duty, committee=tree.ward_a1, link="/x/")  # a second call
    assert rows.count() == 3
    assert emails_send_due() == 3
    assert emails_send_due() == 0
    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == addresses
    message = next(m for m in smtp_server.messages if m.rcpt_tos[0] == "lanhdao_a1@mttq.example")
    assert "Bổ sung yêu cầu báo cáo – Kế hoạch số 380/" in message.subject
    body = message.message.get_body(("plain",)).get_content()
    assert "Ngày 20/11/2023" in body and f"Lý do: {REASON}" in body and "10/12/2023 23:59" in body
    assert reverse("plans-detail", args=[plan_380.plan.pk]) in body
    assert not Email.objects.filter(to__icontains="a2").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reason": "  "}, "reason", "Xin ghi lý do đính chính, bổ sung."),
        ({"corrected_on": "01/09/2023"}, "corrected_on", "trước ngày ban hành kế hoạch (06/09/2023)"),
        ({"corrected_on": "21/11/2023"}, "corrected_on", "Ngày đính chính không được sau hôm nay."),
        ({"deadline_date": "19/11/2023"}, "deadline_date", "Hạn nộp của yêu cầu bổ sung phải sau lúc này"),
    ],
)
def test_bad_correction_is_refused_and_keeps_what_was_typed(plan_380, tree, personas, client_as, changes, field, message):
    response = client_as(personas.reviewer).post(correct_url(plan_380.plan), form_data(plan_380, tree, **changes))
    assert response.status_code == 200
    assert message in " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert "Báo cáo kết quả Đại hội điểm" in response.content.decode()  # the title typed stays
    assert not ReportingDuty.objects.exists() and not Email.objects.exists()
    assert not PlanRevision.objects.exists()


def test_a_draft_or_a_closed_plan_has_no_correction(plan_380, personas, client_as):
    from plans.services import plan_close

    plan_close(plan=plan_380.plan, by=personas.reviewer)
    response = client_as(personas.reviewer).get(correct_url(plan_380.plan))
    assert response.status_code == 302 and response["Location"] == reverse("plans-detail", args=[plan_380.plan.pk])


@pytest.mark.parametrize("who", ["other_ward_officer", "other_city_reviewer", "officer", "anonymous"])
def test_only_the_plans_standing_committee_may_correct(plan_380, tree, personas, client_as, who):
    user = None if who == "anonymous" else getattr(personas, who)
    client = client_as(user)
    for response in (client.get(correct_url(plan_380.plan)), client.post(correct_url(plan_380.plan), form_data(plan_380, tree))):
        if user is None:
            assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
        else:
            assert response.status_code == 404
    assert not ReportingDuty.objects.exists() and not Email.objects.exists()


def test_the_province_above_the_plan_cannot_correct_it(plan_380, tree, client_as):
    """The standing committee above the plan's committee oversees it; correcting is the issuer's."""
    from committees.models import Membership
    from tests.conftest import make_user

    client = client_as(make_user("btt_tinh", tree.province, Membership.Role.STANDING))
    assert client.get(correct_url(plan_380.plan)).status_code == 404
    assert client.post(correct_url(plan_380.plan), form_data(plan_380, tree)).status_code == 404
    assert not ReportingDuty.objects.exists() and not Email.objects.exists()
