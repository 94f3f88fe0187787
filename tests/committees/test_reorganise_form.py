"""The portal's form for one reorganisation (committees.views.committee_reorganise): each kind
checked (nothing written), then recorded once; the service's refusals shown with what was typed
kept; the decision's dates; who may open it."""

import datetime

import pytest
from django.urls import reverse

from committees.models import ChangeRecord, Committee, Membership, Reorganisation, Succession
from reports.models import Submission
from tests.conftest import make_user

DECISION = {
    "decision_number": "45/QĐ-MTTQ-BTT",
    "decision_date": "20/06/2025",
    "decision_body": "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh",
    "effective_on": "01/07/2025",
}


def url(committee, slug):
    return reverse("committees-reorganise", args=[committee.pk, slug])


def post(client, committee, slug, step, **fields):
    return client.post(url(committee, slug), {**DECISION, **fields, "step": step})


def check_then_record(client, committee, slug, **fields):
    """The clerk's two clicks: "Kiểm tra" (nothing written, the outcome shown), then "Ghi"."""
    checked = post(client, committee, slug, "check", **fields)
    assert checked.status_code == 200
    assert checked.context["outcome"] is not None, checked.context["refusals"] or checked.context["form"].errors
    assert not Reorganisation.objects.exists()
    recorded = post(client, committee, slug, "record", **fields)
    assert recorded.status_code == 302
    assert recorded.url == reverse("committees-detail", args=[committee.pk])
    return checked, recorded


@pytest.fixture
def province_reviewer(tree):
    return make_user("btt_tinh", tree.province, Membership.Role.STANDING)


def test_rename_is_checked_then_recorded_and_shows_in_history_and_audit(client_as, tree, personas):
    client = client_as(personas.reviewer)
    checked, _recorded = check_then_record(client, tree.ward_a1, "doi-ten", name="Ủy ban MTTQ Phường Hòa Bình")
    assert ("Ủy ban MTTQ Phường A1", "Ủy ban MTTQ Phường Hòa Bình") in checked.context["outcome"].renamed
    ward = Committee.objects.get(pk=tree.ward_a1.pk)
    assert ward.name == "Ủy ban MTTQ Phường Hòa Bình"
    r = Reorganisation.objects.get()
    assert (r.kind, r.decision_number, r.created_by) == ("rename", "45/QĐ-MTTQ-BTT", personas.reviewer)
    assert (r.decision_date, r.effective_on) == (datetime.date(2025, 6, 20), datetime.date(2025, 7, 1))

    page = client.get(reverse("committees-detail", args=[ward.pk]))
    text = page.content.decode()
    assert "Đã ghi: Đổi tên theo Quyết định số 45/QĐ-MTTQ-BTT ngày 20/06/2025, hiệu lực từ 01/07/2025." in text
    assert 'id="reorganisations"' in text and "Số 45/QĐ-MTTQ-BTT ngày 20/06/2025" in text
    audit = client.get(reverse("committees-changes", args=[ward.pk])).content.decode()
    assert "Ủy ban MTTQ Phường A1 → Ủy ban MTTQ Phường Hòa Bình" in audit
    assert "QĐ số 45/QĐ-MTTQ-BTT" in audit
    record = ChangeRecord.objects.get(committee_id=ward.pk, reorganisation=r)
    assert record.actor == personas.reviewer


def test_merge_into_a_new_committee_moves_people_and_closes_both(client_as, tree, personas):
    client = client_as(personas.reviewer)
    fields = {
        "others": [tree.ward_a2.pk],
        "into": "new",
        "new_name": "Ủy ban MTTQ Phường Tân An",
        "new_code": "tp-a-tan-an",
        "new_level": "Phường",
        "new_emails": "tanan@mttq.example",
        "people": "move",
    }
    checked, _ = check_then_record(client, tree.ward_a1, "sap-nhap", **fields)
    outcome = checked.context["outcome"]
    assert sorted(outcome.closed) == ["Ủy ban MTTQ Phường A1", "Ủy ban MTTQ Phường A2"]
    assert outcome.opened == ["Ủy ban MTTQ Phường Tân An"]
    assert {p[2] for p in outcome.people_moved} == {"Ủy ban MTTQ Phường A1", "Ủy ban MTTQ Phường A2"}
    assert len(outcome.people_moved) == 3
    new = Committee.objects.get(code="tp-a-tan-an")
    assert new.parent == tree.city_a and new.active_from == datetime.date(2025, 7, 1)
    assert not Committee.objects.filter(pk__in=[tree.ward_a1.pk, tree.ward_a2.pk], is_active=True).exists()
    assert set(Membership.objects.filter(committee=new).values_list("user__username", flat=True)) == {
        "canbo_a1",
        "lanhdao_a1",
        "canbo_a2",
    }
    assert set(Succession.objects.filter(successor=new).values_list("predecessor_id", flat=True)) == {
        tree.ward_a1.pk,
        tree.ward_a2.pk,
    }
    page = client.get(reverse("committees-detail", args=[tree.ward_a1.pk])).content.decode()
    assert 'id="successors"' in page and "Ủy ban MTTQ Phường Tân An" in page
    assert 'id="reorganise"' not in page  # closed: nothing more to reorganise


def test_merge_into_a_sibling(client_as, tree, personas):
    client = client_as(personas.reviewer)
    check_then_record(
        client, tree.ward_a2, "sap-nhap", others=[tree.ward_a1.pk], into=str(tree.ward_a1.pk), people="move"
    )
    assert Committee.objects.get(pk=tree.ward_a1.pk).is_active
    assert not Committee.objects.get(pk=tree.ward_a2.pk).is_active
    assert Membership.objects.get(user=personas.other_ward_officer).committee_id == tree.ward_a1.pk


def test_split_opens_the_new_committees(client_as, tree, personas):
    client = client_as(personas.reviewer)
    fields = {
        "name_1": "Ủy ban MTTQ Phường A1 Bắc",
        "code_1": "tp-a-p1-bac",
        "name_2": "Ủy ban MTTQ Phường A1 Nam",
        "code_2": "tp-a-p1-nam",
        "level": "Phường",
        "main": "2",
        "people": "move",
    }
    checked, _ = check_then_record(client, tree.ward_a1, "chia-tach", **fields)
    assert checked.context["outcome"].opened == ["Ủy ban MTTQ Phường A1 Bắc", "Ủy ban MTTQ Phường A1 Nam"]
    north, south = Committee.objects.get(code="tp-a-p1-bac"), Committee.objects.get(code="tp-a-p1-nam")
    assert not Committee.objects.get(pk=tree.ward_a1.pk).is_active
    assert Membership.objects.get(user=personas.officer).committee == south  # the one chosen as main
    assert set(Succession.objects.filter(predecessor=tree.ward_a1).values_list("successor_id", flat=True)) == {
        north.pk,
        south.pk,
    }


def test_move_under_a_parent_the_person_oversees(client_as, tree, province_reviewer):
    client = client_as(province_reviewer)
    checked, _ = check_then_record(client, tree.ward_a1, "chuyen-cap-tren", parent=tree.city_b.pk)
    assert checked.context["outcome"].moved == [
        ("Ủy ban MTTQ Phường A1", "Ủy ban MTTQ thành phố A", "Ủy ban MTTQ thành phố B")
    ]
    assert Committee.objects.get(pk=tree.ward_a1.pk).parent_id == tree.city_b.pk


def test_move_offers_no_parent_outside_the_persons_committees(client_as, tree, personas):
    """City A's standing committee does not place its ward under city B."""
    client = client_as(personas.reviewer)
    response = post(client, tree.ward_a1, "chuyen-cap-tren", "record", parent=tree.city_b.pk)
    assert response.status_code == 200 and "parent" in response.context["form"].errors
    assert Committee.objects.get(pk=tree.ward_a1.pk).parent_id == tree.city_a.pk
    assert not Reorganisation.objects.exists()


def test_dissolve_passes_an_open_report_to_the_successor(client_as, tree, personas, issued_plan):
    client = client_as(personas.reviewer)
    fields = {
        "successor": tree.ward_a1.pk,
        "people": "move",
        "effective_on": "01/06/2022",
        "decision_date": "25/05/2022",
    }
    checked, recorded = check_then_record(client, tree.ward_a2, "giai-the", **fields)
    (line,) = checked.context["outcome"].handed_over
    assert checked.context["outcome"].carried_on == [("Ủy ban MTTQ Phường A2", "Ủy ban MTTQ Phường A1")]
    assert "Ủy ban MTTQ Phường A1 tiếp tục nhiệm vụ của Ủy ban MTTQ Phường A2" in checked.content.decode()
    assert "Báo cáo sơ kết giữa nhiệm kỳ" in line and "Ủy ban MTTQ Phường A1" in line
    assert not Committee.objects.get(pk=tree.ward_a2.pk).is_active
    assert Submission.objects.filter(duty=issued_plan.duty, committee=tree.ward_a1).count() == 1
    page = client.get(recorded.url).content.decode()
    assert "chuyển cho Ủy ban MTTQ Phường A1" in page


def test_a_refusal_is_shown_with_everything_typed_kept(client_as, tree, personas, issued_plan):
    """Dissolving A2 while it owes a report of a current round, with no successor: the service's
    reason in Vietnamese above the form, nothing written, the decision as typed."""
    client = client_as(personas.reviewer)
    fields = {"people": "pending", "effective_on": "01/06/2022", "decision_date": "25/05/2022", "note": "Theo Đề án 01"}
    for step in ("check", "record"):
        response = post(client, tree.ward_a2, "giai-the", step, **fields)
        assert response.status_code == 200
        (reason,) = response.context["refusals"]
        assert "cần chỉ định đơn vị kế tục" in reason
        text = response.content.decode()
        assert 'id="reorg-refusals"' in text and "cần chỉ định đơn vị kế tục" in text
        assert 'value="45/QĐ-MTTQ-BTT"' in text and 'value="01/06/2022"' in text and "Theo Đề án 01" in text
    assert not Reorganisation.objects.exists()
    assert Committee.objects.get(pk=tree.ward_a2.pk).is_active


def test_people_left_without_committee_are_named(client_as, tree, personas):
    client = client_as(personas.reviewer)
    response = post(client, tree.ward_a1, "sap-nhap", "check", others=[tree.ward_a2.pk], into=str(tree.ward_a2.pk))
    (reason,) = response.context["refusals"]
    assert "canbo_a1" in reason or "lanhdao_a1" in reason
    assert not Reorganisation.objects.exists()


def test_pending_people_are_listed_for_the_standing_committee(client_as, tree, personas):
    client = client_as(personas.reviewer)
    checked, recorded = check_then_record(client, tree.ward_a2, "giai-the", people="pending")
    assert [p[0] for p in checked.context["outcome"].people_listed] == ["canbo_a2"]
    page = client.get(reverse("committees-detail", args=[tree.city_a.pk])).content.decode()
    assert 'id="people-to-decide"' in page


def test_effective_day_before_the_decision_is_refused(client_as, tree, personas):
    client = client_as(personas.reviewer)
    response = post(client, tree.ward_a1, "doi-ten", "check", name="Tên mới", effective_on="19/06/2025")
    (reason,) = response.context["refusals"]
    assert reason == "Ngày quyết định (20/06/2025) sau ngày có hiệu lực (19/06/2025)."
    assert 'value="Tên mới"' in response.content.decode()
    assert not Reorganisation.objects.exists()


@pytest.mark.parametrize("typed", ["2025/07/01", "31/02/2025", "1 tháng 7", ""])
def test_dates_are_read_as_dd_mm_yyyy(client_as, tree, personas, typed):
    client = client_as(personas.reviewer)
    response = post(client, tree.ward_a1, "doi-ten", "record", name="Tên mới", effective_on=typed)
    assert response.status_code == 200 and "effective_on" in response.context["form"].errors
    assert not Reorganisation.objects.exists()


def test_a_second_submit_records_nothing_more(client_as, tree, personas):
    client = client_as(personas.reviewer)
    fields = {"successor": tree.ward_a1.pk, "people": "move"}
    first = post(client, tree.ward_a2, "giai-the", "record", **fields)
    second = post(client, tree.ward_a2, "giai-the", "record", **fields)
    assert first.status_code == second.status_code == 302
    assert Reorganisation.objects.count() == 1
    messages = [str(m) for m in second.wsgi_request._messages]
    assert messages[-1] == (
        "Giải thể theo Quyết định số 45/QĐ-MTTQ-BTT ngày 20/06/2025 đã được ghi trước đó; không ghi lại lần nữa."
    )
    renamed_twice = [post(client, tree.ward_a1, "doi-ten", "record", name="Phường Mới") for _ in range(2)]
    assert [r.status_code for r in renamed_twice] == [302, 302]
    assert Reorganisation.objects.filter(kind="rename").count() == 1


def test_the_committee_page_offers_the_form_to_the_standing_committee_above_only(client_as, tree, personas):
    detail = reverse("committees-detail", args=[tree.ward_a1.pk])
    assert url(tree.ward_a1, "sap-nhap") in client_as(personas.reviewer).get(detail).content.decode()
    assert 'id="reorganise"' not in client_as(personas.officer).get(detail).content.decode()
    own = reverse("committees-detail", args=[tree.city_a.pk])
    assert 'id="reorganise"' not in client_as(personas.reviewer).get(own).content.decode()


@pytest.mark.parametrize(
    "who",
    ["other_ward_officer", "officer", "other_city_reviewer", "reviewer_of_itself", "reviewer_beside", "anonymous"],
)
@pytest.mark.parametrize("slug", ["sap-nhap", "chia-tach", "chuyen-cap-tren", "doi-ten", "giai-the"])
def test_who_may_not_reorganise(client_as, tree, personas, who, slug):
    """An officer of another ward (or of the ward itself), the standing committee of another city,
    a standing committee of the same city not above the committee (city A's on city A itself, ward
    A2's on ward A1), an anonymous visitor: nothing shown, nothing recorded."""
    target = tree.city_a if who == "reviewer_of_itself" else tree.ward_a1
    user = {
        "other_ward_officer": personas.other_ward_officer,
        "officer": personas.officer,
        "other_city_reviewer": personas.other_city_reviewer,
        "reviewer_of_itself": personas.reviewer,
        "reviewer_beside": make_user("btt_a2", tree.ward_a2, Membership.Role.STANDING),
        "anonymous": None,
    }[who]
    client = client_as(user)
    fields = {"name": "Tên khác", "successor": tree.ward_a2.pk, "people": "move", "parent": tree.city_b.pk}
    for response in (client.get(url(target, slug)), post(client, target, slug, "record", **fields)):
        if user is None:
            assert response.status_code == 302 and response.url.startswith(reverse("login"))
        else:
            assert response.status_code == 404
    assert not Reorganisation.objects.exists()
    assert Committee.objects.get(pk=target.pk).name == target.name


def test_unknown_kind_is_not_found(client_as, tree, personas):
    assert client_as(personas.reviewer).get(url(tree.ward_a1, "xoa")).status_code == 404


def test_a_second_submit_of_a_merge_whose_sibling_has_closed_records_nothing_more(client_as, tree, personas):
    """The second submit names A2, no longer offered (closed by the first): recognised all the same."""
    client = client_as(personas.reviewer)
    fields = {"others": [tree.ward_a2.pk], "into": str(tree.ward_a1.pk), "people": "move"}
    responses = [post(client, tree.ward_a1, "sap-nhap", "record", **fields) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert Reorganisation.objects.count() == 1
    assert "đã được ghi trước đó" in [str(m) for m in responses[1].wsgi_request._messages][-1]


def test_back_to_editing_keeps_what_was_typed(client_as, tree, personas):
    client = client_as(personas.reviewer)
    confirm = post(client, tree.ward_a1, "doi-ten", "check", name="Phường Hòa Bình").content.decode()
    assert 'type="hidden" name="name" value="Phường Hòa Bình"' in confirm and "data-once" in confirm
    edit = post(client, tree.ward_a1, "doi-ten", "edit", name="Phường Hòa Bình")
    assert edit.context["outcome"] is None and not edit.context["refusals"]
    text = edit.content.decode()
    assert 'value="Phường Hòa Bình"' in text and 'value="01/07/2025"' in text
    assert not Reorganisation.objects.exists()
