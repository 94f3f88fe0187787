"""Reorganisations of the tree (committees.reorg): merge, split, move, rename, dissolve; a past
round's dashboard and consolidated report unchanged; the successor's history; refusals; open
duties passed on with a notice; people moved; the tree as of a day."""

import datetime
import io
import re

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import ChangeRecord, Committee, Membership, Reorganisation, Succession
from committees.reorg.services import (
    Decision,
    NewCommittee,
    People,
    committee_dissolve,
    committee_move,
    committee_rename,
    committee_split,
    committees_merge,
)
from committees.selectors import committees_as_of, people_to_decide, predecessors_of
from outbox.models import Email
from plans.models import Plan
from reports.consolidation.builder import build_document
from reports.dashboards.selectors import plan_dashboard
from reports.models import Submission
from tests.conftest import local_dt, make_user
from tests.reports.dashboard_factories import set_state

S = Submission.State
REFORM = datetime.date(2025, 7, 1)
DURING_2022_ROUND = datetime.date(2022, 6, 1)  # before its deadline, 14/06/2022
NOW = local_dt(2025, 9, 1, 9, 0)


def decision(day=REFORM, number="123/QĐ-MTTQ-BTT"):
    return Decision(
        effective_on=day, number=number, date=day - datetime.timedelta(days=10), body="Ban Thường trực tỉnh"
    )


@pytest.fixture
def past_round(issued_plan, personas):
    """City A's 2022 round, closed: A1 submitted (12 meetings), the member organisation accepted
    (3 meetings), A2 never wrote."""
    p = issued_plan
    set_state(p.sub_a1, S.SUBMITTED, submitted=local_dt(2022, 6, 13, 10, 0), values={p.indicators.meetings: 12})
    set_state(
        p.sub_org,
        S.ACCEPTED,
        submitted=local_dt(2022, 6, 16, 15, 30),
        accepted=local_dt(2022, 6, 17, 8, 0),
        reviewer=personas.reviewer,
        values={p.indicators.meetings: 3},
    )
    Plan.objects.filter(pk=p.plan.pk).update(state=Plan.State.CLOSED)
    return p


def board_snapshot(plan, under):
    board = plan_dashboard(plan=plan, under=Committee.objects.get(pk=under.pk), now=NOW)
    return {
        "under": board.under.name,
        "counts": board.counts,
        "total": board.total,
        "done": board.done,
        "rows": [
            (r.committee.pk, r.committee.name, r.counts, r.total, r.done, r.has_below, r.indicator_values)
            for r in board.rows
        ],
        "indicators": [(t.indicator.pk, t.total, t.contributors) for t in board.indicators],
    }


def consolidation_snapshot(duty):
    duty.refresh_from_db()
    doc, summary, included = build_document(duty=duty, now=NOW)
    texts = [p.text for p in docx.Document(io.BytesIO(doc.to_bytes())).paragraphs if p.text.strip()]
    return {"summary": summary, "included": [s.committee.name for s in included], "texts": texts}


def reorganise_everything(tree, personas):
    """Rename A1, move A2 under city B, split the member organisation, merge A1 and B1 into a new
    ward of city B, dissolve A2 into it: every kind, after the 2022 round."""
    committee_rename(
        committee=tree.ward_a1,
        name="Ủy ban MTTQ Phường Hoà Bình",
        decision=decision(datetime.date(2025, 3, 1)),
        by=personas.reviewer,
    )
    committee_move(
        committee=tree.ward_a2, parent=tree.city_b, decision=decision(datetime.date(2025, 4, 1)), by=personas.reviewer
    )
    committee_split(
        source=tree.org_a,
        into=[
            NewCommittee(
                name="Hội Nông dân khu Bắc", code="hnd-bac", level="Thành phố", parent=tree.city_a, kind="member_org"
            ),
            NewCommittee(
                name="Hội Nông dân khu Nam", code="hnd-nam", level="Thành phố", parent=tree.city_a, kind="member_org"
            ),
        ],
        people=People.MOVE,
        decision=decision(),
        by=personas.reviewer,
    )
    merged = committees_merge(
        sources=[tree.ward_a1, tree.ward_b1],
        into=NewCommittee(name="Ủy ban MTTQ Phường Mới", code="p-moi", level="Phường", parent=tree.city_b),
        people=People.MOVE,
        decision=decision(),
        by=personas.reviewer,
    )
    new_ward = Succession.objects.get(reorganisation=merged, predecessor=tree.ward_a1).successor
    committee_dissolve(
        committee=Committee.objects.get(pk=tree.ward_a2.pk),
        successor=new_ward,
        people=People.MOVE,
        decision=decision(),
        by=personas.reviewer,
    )
    return new_ward


# --- the past round does not change ------------------------------------------------------------------
@time_machine.travel(NOW, tick=False)
def test_past_round_dashboard_and_consolidation_unchanged_by_every_kind_of_reorganisation(past_round, tree, personas):
    p = past_round
    before = {
        "city": board_snapshot(p.plan, tree.city_a),
        "province": board_snapshot(p.plan, tree.province),
        "consolidation": consolidation_snapshot(p.duty),
    }
    assert [row[1] for row in before["city"]["rows"]] == [
        "Ủy ban MTTQ Phường A1",
        "Ủy ban MTTQ Phường A2",
        "Hội Nông dân thành phố A",
    ]

    new_ward = reorganise_everything(tree, personas)

    after = {
        "city": board_snapshot(p.plan, tree.city_a),
        "province": board_snapshot(p.plan, tree.province),
        "consolidation": consolidation_snapshot(p.duty),
    }
    assert after == before
    # Today's tree did change: A1 renamed and closed, A2 under city B and closed, a new ward.
    a1, a2 = Committee.objects.get(pk=tree.ward_a1.pk), Committee.objects.get(pk=tree.ward_a2.pk)
    assert a1.name == "Ủy ban MTTQ Phường Hoà Bình" and not a1.is_active and a1.active_until == REFORM
    assert a2.parent_id == tree.city_b.pk and not a2.is_active
    assert new_ward.active_from == REFORM
    # The old reports are still the old committees'.
    assert set(Submission.objects.filter(duty=p.duty).values_list("committee_id", flat=True)) == {
        tree.ward_a1.pk,
        tree.ward_a2.pk,
        tree.org_a.pk,
    }


@pytest.mark.parametrize("case_moves", [0, 30])
@time_machine.travel(NOW, tick=False)
def test_past_round_unchanged_when_the_plans_committee_moved(past_round, tree, personas, monkeypatch, case_moves):
    """City A itself moved under city B, then everything else: the same dashboards, with the paths
    of the day mapped by a CASE (a few moves) or looked up row by row (beyond CASE_MOVES: a
    province's reform moving every commune)."""
    import committees.selectors

    monkeypatch.setattr(committees.selectors, "CASE_MOVES", case_moves)
    before = (board_snapshot(past_round.plan, tree.city_a), board_snapshot(past_round.plan, tree.province))
    committee_move(committee=tree.city_a, parent=tree.city_b, decision=decision(datetime.date(2025, 2, 1)))
    reorganise_everything(tree, personas)
    after = (board_snapshot(past_round.plan, tree.city_a), board_snapshot(past_round.plan, tree.province))
    assert after == before
    then = {
        c.id: c for c in committees_as_of(on=datetime.date(2024, 1, 1), under=Committee.objects.get(pk=tree.city_a.pk))
    }
    assert {tree.ward_a1.pk, tree.ward_a2.pk, tree.org_a.pk} <= set(then)
    assert then[tree.city_a.pk].parent_id == tree.province.pk


@time_machine.travel(NOW, tick=False)
def test_past_round_dashboard_page_shows_the_old_names(past_round, tree, personas, client_as):
    url = reverse("reports-dashboard-plan", args=[past_round.plan.pk])
    page_before = client_as(personas.reviewer).get(url).content.decode()
    reorganise_everything(tree, personas)
    page_after = client_as(personas.reviewer).get(url).content.decode()
    table = re.compile(r"<tr data-committee=.*?</tr>", re.S)
    assert table.findall(page_after) == table.findall(page_before)
    assert "Phường A1" in page_after and "Hoà Bình" not in page_after


@time_machine.travel(NOW, tick=False)
def test_past_round_excel_exports_unchanged(past_round, tree, personas, client_as):
    from openpyxl import load_workbook

    def sheets():
        result = []
        for name in ("reports-dashboard-status-xlsx", "reports-dashboard-indicators-xlsx"):
            data = client_as(personas.reviewer).get(reverse(name, args=[past_round.plan.pk])).content
            ws = load_workbook(io.BytesIO(data)).active
            result.append([[c for c in row] for row in ws.iter_rows(values_only=True)])
        return result

    before = sheets()
    reorganise_everything(tree, personas)
    assert sheets() == before
    assert any("Ủy ban MTTQ Phường A1" in str(row) for row in before[0])


def test_tree_as_of_a_day(tree, personas):
    new_ward = reorganise_everything(tree, personas)
    then = {c.id: c for c in committees_as_of(on=datetime.date(2024, 1, 1), under=tree.city_a)}
    assert then[tree.ward_a1.pk].name == "Ủy ban MTTQ Phường A1"
    assert then[tree.ward_a2.pk].parent_id == tree.city_a.pk
    assert tree.org_a.pk in then and new_ward.pk not in then
    now = {c.id: c for c in committees_as_of(on=datetime.date(2025, 8, 1))}
    assert new_ward.pk in now and tree.ward_a1.pk not in now and tree.org_a.pk not in now
    assert now[new_ward.pk].parent_id == tree.city_b.pk
    between = {c.id: c for c in committees_as_of(on=datetime.date(2025, 5, 1), under=tree.city_b)}
    assert between[tree.ward_a2.pk].parent_id == tree.city_b.pk  # moved on 01/04/2025
    assert {c.id for c in committees_as_of(on=datetime.date(2025, 5, 1), under=tree.city_a)} >= {tree.ward_a1.pk}


# --- the successor's history --------------------------------------------------------------------------
def test_successor_history_is_complete_and_transitive(tree, personas):
    new_ward = reorganise_everything(tree, personas)
    rows = list(predecessors_of(new_ward))
    assert {s.predecessor_id for s in rows} == {tree.ward_a1.pk, tree.ward_b1.pk, tree.ward_a2.pk}
    later = committees_merge(
        sources=[new_ward, tree.city_b.children.filter(is_active=True).exclude(pk=new_ward.pk).first() or new_ward],
        into=NewCommittee(name="Ủy ban MTTQ Phường Lớn", code="p-lon", level="Phường", parent=tree.city_b),
        people=People.MOVE,
        decision=decision(datetime.date(2026, 1, 1)),
    )
    biggest = Succession.objects.filter(reorganisation=later).first().successor
    assert {s.predecessor_id for s in predecessors_of(biggest)} == {
        new_ward.pk,
        tree.ward_a1.pk,
        tree.ward_b1.pk,
        tree.ward_a2.pk,
    }


def test_committee_page_lists_the_merged_committees(tree, personas, client_as):
    new_ward = reorganise_everything(tree, personas)
    html = (
        client_as(personas.other_city_reviewer).get(reverse("committees-detail", args=[new_ward.pk])).content.decode()
    )
    assert "Lịch sử các đơn vị đã sáp nhập" in html
    for old in (tree.ward_a2, tree.ward_b1):
        assert reverse("committees-detail", args=[old.pk]) in html


@pytest.mark.usefixtures("past_round")
def test_successor_reads_predecessors_reports_but_does_not_write_them(tree, personas, client_as, issued_plan):
    new_ward = reorganise_everything(tree, personas)
    new_officer = make_user("canbo_moi", new_ward, Membership.Role.OFFICER)
    detail = reverse("reports-submission-detail", args=[issued_plan.sub_a1.pk])
    edit = reverse("reports-submission-edit", args=[issued_plan.sub_a1.pk])
    read = client_as(new_officer).get(detail)
    assert read.status_code == 200 and 'id="committee-ceased"' in read.content.decode()  # marked as such
    assert client_as(new_officer).get(edit).status_code == 404
    # The moved officer of A1 reads A1's past as the new ward's, and no longer writes it.
    assert client_as(personas.officer).get(detail).status_code == 200
    assert client_as(personas.officer).get(edit).status_code == 404
    # Nobody else gains anything: the officer of another ward, a reviewer of another city, anonymous.
    other_city = make_user(
        "btt_c",
        Committee.objects.create(code="tp-c", name="Thành phố C", level="Thành phố", parent=tree.province),
        Membership.Role.STANDING,
    )
    other_ward = make_user(
        "canbo_x",
        Committee.objects.create(code="p-x", name="Phường X", level="Phường", parent=tree.city_b),
        Membership.Role.OFFICER,
    )
    assert client_as(other_ward).get(detail).status_code == 404
    assert client_as(other_city).get(detail).status_code == 404
    assert client_as(None).get(detail).status_code == 302


@pytest.mark.usefixtures("past_round")
def test_my_reports_lists_the_predecessors_past_reports_for_the_successor_only(tree, personas, client_as, issued_plan):
    new_ward = reorganise_everything(tree, personas)
    new_officer = make_user("canbo_moi", new_ward, Membership.Role.OFFICER)
    link = reverse("reports-submission-detail", args=[issued_plan.sub_a1.pk])
    page = client_as(new_officer).get(reverse("reports-my-reports")).content.decode()
    assert "Lịch sử các đơn vị đã sáp nhập" in page and link in page
    assert reverse("reports-submission-detail", args=[issued_plan.sub_a2.pk]) not in page  # never begun
    # The officer of the member organisation moved into its successor sees that one's past only.
    moved = client_as(personas.org_officer).get(reverse("reports-my-reports")).content.decode()
    assert link not in moved
    assert reverse("reports-submission-detail", args=[issued_plan.sub_org.pk]) in moved
    ward_y = Committee.objects.create(code="p-y", name="Phường Y", level="Phường", parent=tree.city_b)
    other = client_as(make_user("canbo_y", ward_y, Membership.Role.OFFICER)).get(reverse("reports-my-reports"))
    assert "Lịch sử các đơn vị đã sáp nhập" not in other.content.decode()


# --- people ------------------------------------------------------------------------------------------
def test_merge_moves_people_with_their_roles(tree, personas):
    committees_merge(
        sources=[tree.ward_a1, tree.ward_a2],
        into=NewCommittee(name="Phường A Mới", code="pam", level="Phường", parent=tree.city_a),
        people=People.MOVE,
        decision=decision(),
        by=personas.reviewer,
    )
    new = Committee.objects.get(code="pam")
    assert set(Membership.objects.filter(committee=new).values_list("user__username", "role")) == {
        ("canbo_a1", "officer"),
        ("lanhdao_a1", "leader"),
        ("canbo_a2", "officer"),
    }
    assert not Membership.objects.filter(committee__in=[tree.ward_a1, tree.ward_a2]).exists()


def test_merge_listing_people_leaves_them_for_the_standing_committee(tree, personas, client_as):
    committees_merge(
        sources=[tree.ward_a1, tree.ward_a2],
        into=NewCommittee(name="Phường A Mới", code="pam", level="Phường", parent=tree.city_a),
        people=People.PENDING,
        decision=decision(),
    )
    listed = {m.user.username for m in people_to_decide(committee=tree.city_a)}
    assert listed == {"canbo_a1", "lanhdao_a1", "canbo_a2"}
    html = client_as(personas.reviewer).get(reverse("committees-detail", args=[tree.city_a.pk])).content.decode()
    assert 'id="people-to-decide"' in html


# --- refusals ----------------------------------------------------------------------------------------
def test_merge_refused_while_people_would_be_left_without_committee(tree, personas):
    with pytest.raises(ValidationError) as refused:
        committees_merge(
            sources=[tree.ward_a1, tree.ward_a2],
            into=NewCommittee(name="Phường A Mới", code="pam", level="Phường", parent=tree.city_a),
            decision=decision(),
        )
    assert "sẽ không còn thuộc đơn vị nào" in refused.value.messages[0]
    assert "canbo_a1" in refused.value.messages[0]
    assert not Reorganisation.objects.exists() and not Committee.objects.filter(code="pam").exists()
    assert Committee.objects.get(pk=tree.ward_a1.pk).is_active


def test_dissolve_refused_while_it_owes_a_report_without_successor(issued_plan, tree):
    with pytest.raises(ValidationError) as refused:
        committee_dissolve(committee=tree.ward_a2, people=People.PENDING, decision=decision(DURING_2022_ROUND))
    message = " ".join(refused.value.messages)
    assert "Phường A2 chưa nộp" in message and "đơn vị kế tục" in message
    assert Committee.objects.get(pk=tree.ward_a2.pk).is_active and not Reorganisation.objects.exists()


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda t: committee_move(committee=t.city_a, parent=t.ward_a1, decision=decision()), "dưới chính nó"),
        (lambda t: committee_rename(committee=t.ward_a1, name="  ", decision=decision()), "Chưa ghi tên mới"),
        (
            lambda t: committee_rename(
                committee=t.ward_a1,
                name="Phường Khác",
                decision=Decision(effective_on=REFORM, number="1", date=REFORM + datetime.timedelta(days=1), body="X"),
            ),
            "sau ngày có hiệu lực",
        ),
        (
            lambda t: committee_rename(
                committee=t.ward_a1,
                name="Phường Khác",
                decision=Decision(effective_on=REFORM, number="", date=REFORM, body="X"),
            ),
            "số quyết định",
        ),
        (
            lambda t: committee_split(
                source=t.ward_a1, into=[NewCommittee("X", "x", "Phường", t.city_a)], decision=decision()
            ),
            "ít nhất hai",
        ),
    ],
)
def test_bad_reorganisations_are_refused_with_the_reason(tree, call, words):
    with pytest.raises(ValidationError) as refused:
        call(tree)
    assert words in " ".join(refused.value.messages)
    assert not Reorganisation.objects.exists()


def test_reorganisations_must_be_recorded_in_date_order(tree):
    committee_rename(committee=tree.ward_a1, name="Phường Mới Một", decision=decision(datetime.date(2025, 9, 1)))
    with pytest.raises(ValidationError) as refused:
        committee_move(
            committee=Committee.objects.get(pk=tree.ward_a1.pk),
            parent=tree.city_b,
            decision=decision(datetime.date(2025, 8, 1)),
        )
    assert "theo thứ tự ngày hiệu lực" in " ".join(refused.value.messages)


# --- open duties pass to the successor -----------------------------------------------------------------
def test_open_duties_pass_to_successor_with_one_notice_per_address(
    issued_plan, tree, personas, django_capture_on_commit_callbacks
):
    from reports.duties.reorg import hand_over_duties
    from reports.models import SectionAnswer

    SectionAnswer.objects.create(submission=issued_plan.sub_a1, item=issued_plan.items.s11, html="<p>Đã làm.</p>")
    reorganisation = committees_merge(
        sources=[tree.ward_a1, tree.ward_a2],
        into=NewCommittee(
            name="Phường A Mới", code="pam", level="Phường", parent=tree.city_a, emails="pam@mttq.example"
        ),
        people=People.MOVE,
        decision=decision(DURING_2022_ROUND),
    )
    new = Committee.objects.get(code="pam")
    duty = issued_plan.duty
    assert new in duty.committees.all()
    assert Submission.objects.filter(duty=duty, committee=new, state=S.NOT_STARTED).count() == 1
    # A1 had begun its report: it stays A1's (the successor reads it); A2 never touched its own,
    # which leaves the round, so the dashboard and the reminders count the new ward alone for it.
    assert list(Submission.objects.filter(duty=duty, committee__in=[tree.ward_a1, tree.ward_a2])) == [
        issued_plan.sub_a1
    ]
    assert set(duty.committees.all()) == {new, tree.ward_a1, tree.org_a}
    rows = board_snapshot(issued_plan.plan, tree.city_a)["rows"]
    assert sorted(name for _pk, name, *_ in rows) == sorted(["Phường A Mới", tree.ward_a1.name, tree.org_a.name])
    sent = Email.objects.filter(kind="duty-handover")
    assert sorted(sent.values_list("to", flat=True)) == sorted(
        ["canbo_a1@mttq.example", "lanhdao_a1@mttq.example", "canbo_a2@mttq.example", "pam@mttq.example"]
    )
    assert "Phường A1" in sent.first().body_text and "123/QĐ-MTTQ-BTT" in sent.first().body_text
    # Safe to run twice.
    hand_over_duties(None, reorganisation=reorganisation, closing=[tree.ward_a1, tree.ward_a2], successor=new)
    assert Email.objects.filter(kind="duty-handover").count() == 4
    assert Submission.objects.filter(duty=duty, committee=new).count() == 1


def test_reminders_go_to_the_successor_not_to_the_closed_wards(issued_plan, tree):
    from reports.duties.reminders import open_report_duties

    committees_merge(
        sources=[tree.ward_a1, tree.ward_a2],
        into=NewCommittee(name="Phường A Mới", code="pam", level="Phường", parent=tree.city_a),
        people=People.MOVE,
        decision=decision(DURING_2022_ROUND),
    )
    owing = {d.committee.code for d in open_report_duties(scope_key=f"plan:{issued_plan.plan.pk}")}
    assert owing == {"pam", "tp-a-hnd"}


def test_closed_round_is_not_handed_over(past_round, tree, personas):
    reorganise_everything(tree, personas)
    assert not Email.objects.filter(kind="duty-handover").exists()


def test_round_past_its_deadline_stays_with_the_old_committees(issued_plan, tree, personas):
    """The plan is still issued, but its deadline passed before the reform: A2's missing report
    stays A2's, and A2 may be dissolved without a successor."""
    committee_dissolve(committee=tree.ward_a2, people=People.PENDING, decision=decision())
    assert (
        not Submission.objects.filter(duty=issued_plan.duty)
        .exclude(committee__in=[tree.ward_a1, tree.ward_a2, tree.org_a])
        .exists()
    )
    assert not Email.objects.filter(kind="duty-handover").exists()


def test_remind_now_is_not_offered_when_only_closed_committees_are_missing(issued_plan, tree, personas, client_as):
    """The round's deadline passed before the reform: its missing reports stay the old wards' on the
    dashboard, but nobody would get a reminder for them, so "Nhắc ngay" is not offered."""
    url = reverse("reports-dashboard-plan", args=[issued_plan.plan.pk])
    c = client_as(personas.reviewer)
    with time_machine.travel(NOW, tick=False):
        assert "remind-now-form" in c.get(url).content.decode()  # A1, A2 and the organisation owe it
        committees_merge(
            sources=[tree.ward_a1, tree.ward_a2],
            into=NewCommittee(name="Phường A Mới", code="pam", level="Phường", parent=tree.city_a),
            people=People.PENDING,
            decision=decision(),
        )
        assert "remind-now-form" in c.get(url).content.decode()  # the organisation still does
        committee_dissolve(committee=tree.org_a, people=People.PENDING, decision=decision())
        html = c.get(url).content.decode()
    assert "remind-now-form" not in html
    assert 'id="show-missing"' in html  # the three missing reports are still shown as missing


# --- the record of changes ------------------------------------------------------------------------------
def test_reorganisation_records_who_changed_what(tree, personas):
    new_ward = reorganise_everything(tree, personas)
    moved = ChangeRecord.objects.filter(person=personas.officer, subject="membership")
    assert moved.exists()
    record = moved.filter(committee=new_ward).first()
    assert record.actor == personas.reviewer and record.via == ChangeRecord.Via.REORGANISATION
    assert record.reorganisation is not None
    renamed = ChangeRecord.objects.filter(
        committee_id=tree.ward_a1.pk, subject="committee", action="changed", changes__has_key="name"
    )
    assert renamed.get().changes["name"] == ["Ủy ban MTTQ Phường A1", "Ủy ban MTTQ Phường Hoà Bình"]
