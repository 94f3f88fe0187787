"""At a deadline rush a submit waits for its turn; it is recorded at the moment the request
arrived, so an officer who clicked before the deadline is not made late by the queue."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from reports.models import Submission, SubmissionEvent
from reports.submissions import services
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db
DEADLINE = local_dt(2022, 6, 14, 23, 59, 59)
CLICKED = DEADLINE - datetime.timedelta(seconds=20)  # the request reaches the portal
HANDLED = DEADLINE + datetime.timedelta(seconds=25)  # the submit gets the database 45 s later


@pytest.fixture
def ready(issued_plan, personas):
    with time_machine.travel(local_dt(2022, 6, 10, 9, 0), tick=False):
        services.section_save(
            submission=issued_plan.sub_a1,
            item=issued_plan.items.s11,
            html="<p>Đã làm.</p>",
            revision=0,
            by=personas.officer,
        )
    return issued_plan


def test_the_arrival_middleware_is_first():
    from django.conf import settings

    assert settings.MIDDLEWARE[0] == "lib.arrival.ArrivalTimeMiddleware"


def test_a_submit_that_arrived_before_the_deadline_is_on_time_however_long_it_waited(
    ready, personas, client_as, monkeypatch
):
    monkeypatch.setattr(services, "_now", lambda: HANDLED)  # the service runs after the deadline
    with time_machine.travel(CLICKED, tick=False):  # ...for a request that arrived before it
        response = client_as(personas.officer).post(reverse("reports-submission-submit", args=[ready.sub_a1.pk]))
    assert response.status_code == 302
    sub = Submission.objects.with_status().get(pk=ready.sub_a1.pk)
    assert sub.submitted_at == CLICKED and sub.first_submitted_at == CLICKED
    assert sub.status == Submission.Status.SUBMITTED_ON_TIME and not sub.is_late
    assert "nộp muộn" not in sub.events.get(action=SubmissionEvent.Action.SUBMITTED).note


def test_an_arrival_time_from_the_future_or_long_ago_is_not_believed(ready, personas):
    with time_machine.travel(HANDLED, tick=False):
        services.submission_submit(
            submission=ready.sub_a1, by=personas.officer, arrived_at=HANDLED - datetime.timedelta(hours=1)
        )
    sub = Submission.objects.get(pk=ready.sub_a1.pk)
    assert sub.submitted_at == HANDLED and sub.is_late
