"""reports.demo_submissions.load(): varied states for plan 000's wards, idempotent."""

import pytest

from reports import demo_submissions
from reports.models import Submission, SubmissionVersion

pytestmark = pytest.mark.django_db


def test_does_nothing_without_plan_000(issued_plan):
    demo_submissions.load()
    assert not SubmissionVersion.objects.exists()


def test_fills_states_and_is_idempotent(issued_plan, tree):
    tree.city_a.code = "anbinh"
    tree.city_a.save()
    demo_submissions.load()
    states = dict(Submission.objects.filter(duty=issued_plan.duty).values_list("committee__code", "state"))
    # Three reports in the fixture, ordered by committee name: the org, ward A1, ward A2.
    assert states == {"tp-a-hnd": "submitted", "tp-a-p1": "submitted", "tp-a-p2": "submitted"}
    sub = Submission.objects.get(pk=issued_plan.sub_a1.pk)
    assert sub.answers.filter(html__contains="quán triệt").exists()
    assert sub.get_status() == Submission.Status.SUBMITTED_ON_TIME
    before = SubmissionVersion.objects.count()
    demo_submissions.load()
    assert SubmissionVersion.objects.count() == before == 3


def test_late_returned_and_accepted_states(issued_plan, tree, personas):
    from tests.conftest import make_committee

    tree.city_a.code = "anbinh"
    tree.city_a.save()
    for i in range(3, 8):  # more wards, as plan 000 has nine
        ward = make_committee(f"tp-a-p{i}", f"Ủy ban MTTQ Phường A{i}", "Phường", tree.city_a)
        Submission.objects.create(duty=issued_plan.duty, committee=ward)
    demo_submissions.load()
    statuses = [s.status for s in Submission.objects.filter(duty=issued_plan.duty).with_status()]
    assert statuses.count(Submission.Status.SUBMITTED_LATE) == 1
    assert statuses.count(Submission.Status.RETURNED) == 1
    assert statuses.count(Submission.Status.ACCEPTED) == 1
    assert statuses.count(Submission.Status.SUBMITTED_ON_TIME) == 4
    assert len(statuses) - 7 == 1  # the eighth is left not started / missing
    returned = Submission.objects.get(duty=issued_plan.duty, state="returned")
    assert returned.comments.exists() and returned.return_reason
