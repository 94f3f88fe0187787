"""Where it is stuck: per document its status and level, which level a dossier waits on and
since when, what waits on a committee and what it decided; the pipeline of many dossiers in a
fixed number of queries."""

import pytest
import time_machine

from approvals import selectors, services
from approvals.models import Case
from committees.models import Membership
from tests.conftest import local_dt, make_committee, make_user

from .conftest import SENT_AT, approve_all, open_case, party_meeting, steps, submit

pytestmark = pytest.mark.django_db


def test_before_sending_the_case_waits_on_the_unit(case, people):
    submit(case, people.officer, keys=["chuong-trinh"])
    state = selectors.case_state(case)
    assert state.waiting_on_unit and state.current_step is None and state.waiting_on_label == "Ủy ban MTTQ Phường A1"
    assert state.waiting_since == local_dt(2023, 11, 20, 8, 0)
    assert [i.key for i in state.missing_required] == ["dai-bieu", "bao-cao", "de-an"]
    assert state.counts == {"missing": 4, "submitted": 1, "returned": 0, "approved": 0}


def test_committee_lists_follow_the_dossier(at_city, tree, people):
    city = steps(at_city)[1]
    assert list(selectors.cases_waiting_on(committee=tree.city_a)) == [at_city]
    assert not selectors.cases_decided_by(committee=tree.city_a).exists()
    assert not selectors.cases_waiting_on(committee=tree.province).exists()
    services.decision_record(
        case=at_city, step=city, key="de-an", outcome="returned", comment="Bổ sung.", by=people.reviewer
    )
    for key in ["chuong-trinh", "dai-bieu", "bao-cao"]:
        services.decision_record(case=at_city, step=city, key=key, outcome="approved", by=people.reviewer)
    # Everything decided, one document back with the ward: it no longer waits on the city.
    assert not selectors.cases_waiting_on(committee=tree.city_a).exists()
    assert list(selectors.cases_decided_by(committee=tree.city_a)) == [at_city]
    services.item_submit(case=at_city, key="de-an", link="/v2/", by=people.officer)
    assert list(selectors.cases_waiting_on(committee=tree.city_a)) == [at_city]
    services.decision_record(case=at_city, step=city, key="de-an", outcome="approved", by=people.reviewer)
    assert list(selectors.cases_waiting_on(committee=tree.province)) == [at_city]
    assert list(selectors.cases_decided_by(committee=tree.city_a)) == [at_city]


def test_the_unit_sees_what_it_must_record_for_its_party_committee(sent, tree, people):
    assert list(selectors.cases_to_record(committee=tree.ward_a1)) == [sent]
    assert not selectors.cases_to_record(committee=tree.ward_a2).exists()
    assert list(selectors.cases_of_unit(committee=tree.ward_a1)) == [sent]


def test_waiting_since_follows_the_oldest_open_document(at_city, people):
    city = steps(at_city)[1]
    with time_machine.travel(local_dt(2023, 12, 5, 10, 0), tick=False):
        services.decision_record(
            case=at_city, step=city, key="de-an", outcome="returned", comment="Bổ sung.", by=people.reviewer
        )
    state = selectors.case_state(at_city)
    assert not state.waiting_on_unit  # three documents still wait for the city
    assert state.waiting_since == local_dt(2023, 12, 4, 15, 0)
    item = next(i for i in state.items if i.item.key == "de-an")
    assert item.status_label == "Bị trả lại" and item.waiting_since == local_dt(2023, 12, 5, 10, 0)


def build_round(tree, people, n, start=0):
    """n wards' dossiers in every state: not sent, at the Party committee, at the city with a
    return, at the province, locked."""
    for i in range(start, start + n):
        ward = make_committee(f"p-{i}", f"Ủy ban MTTQ Phường {i}", "Phường", tree.city_a)
        officer = make_user(f"canbo-p-{i}", ward, Membership.Role.OFFICER)
        case = open_case(tree, owner_key=f"congress:{100 + i}", subject=ward)
        stage = i % 5
        if stage:
            with time_machine.travel(SENT_AT, tick=False):
                submit(case, officer)
                services.case_send(case=case, by=officer)
        if stage >= 2:
            approve_all(case, steps(case)[0], officer, party_meeting(case, officer))
            services.decision_record(
                case=case, step=steps(case)[1], key="de-an", outcome="returned", comment="Sửa", by=people.reviewer
            )
        if stage >= 3:
            services.item_submit(case=case, key="de-an", link="/v2/", by=officer)
            approve_all(case, steps(case)[1], people.reviewer)
        if stage >= 4:
            approve_all(case, steps(case)[2], people.province_reviewer)


def test_pipeline_rows_agree_with_case_state(tree, people):
    build_round(tree, people, 10)
    rows = selectors.pipeline_rows(Case.objects.order_by("pk"))
    assert len(rows) == 10
    for row in rows:
        one = selectors.case_state(Case.objects.get(pk=row.case.pk))
        assert [(i.item.key, i.status, i.step, i.version, i.comment) for i in row.items] == [
            (i.item.key, i.status, i.step, i.version, i.comment) for i in one.items
        ]
        assert (row.current_step, row.waiting_on_unit, row.waiting_since) == (
            one.current_step,
            one.waiting_on_unit,
            one.waiting_since,
        )
    assert [r.case.is_locked for r in rows].count(True) == 2
    assert {r.current_step.position if r.current_step else 0 for r in rows} == {0, 1, 2, 3}


def test_pipeline_query_count_does_not_grow_with_cases(tree, people, django_assert_max_num_queries):
    build_round(tree, people, 5)
    with django_assert_max_num_queries(4):
        assert len(selectors.pipeline_rows(Case.objects.all())) == 5
    build_round(tree, people, 15, start=5)
    with django_assert_max_num_queries(4):
        rows = selectors.pipeline_rows(Case.objects.all())
    assert len(rows) == 20 and sum(len(r.items) for r in rows) == 100


def test_awaited_actions_say_who_must_act_and_by_when(tree, people, django_assert_max_num_queries):
    build_round(tree, people, 5)
    with django_assert_max_num_queries(4):
        rows = selectors.awaited_actions()
    by_stage = {int(r.case.subject.code.split("-")[1]) % 5: r for r in rows}
    assert len(rows) == 4  # the fifth is locked
    assert (by_stage[0].action, by_stage[0].committee.code, by_stage[0].deadline) == (
        "send",
        "p-0",
        local_dt(2023, 12, 5, 17, 0),
    )
    assert (by_stage[1].action, by_stage[1].committee.code) == ("record", "p-1")
    assert (by_stage[2].action, by_stage[2].committee, by_stage[2].step.position) == ("decide", tree.city_a, 2)
    assert (by_stage[3].action, by_stage[3].committee, by_stage[3].step.position) == ("decide", tree.province, 3)


def test_a_dossier_whose_open_documents_are_all_returned_awaits_the_unit(at_city, people):
    city = steps(at_city)[1]
    services.decision_record(
        case=at_city, step=city, key="de-an", outcome="returned", comment="Sửa", by=people.reviewer
    )
    for key in ["chuong-trinh", "dai-bieu", "bao-cao"]:
        services.decision_record(case=at_city, step=city, key=key, outcome="approved", by=people.reviewer)
    [row] = selectors.awaited_actions()
    assert (row.action, row.committee, row.step, row.deadline) == (
        "resubmit",
        at_city.subject,
        city,
        local_dt(2023, 12, 10, 17, 0),
    )


def test_cases_visible_to_follow_the_access_rules(at_city, tree, people):
    from committees.access import get_access

    def visible(user):
        return list(Case.objects.filter(selectors.cases_visible_to_q(get_access(user))).distinct())

    for who in ["officer", "leader", "reviewer", "province_reviewer"]:
        assert visible(getattr(people, who)) == [at_city], who
    for who in ["other_ward_officer", "other_city_reviewer", "other_province_reviewer", "nobody"]:
        assert visible(getattr(people, who)) == [], who
