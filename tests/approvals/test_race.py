"""Two members of the city's standing committee approve the last two documents at the same moment,
on two database connections. Each decision takes the case's row lock first, so the second sees the
first one's approval: the dossier goes up to the province exactly once (one email), never stays
stuck at the city with every document approved.

The interleaving is forced: the first approver is held after it recorded its decision and found the
other document still open, before its commit, while the second comes in; on PostgreSQL the test
waits until the second really waits for the lock. (Without the lock the second would not see the
first's decision either, and the dossier would stay at the city with everything approved: checked
on PostgreSQL by removing the select_for_update.)"""

import threading

import pytest

from approvals import selectors, services
from approvals.models import Case, Step
from outbox.models import Email
from tests.reports.test_submission_race import Runner, wait_until_waiting_for_lock_or_done

from .conftest import REQUIRED, open_case, party_meeting, steps, submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_left(tree, people):
    case = open_case(tree)
    submit(case, people.officer)
    services.case_send(case=case, by=people.officer)
    meeting = party_meeting(case, people.officer)
    for key in REQUIRED:
        services.decision_record(
            case=case, step=steps(case)[0], key=key, outcome="approved", by=people.officer, meeting=meeting
        )
    for key in REQUIRED[:2]:
        services.decision_record(case=case, step=steps(case)[1], key=key, outcome="approved", by=people.reviewer)
    return case


def test_two_approvers_at_once_send_the_dossier_up_once(two_left, people, monkeypatch):
    from committees.models import Membership
    from tests.conftest import make_user

    colleague = make_user("btt_a_2", two_left.subject.parent, Membership.Role.STANDING)
    in_first, go_on = threading.Event(), threading.Event()
    real_all_approved = services._all_approved

    def held_all_approved(case, step):
        # The first approver has recorded its decision and found the other document still open;
        # it is held there, before its commit, while the second approver comes in.
        result = real_all_approved(case, step)
        if threading.current_thread() is first:
            in_first.set()
            assert go_on.wait(30)
        return result

    monkeypatch.setattr(services, "_all_approved", held_all_approved)
    city = Step.objects.get(case=two_left, position=2)

    def approve(key, by):
        return lambda: services.decision_record(
            case=Case.objects.get(pk=two_left.pk), step=city, key=key, outcome="approved", by=by
        )

    first = Runner(approve(REQUIRED[2], people.reviewer))
    first.start()
    assert in_first.wait(30)
    second = Runner(approve(REQUIRED[3], colleague))
    second.start()
    wait_until_waiting_for_lock_or_done(second)
    go_on.set()
    first.join(30)
    second.join(30)

    assert first.error is None and second.error is None, (first.error, second.error)
    state = selectors.case_state(two_left)
    assert state.current_step.position == 3
    assert all(item.status == "submitted" for item in state.items if item.item.version)
    province_mail = Email.objects.filter(kind="approvals-reached", committee=state.current_step.committee)
    assert sorted(province_mail.values_list("to", flat=True)) == ["btt_tinh@mttq.example", "tinh@mttq.example"]
