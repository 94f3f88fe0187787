"""A push of indicator values through the API racing a colleague's submit, as two threads on two
database connections (the harness of tests/reports/test_submission_race.py): a push answered 200 is
in the version the submit freezes; a push that comes after the submit took the report is a 409
and writes nothing."""

import threading

import pytest
import time_machine

from api import services as api_services
from reports.models import IndicatorValue, SubmissionVersion
from reports.submissions import selectors
from tests.reports.test_submission_race import (  # noqa: F401  (written: the fixture)
    BEFORE,
    Runner,
    submit,
    wait_until_waiting_for_lock_or_done,
    written,
)

pytestmark = pytest.mark.django_db(transaction=True)


def push(client, sub, values):
    url = f"/api/v1/submissions/{sub.pk}/indicator-values/"
    return lambda: client.put(url, {"values": values}, content_type="application/json")


@time_machine.travel(BEFORE, tick=True)
def test_a_push_holding_the_report_lands_in_the_frozen_version(written, personas, api_client, monkeypatch):  # noqa: F811
    sub, meetings = written.sub_a1, written.indicators.meetings
    client = api_client(personas.officer)  # the token is made before the threads start
    in_push, go_on = threading.Event(), threading.Event()
    real_read = api_services.read_number

    def held_read(indicator, value):  # inside the push, after the report was locked and checked
        in_push.set()
        assert go_on.wait(30)
        return real_read(indicator, value)

    monkeypatch.setattr(api_services, "read_number", held_read)
    pusher = Runner(push(client, sub, {str(meetings.pk): 14}))
    pusher.start()
    assert in_push.wait(30)
    submitter = Runner(submit(sub, personas.leader))
    submitter.start()
    wait_until_waiting_for_lock_or_done(submitter)
    go_on.set()
    pusher.join(30)
    submitter.join(30)

    assert pusher.error is None and submitter.error is None, (pusher.error, submitter.error)
    assert pusher.result.status_code == 200
    version = SubmissionVersion.objects.get(submission=sub)
    assert version.snapshot["values"][str(meetings.pk)] in ("14", "14.0000")


@time_machine.travel(BEFORE, tick=True)
def test_a_push_after_the_submit_took_the_report_is_a_409(written, personas, api_client, monkeypatch):  # noqa: F811
    sub, meetings = written.sub_a1, written.indicators.meetings
    client = api_client(personas.officer)
    in_submit, go_on = threading.Event(), threading.Event()
    real_snapshot = selectors.snapshot

    def held_snapshot(submission):  # the submit has locked and claimed the report, not yet frozen it
        in_submit.set()
        assert go_on.wait(30)
        return real_snapshot(submission)

    monkeypatch.setattr(selectors, "snapshot", held_snapshot)
    submitter = Runner(submit(sub, personas.leader))
    submitter.start()
    assert in_submit.wait(30)
    pusher = Runner(push(client, sub, {str(meetings.pk): 14}))
    pusher.start()
    wait_until_waiting_for_lock_or_done(pusher)
    go_on.set()
    submitter.join(30)
    pusher.join(30)

    assert pusher.error is None and submitter.error is None, (pusher.error, submitter.error)
    assert pusher.result.status_code == 409
    assert not IndicatorValue.objects.filter(submission=sub).exists()
    assert SubmissionVersion.objects.get(submission=sub).snapshot["values"] == {}
