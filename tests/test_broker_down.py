"""The broker is down: work done in the database is never answered with an error page.

Publishing a Celery message happens after the commit (lib.tasks.enqueue_on_commit); when the broker
refuses, the helper logs and the page answers normally. What was not published is picked up when
the broker returns: pending emails by the every-minute outbox.send_due_emails, queued consolidation
builds by the every-minute reports.sweep_consolidations.

These tests run in real transactions (transaction=True) so that the on-commit callbacks run inside
the request, exactly as in production."""

import json
from datetime import timedelta

import kombu.exceptions
import pytest
import time_machine
from django.urls import reverse

from tests.conftest import local_dt

BEFORE = local_dt(2022, 6, 10, 9, 41)


@pytest.fixture
def broker_down(monkeypatch):
    """Every publish fails the way kombu fails when Redis (or any broker) does not answer."""
    from kombu.messaging import Producer

    attempts = []

    def refuse(self, *args, **kwargs):
        attempts.append(kwargs.get("routing_key"))
        raise kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(Producer, "publish", refuse)
    return attempts


@pytest.mark.django_db(transaction=True)
@time_machine.travel(BEFORE, tick=False)
def test_submit_with_the_broker_down_answers_normally_and_emails_go_out_later(
    issued_plan, personas, client_as, broker_down, mailoutbox
):
    from outbox.models import Email
    from outbox.services import emails_send_due
    from reports.models import Submission

    sub = issued_plan.sub_a1
    client = client_as(personas.officer)
    saved = client.post(
        reverse("reports-submission-save-section", args=[sub.pk]),
        data=json.dumps({"item": issued_plan.items.s11.pk, "html": "<p>Đã tổ chức 12 hội nghị.</p>", "revision": 0}),
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content

    response = client.post(reverse("reports-submission-submit", args=[sub.pk]))

    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == Submission.State.SUBMITTED
    assert broker_down  # it did try to publish
    emails = list(Email.objects.values_list("state", flat=True))
    assert emails and set(emails) == {Email.State.PENDING}

    # The broker is back: beat's every-minute task sends what was never published.
    assert emails_send_due() == len(emails)
    assert set(Email.objects.values_list("state", flat=True)) == {Email.State.SENT}
    assert len(mailoutbox) == len(emails)


@pytest.mark.django_db(transaction=True)
def test_consolidation_request_with_the_broker_down_stays_queued_and_is_built_later(
    issued_plan, personas, client_as, broker_down, monkeypatch
):
    from reports import tasks
    from reports.consolidation.services import consolidations_sweep
    from reports.models import ConsolidationBuild

    response = client_as(personas.reviewer).post(
        reverse("reports-consolidation-start", args=[issued_plan.plan.pk]), {"duty": issued_plan.duty.pk}
    )
    assert response.status_code == 302
    build = ConsolidationBuild.objects.get()
    assert build.state == ConsolidationBuild.State.QUEUED and broker_down

    # The broker is back: the sweep publishes the build again, and the worker builds it.
    monkeypatch.undo()
    published = []
    monkeypatch.setattr(tasks.build_consolidation, "apply_async", lambda args=None, **kw: published.append(args))
    with time_machine.travel(build.requested_at + timedelta(minutes=3)):
        consolidations_sweep()
    assert published == [[build.pk]]
    assert tasks.build_consolidation(build.pk) == "done"
