"""Writing a report: My reports, the editor page, autosave with revisions, indicators, sanitising."""

import json

import pytest
import time_machine
from django.urls import reverse

from reports.models import IndicatorValue, SectionAnswer, Submission, SubmissionEvent
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db


def save(client, sub, payload):
    return client.post(
        reverse("reports-submission-save-section", args=[sub.pk]), data=json.dumps(payload), content_type="application/json"
    )


@time_machine.travel(local_dt(2022, 6, 11, 9, 0), tick=False)
def test_my_reports_lists_own_committee_reports_with_time_left(issued_plan, personas, client_as):
    response = client_as(personas.officer).get(reverse("reports-my-reports"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo sơ kết giữa nhiệm kỳ" in html
    assert "14/06/2022 23:59" in html
    assert "còn 3 ngày" in html
    assert "Chưa bắt đầu" in html
    assert reverse("reports-submission-edit", args=[issued_plan.sub_a1.pk]) in html
    assert reverse("reports-submission-edit", args=[issued_plan.sub_a2.pk]) not in html


@time_machine.travel(local_dt(2022, 6, 16, 9, 0), tick=False)
def test_my_reports_says_overdue(issued_plan, personas, client_as):
    html = client_as(personas.officer).get(reverse("reports-my-reports")).content.decode()
    assert "quá hạn 2 ngày" in html
    assert "Quá hạn chưa nộp" in html


def test_my_reports_anonymous_goes_to_login(issued_plan, client_as):
    response = client_as(None).get(reverse("reports-my-reports"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize(
    "who, status",
    [("officer", 200), ("leader", 200), ("other_ward_officer", 404), ("other_city_reviewer", 404), ("reviewer", 404),
     ("other_city_officer", 404), ("nobody", 404)],
)
def test_edit_page_access(issued_plan, personas, client_as, who, status):
    response = client_as(getattr(personas, who)).get(reverse("reports-submission-edit", args=[issued_plan.sub_a1.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    "who, status",
    [("officer", 200), ("reviewer", 200), ("other_ward_officer", 404), ("other_city_reviewer", 404), ("nobody", 404)],
)
def test_detail_page_access(issued_plan, personas, client_as, who, status):
    response = client_as(getattr(personas, who)).get(reverse("reports-submission-detail", args=[issued_plan.sub_a1.pk]))
    assert response.status_code == status


def test_anonymous_is_sent_to_login_for_every_report_page(issued_plan, client_as):
    pk = issued_plan.sub_a1.pk
    for name in ("reports-submission-detail", "reports-submission-edit", "reports-submission-review",
                 "reports-submission-submit", "reports-submission-docx", "reports-submission-import-word"):
        response = client_as(None).get(reverse(name, args=[pk]))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"], name


def test_edit_page_shows_outline_guidance_and_indicators(issued_plan, personas, client_as):
    html = client_as(personas.officer).get(reverse("reports-submission-edit", args=[issued_plan.sub_a1.pk])).content.decode()
    assert "TÌNH HÌNH TRIỂN KHAI, QUÁN TRIỆT NGHỊ QUYẾT" in html
    assert "Nêu kết quả nổi bật." in html
    assert f'name="indicator-{issued_plan.indicators.meetings.pk}"' in html
    assert "bắt buộc" in html
    assert "js/submission_editor.js" in html


def test_autosave_saves_cleans_and_starts_the_draft(issued_plan, personas, client_as):
    sub, item = issued_plan.sub_a1, issued_plan.items.s11
    response = save(client_as(personas.officer), sub, {
        "item": item.pk, "revision": 0,
        "html": '<p onclick="x()">Đã tổ chức <b>12</b> hội nghị</p><script>alert(1)</script><img src=x onerror=alert(2)>',
    })
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["ok"] and data["revision"] == 1
    assert data["saved_at"]
    answer = SectionAnswer.objects.get(submission=sub, item=item)
    assert answer.html == "<p>Đã tổ chức <b>12</b> hội nghị</p>"
    sub.refresh_from_db()
    assert sub.state == Submission.State.DRAFT and sub.started_at is not None
    assert SubmissionEvent.objects.filter(submission=sub, action="started").count() == 1
    # A second save does not log another "started".
    assert save(client_as(personas.officer), sub, {"item": item.pk, "revision": 1, "html": "<p>Sửa</p>"}).status_code == 200
    assert SubmissionEvent.objects.filter(submission=sub, action="started").count() == 1


def test_pasted_script_is_rendered_harmless_on_every_page(issued_plan, personas, client_as):
    sub, item = issued_plan.sub_a1, issued_plan.items.s12
    save(client_as(personas.officer), sub, {
        "item": item.pk, "revision": 0,
        "html": '<div>Đoạn một</div><div><a href="javascript:alert(1)">bấm</a><iframe src="//x"></iframe></div><style>p{}</style>',
    })
    stored = SectionAnswer.objects.get(submission=sub, item=item).html
    assert stored == "<p>Đoạn một</p><p>bấm</p>"
    for user, name in ((personas.officer, "reports-submission-edit"), (personas.reviewer, "reports-submission-detail")):
        html = client_as(user).get(reverse(name, args=[sub.pk])).content.decode()
        assert "javascript:alert" not in html and "<iframe" not in html


def test_older_revision_is_refused_with_both_texts(issued_plan, personas, client_as):
    """Two officers of the same ward load revision 0; the second save must not overwrite the first."""
    sub, item = issued_plan.sub_a1, issued_plan.items.s11
    first = save(client_as(personas.officer), sub, {"item": item.pk, "revision": 0, "html": "<p>Bản của cán bộ</p>"})
    assert first.status_code == 200
    second = save(client_as(personas.leader), sub, {"item": item.pk, "revision": 0, "html": "<p>Bản của lãnh đạo</p>"})
    assert second.status_code == 409
    data = second.json()
    assert data["conflict"] is True
    assert data["theirs_html"] == "<p>Bản của cán bộ</p>"
    assert data["revision"] == 1
    assert "canbo_a1" in data["error"]
    assert SectionAnswer.objects.get(submission=sub, item=item).html == "<p>Bản của cán bộ</p>"
    # Choosing to keep one's own text sends the revision just seen.
    third = save(client_as(personas.leader), sub, {"item": item.pk, "revision": 1, "html": "<p>Bản của lãnh đạo</p>"})
    assert third.status_code == 200 and third.json()["revision"] == 2


def test_page_post_conflict_shows_saved_text_and_keeps_typed_text(issued_plan, personas, client_as):
    sub, item = issued_plan.sub_a1, issued_plan.items.s11
    save(client_as(personas.officer), sub, {"item": item.pk, "revision": 0, "html": "<p>Bản đã lưu trước</p>"})
    response = client_as(personas.leader).post(
        reverse("reports-submission-edit", args=[sub.pk]),
        {f"section-{item.pk}": "<p>Bản tôi đang gõ</p>", f"revision-{item.pk}": "0"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bản đã lưu trước" in html and "Bản tôi đang gõ" in html
    assert SectionAnswer.objects.get(submission=sub, item=item).html == "<p>Bản đã lưu trước</p>"


def test_bad_indicator_gets_field_error_and_others_are_kept(issued_plan, personas, client_as):
    sub, ind = issued_plan.sub_a1, issued_plan.indicators
    response = save(client_as(personas.officer), sub, {"indicators": {str(ind.meetings.pk): "-3", str(ind.attendees.pk): "1.250"}})
    assert response.status_code == 400
    data = response.json()
    assert data["errors"] == {str(ind.meetings.pk): "Số liệu không được âm."}
    assert IndicatorValue.objects.get(submission=sub, indicator=ind.attendees).value == 1250
    assert not IndicatorValue.objects.filter(submission=sub, indicator=ind.meetings).exists()

    response = save(client_as(personas.officer), sub, {"indicators": {str(ind.meetings.pk): "mười hai"}})
    assert response.json()["errors"] == {str(ind.meetings.pk): "Hãy nhập một số."}
    response = save(client_as(personas.officer), sub, {"indicators": {str(ind.meetings.pk): "2,5"}})
    assert response.json()["errors"] == {str(ind.meetings.pk): "Hãy nhập một số nguyên."}


def test_page_post_with_bad_indicator_keeps_everything_typed(issued_plan, personas, client_as):
    sub, ind, item = issued_plan.sub_a1, issued_plan.indicators, issued_plan.items.s12
    response = client_as(personas.officer).post(
        reverse("reports-submission-edit", args=[sub.pk]),
        {f"section-{item.pk}": "<p>Thuận lợi nhiều</p>", f"revision-{item.pk}": "0",
         f"indicator-{ind.meetings.pk}": "abc", f"indicator-{ind.attendees.pk}": "300"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="abc"' in html and "Hãy nhập một số." in html and "is-invalid" in html
    assert 'value="300"' in html
    assert "Thuận lợi nhiều" in html
    assert IndicatorValue.objects.get(submission=sub, indicator=ind.attendees).value == 300


def test_save_endpoint_refuses_other_ward_and_wrong_item(issued_plan, personas, client_as, tree):
    sub = issued_plan.sub_a1
    assert save(client_as(personas.other_ward_officer), sub, {"item": issued_plan.items.s11.pk, "revision": 0, "html": "x"}).status_code == 404
    assert save(client_as(personas.other_city_reviewer), sub, {"item": issued_plan.items.s11.pk, "revision": 0, "html": "x"}).status_code == 404
    assert save(client_as(personas.officer), sub, {"item": 999999, "revision": 0, "html": "x"}).status_code == 400
    assert client_as(personas.officer).get(reverse("reports-submission-save-section", args=[sub.pk])).status_code == 405
    assert not SectionAnswer.objects.exists()


def test_length_estimate_grows_with_text(issued_plan, personas, client_as):
    sub = issued_plan.sub_a1
    small = save(client_as(personas.officer), sub, {"item": issued_plan.items.s11.pk, "revision": 0, "html": "<p>Ngắn.</p>"}).json()
    long_text = "".join(f"<p>{'Nội dung báo cáo dài dòng. ' * 30}</p>" for _ in range(40))
    big = save(client_as(personas.officer), sub, {"item": issued_plan.items.s2.pk, "revision": 0, "html": long_text}).json()
    assert small["length"]["pages"] < 2 <= big["length"]["pages"]
    assert big["length"]["limit"] == 10


def test_nul_and_other_control_characters_are_removed_before_saving(issued_plan, personas, client_as):
    """PostgreSQL cannot store NUL and a .docx cannot hold C0 controls or lone surrogates."""
    sub, item = issued_plan.sub_a1, issued_plan.items.s11
    # json.dumps writes the lone surrogate as \\ud800, as a browser may send it.
    body = json.dumps({"item": item.pk, "revision": 0, "html": "<p>A\x00B\x01C\x0bD\x1fE\ud800F\uffffG\tH</p>"})
    response = client_as(personas.officer).post(
        reverse("reports-submission-save-section", args=[sub.pk]), data=body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["html"] == "<p>ABCDEFG\tH</p>"
    answer = SectionAnswer.objects.get(submission=sub, item=item)
    assert answer.html == "<p>ABCDEFG\tH</p>"
    # The page post (without JavaScript) too.
    response = client_as(personas.officer).post(
        reverse("reports-submission-edit", args=[sub.pk]),
        {f"section-{item.pk}": "<p>X\x00Y\x08Z</p>", f"revision-{item.pk}": "1"},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.html == "<p>XYZ</p>"
    # The report still downloads as Word.
    assert client_as(personas.officer).get(reverse("reports-submission-docx", args=[sub.pk])).status_code == 200


def test_autosave_returns_the_new_state_badge(issued_plan, personas, client_as):
    sub, item = issued_plan.sub_a1, issued_plan.items.s11
    with time_machine.travel(local_dt(2022, 6, 10, 9, 0), tick=False):
        html = client_as(personas.officer).get(reverse("reports-submission-edit", args=[sub.pk])).content.decode()
        assert 'data-status="not_started">Chưa bắt đầu</span>' in html and 'id="status-badge"' in html
        data = save(client_as(personas.officer), sub, {"item": item.pk, "revision": 0, "html": "<p>Bắt đầu</p>"}).json()
    assert data["status"] == "draft" and data["status_label"] == "Đang soạn"
    assert 'data-status="draft">Đang soạn</span>' in data["badge"] and "text-bg-info" in data["badge"]
    with time_machine.travel(local_dt(2022, 6, 10, 9, 5), tick=False):
        data = save(client_as(personas.officer), sub, {"indicators": {str(issued_plan.indicators.meetings.pk): "3"}}).json()
    assert data["status"] == "draft" and "Đang soạn" in data["badge"]


def test_saved_time_is_hh_mm_today_and_date_first_otherwise(issued_plan, personas, client_as):
    from reports.submissions.views import _saved_time

    now = local_dt(2022, 6, 11, 9, 41)
    assert _saved_time(local_dt(2022, 6, 11, 9, 41), now) == "09:41"
    assert _saved_time(local_dt(2022, 6, 10, 23, 59), now) == "10/06/2022 23:59"
    assert _saved_time(None, now) == ""
    sub = issued_plan.sub_a1
    with time_machine.travel(local_dt(2022, 6, 10, 23, 59), tick=False):
        data = save(client_as(personas.officer), sub, {"item": issued_plan.items.s12.pk, "html": "<p>A</p>", "revision": 0}).json()
        assert data["saved_at"] == "23:59"
        page = client_as(personas.officer).get(reverse("reports-submission-edit", args=[sub.pk])).content.decode()
        assert "Đã lưu lúc 23:59" in page
    with time_machine.travel(local_dt(2022, 6, 11, 9, 41), tick=False):
        page = client_as(personas.officer).get(reverse("reports-submission-edit", args=[sub.pk])).content.decode()
        assert "Đã lưu lúc 10/06/2022 23:59" in page
        config = page.split('id="editor-config" type="application/json">', 1)[1].split("</script>", 1)[0]
        assert json.loads(config)["text"]["rejected"] == "Có lỗi, chưa lưu"


@time_machine.travel(local_dt(2022, 6, 11, 9, 41), tick=False)
def test_page_post_with_refused_indicator_says_not_saved(issued_plan, personas, client_as):
    sub, ind = issued_plan.sub_a1, issued_plan.indicators
    response = client_as(personas.officer).post(
        reverse("reports-submission-edit", args=[sub.pk]), {f"indicator-{ind.meetings.pk}": "-3"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    status = html.split('id="save-status"', 1)[1].split("</span>", 1)[0]
    assert "Có lỗi, chưa lưu" in status and "Đã lưu lúc" not in status
    assert "Số liệu không được âm." in html
