"""Plan pages: who may see, edit, issue and download what; bad input keeps what was typed."""

import io

import pytest
import time_machine
from django.urls import reverse
from docx import Document

from plans.models import Plan
from reports.duties.services import plan_issue_with_duties
from reports.models import Submission
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db


def _issue(draft, personas):
    return plan_issue_with_duties(plan=draft.plan, by=personas.reviewer, issued_on=local_dt(2022, 5, 20).date())


def test_draft_is_seen_only_by_its_standing_committee(draft, personas, client_as):
    url = reverse("plans-detail", args=[draft.plan.pk])
    assert client_as(personas.reviewer).get(url).status_code == 200
    for user in (personas.officer, personas.other_ward_officer, personas.other_city_reviewer, personas.nobody):
        assert client_as(user).get(url).status_code == 404
    response = client_as(None).get(url)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_issued_plan_read_by_target_committee_only(draft, personas, client_as):
    _issue(draft, personas)
    detail = reverse("plans-detail", args=[draft.plan.pk])
    docx = reverse("plans-docx", args=[draft.plan.pk])
    officer = client_as(personas.officer)
    page = officer.get(detail)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tải văn bản (.docx)" in html and "Điều chỉnh" not in html and "Gia hạn" not in html
    assert officer.get(docx).status_code == 200
    for name in ("plans-edit", "plans-correct", "reports-plan-issue"):
        assert officer.get(reverse(name, args=[draft.plan.pk])).status_code == 404
    assert officer.get(reverse("reports-duty-create", args=[draft.plan.pk])).status_code == 404
    sub = Submission.objects.get()
    assert officer.get(reverse("reports-extension-create", args=[sub.pk])).status_code == 404
    for user in (personas.other_ward_officer, personas.other_city_reviewer, personas.other_city_officer):
        assert client_as(user).get(detail).status_code == 404
        assert client_as(user).get(docx).status_code == 404
    assert client_as(None).get(docx).status_code == 302


def test_plan_list_shows_own_and_issued_to_me(draft, personas, client_as):
    assert "Sơ kết giữa nhiệm kỳ" in client_as(personas.reviewer).get(reverse("plans-list")).content.decode()
    assert "Sơ kết giữa nhiệm kỳ" not in client_as(personas.officer).get(reverse("plans-list")).content.decode()
    _issue(draft, personas)
    assert "Sơ kết giữa nhiệm kỳ" in client_as(personas.officer).get(reverse("plans-list")).content.decode()
    assert (
        "Sơ kết giữa nhiệm kỳ" not in client_as(personas.other_ward_officer).get(reverse("plans-list")).content.decode()
    )
    assert (
        "Sơ kết giữa nhiệm kỳ"
        not in client_as(personas.other_city_reviewer).get(reverse("plans-list")).content.decode()
    )


def test_create_and_edit_plan_in_browser_forms(tree, personas, client_as):
    c = client_as(personas.reviewer)
    assert client_as(personas.officer).get(reverse("plans-create")).status_code == 404
    response = c.post(
        reverse("plans-create"),
        {
            "committee": tree.city_a.pk,
            "kind": "interim_review",
            "title": "Kế hoạch thử",
            "symbol": "KH-MTTQ-BTT",
            "place": "",
            "issued_on": "20/05/2022",
            "signer_on_behalf": "TM. BAN THƯỜNG TRỰC",
            "signer_position": "CHỦ TỊCH",
            "signer_name": "Nguyễn Hồng Hải",
            "recipients": "- BTT Ủy ban MTTQVN tỉnh (B/c);\n- Lưu VP.",
            "milestones": "Cấp phường: hoàn thành | 31/02/2022",
        },
    )
    assert response.status_code == 200  # 31/02 is no date: the form comes back with what was typed
    html = response.content.decode()
    assert "Ngày không hợp lệ trong dòng tiến độ" in html and "Kế hoạch thử" in html and "31/02/2022" in html
    assert not Plan.objects.exists()
    data = {
        "committee": tree.city_a.pk,
        "kind": "interim_review",
        "title": "Kế hoạch thử",
        "symbol": "KH-MTTQ-BTT",
        "place": "",
        "issued_on": "20/05/2022",
        "signer_on_behalf": "TM. BAN THƯỜNG TRỰC",
        "signer_position": "CHỦ TỊCH",
        "signer_name": "Nguyễn Hồng Hải",
        "recipients": "- BTT Ủy ban MTTQVN tỉnh (B/c);\n- Lưu VP.",
        "milestones": "Cấp phường: hoàn thành | 15/06/2022",
    }
    response = c.post(reverse("plans-create"), data)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans-detail", args=[plan.pk])
    assert plan.issued_on.isoformat() == "2022-05-20" and plan.place == tree.city_a.place
    assert [(r.name, r.purpose) for r in plan.recipients.all()] == [("BTT Ủy ban MTTQVN tỉnh", "(B/c)"), ("Lưu VP", "")]
    assert plan.milestones.get().due_date.isoformat() == "2022-06-15"
    data.pop("committee")
    data["title"] = "Kế hoạch thử (sửa)"
    assert client_as(personas.other_city_reviewer).post(reverse("plans-edit", args=[plan.pk]), data).status_code == 404
    assert c.post(reverse("plans-edit", args=[plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch thử (sửa)"


@time_machine.travel(local_dt(2022, 5, 20, 9, 0), tick=False)
def test_issue_page_refuses_without_duty_and_with_taken_number(draft, tree, personas, client_as):
    c = client_as(personas.reviewer)
    empty = Plan.objects.create(committee=tree.city_a, title="Trống", created_by=personas.reviewer)
    response = c.post(reverse("reports-plan-issue", args=[empty.pk]), {"issued_on": "20/05/2022", "number": ""})
    assert response.status_code == 200 and "Chưa có yêu cầu báo cáo nào" in response.content.decode()
    Plan.objects.create(committee=tree.city_a, title="Đã có số 7", number=7, year=2022, state="issued")
    response = c.post(reverse("reports-plan-issue", args=[draft.plan.pk]), {"issued_on": "20/05/2022", "number": "7"})
    html = response.content.decode()
    assert response.status_code == 200 and "Số 07/KH-MTTQ-BTT đã được dùng" in html and 'value="7"' in html
    response = c.post(reverse("reports-plan-issue", args=[draft.plan.pk]), {"issued_on": "16/06/2022", "number": ""})
    assert "trước ngày ban hành kế hoạch (16/06/2022)" in response.content.decode()
    draft.plan.refresh_from_db()
    assert draft.plan.state == "draft"
    response = c.post(reverse("reports-plan-issue", args=[draft.plan.pk]), {"issued_on": "20/05/2022", "number": ""})
    assert response.status_code == 302
    draft.plan.refresh_from_db()
    assert draft.plan.state == "issued" and draft.plan.number == 8


def test_correction_page_and_history(draft, personas, client_as):
    plan = _issue(draft, personas)
    c = client_as(personas.reviewer)
    assert c.get(reverse("plans-edit", args=[plan.pk])).status_code == 302  # locked: sent back
    data = {
        "kind": "interim_review",
        "title": "Tiêu đề đã điều chỉnh",
        "place": "A",
        "signer_on_behalf": "TM. BAN THƯỜNG TRỰC",
        "signer_position": "CHỦ TỊCH",
        "signer_name": "Nguyễn Hồng Hải",
        "recipients": "Lưu VP",
        "milestones": "",
        "note": "",
    }
    response = c.post(reverse("plans-correct", args=[plan.pk]), data)
    assert response.status_code == 200 and "Tiêu đề đã điều chỉnh" in response.content.decode()
    data["note"] = "Sửa tiêu đề"
    assert c.post(reverse("plans-correct", args=[plan.pk]), data).status_code == 302
    page = c.get(reverse("plans-detail", args=[plan.pk])).content.decode()
    assert "Lịch sử điều chỉnh" in page and "Sửa tiêu đề" in page and "phiên bản 2" in page
    revision_page = c.get(reverse("plans-revision", args=[plan.pk, 1])).content.decode()
    assert "Sơ kết giữa nhiệm kỳ" in revision_page
    assert client_as(personas.officer).get(reverse("plans-revision", args=[plan.pk, 1])).status_code == 404


def test_extension_page(draft, personas, client_as):
    _issue(draft, personas)
    sub = Submission.objects.get()
    c = client_as(personas.reviewer)
    url = reverse("reports-extension-create", args=[sub.pk])
    response = c.post(url, {"new_date": "10/06/2022", "new_time": "", "reason": "Mưa bão"})
    assert response.status_code == 200 and "Hạn mới phải sau hạn hiện tại" in response.content.decode()
    response = c.post(url, {"new_date": "20/06/2022", "new_time": "", "reason": "Mưa bão"})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.extended_deadline == local_dt(2022, 6, 20, 23, 59, 59)
    ext = sub.extensions.get()
    assert ext.reason == "Mưa bão" and ext.granted_by == personas.reviewer
    assert sub.events.get().action == "extended"
    assert "gia hạn đến 20/06/2022 23:59" in c.get(reverse("plans-detail", args=[sub.duty.plan_id])).content.decode()
    assert client_as(personas.other_city_reviewer).get(url).status_code == 404


def test_download_is_a_word_file(draft, personas, client_as):
    _issue(draft, personas)
    response = client_as(personas.officer).get(reverse("plans-docx", args=[draft.plan.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert 'filename="ke-hoach-01-KH-MTTQ-BTT.docx"' in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    assert "Số: 01/KH-MTTQ-BTT" in [p.text for p in doc.tables[0].rows[0].cells[0].paragraphs]


def test_issued_plan_page_links_its_dashboard_and_consolidation_for_its_standing_committee(issued_plan, personas, client_as):
    from django.urls import reverse

    url = reverse("plans-detail", args=[issued_plan.plan.pk])
    reviewer_page = client_as(personas.reviewer).get(url).content.decode()
    assert reverse("reports-dashboard-plan", args=[issued_plan.plan.pk]) in reviewer_page
    assert reverse("reports-consolidation", args=[issued_plan.plan.pk]) in reviewer_page
    officer_page = client_as(personas.officer).get(url).content.decode()
    assert reverse("reports-consolidation", args=[issued_plan.plan.pk]) not in officer_page


def test_duty_form_refuses_a_deadline_of_year_9999_and_keeps_what_was_typed(draft, personas, client_as):
    response = client_as(personas.reviewer).post(
        reverse("reports-duty-create", args=[draft.plan.pk]),
        {
            "title": "Báo cáo gõ nhầm năm",
            "outline": draft.outline.pk,
            "targets": "children",
            "deadline_date": "31/12/9999",
            "page_limit": "10",
        },
    )
    page = response.content.decode()
    assert response.status_code in (200, 400)
    assert "quá xa" in page and "Báo cáo gõ nhầm năm" in page


def test_a_draft_is_titled_without_a_bare_symbol(draft, personas, client_as):
    html = client_as(personas.reviewer).get(reverse("plans-detail", args=[draft.plan.pk])).content.decode()
    assert "Kế hoạch (chưa có số)" in html
    assert "Kế hoạch /KH" not in html and "<title>Kế hoạch /" not in html


def test_issuing_after_the_deadline_warns_and_asks_to_confirm(draft, personas, client_as):
    c = client_as(personas.reviewer)
    url = reverse("reports-plan-issue", args=[draft.plan.pk])
    with time_machine.travel(local_dt(2022, 6, 15, 8, 0), tick=False):  # the deadline was 14/06 23:59
        assert "hạn đã qua" in c.get(url).content.decode()
        response = c.post(url, {"issued_on": "20/05/2022", "number": ""})
        assert response.status_code == 200 and "đã qua. Hãy sửa hạn" in response.content.decode()
        draft.plan.refresh_from_db()
        assert draft.plan.state == "draft"
        response = c.post(url, {"issued_on": "20/05/2022", "number": "", "confirm_past": "on"})
        assert response.status_code == 302
    draft.plan.refresh_from_db()
    assert draft.plan.state == "issued"
