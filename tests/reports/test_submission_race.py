"""An autosave racing its colleague's submit, as two threads on two database connections: a save
acknowledged as saved is in the frozen version, a save that comes after the submit is refused (409
with the submitted text), and the stored report always equals the version that was submitted.

The interleaving is forced, not hoped for: one thread is held at a chosen point by an Event while
the other runs; on PostgreSQL the test waits until the second thread is really waiting for a row
lock (pg_stat_activity), so the order does not depend on how busy the machine is."""

import json
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.urls import reverse

from reports.models import SectionAnswer, Submission, SubmissionVersion
from reports.submissions import selectors, services
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = local_dt(2022, 6, 10, 9, 41)
FIRST = "<p>Đã tổ chức 12 hội nghị quán triệt.</p>"
LATE_WORDS = "<p>Bổ sung: 3 hội nghị ở khu phố 5.</p>"


class Runner(threading.Thread):
    """Runs `target` in its own thread and connection; keeps its result or its exception."""

    def __init__(self, target):
        super().__init__(daemon=True)
        self.target, self.result, self.error = target, None, None

    def run(self):
        try:
            self.result = self.target()
        except Exception as exc:  # checked by the test
            self.error = exc
        finally:
            connections.close_all()


def wait_until_waiting_for_lock_or_done(thread: Runner) -> None:
    """Return once `thread` is blocked on a database lock, or has finished (the bug: it did not wait)."""
    if connection.vendor == "postgresql":
        for _ in range(600):
            thread.join(timeout=0.05)
            if not thread.is_alive():
                return
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                )
                if cursor.fetchone()[0]:
                    return
        raise AssertionError("the second thread neither finished nor waited for the lock within 30 s")
    # SQLite: BEGIN IMMEDIATE takes the database write lock, so the second writer always waits at
    # BEGIN; there is no view of that wait, so give it a moment to run ahead if it could.
    thread.join(timeout=2)


def save(sub, user, html, revision):
    def run():
        return services.section_save(
            submission=Submission.objects.get(pk=sub.pk),
            item=sub.duty.outline.items.get(label="1."),
            html=html,
            revision=revision,
            by=user,
        )

    return run


def submit(sub, user):
    return lambda: services.submission_submit(submission=Submission.objects.get(pk=sub.pk), by=user)


def stored_sections(sub) -> dict:
    return {str(a.item_id): a.html for a in SectionAnswer.objects.filter(submission=sub)}


@pytest.fixture
def written(issued_plan, personas):
    with time_machine.travel(BEFORE, tick=False):
        services.section_save(
            submission=issued_plan.sub_a1, item=issued_plan.items.s11, html=FIRST, revision=0, by=personas.officer
        )
    return issued_plan


@time_machine.travel(BEFORE, tick=True)
def test_save_holding_the_report_lands_in_the_version_the_submit_freezes(written, personas, monkeypatch):
    """The reported race: the save has passed its 'still editable?' check when the submit starts.
    The submit must wait for the save and freeze it, never freeze first and let the save land after."""
    sub = written.sub_a1
    in_save, go_on = threading.Event(), threading.Event()
    real_sanitize = services.sanitize_html

    def held_sanitize(html):  # called inside section_save, after the report was checked and locked
        in_save.set()
        assert go_on.wait(30)
        return real_sanitize(html)

    monkeypatch.setattr(services, "sanitize_html", held_sanitize)
    saver = Runner(save(sub, personas.officer, LATE_WORDS, revision=1))
    saver.start()
    assert in_save.wait(30)
    submitter = Runner(submit(sub, personas.leader))
    submitter.start()
    wait_until_waiting_for_lock_or_done(submitter)
    go_on.set()
    saver.join(30)
    submitter.join(30)

    assert saver.error is None, saver.error  # acknowledged as saved...
    assert submitter.error is None, submitter.error
    version = SubmissionVersion.objects.get(submission=sub)
    assert version.snapshot["sections"][str(written.items.s11.pk)] == LATE_WORDS  # ...so it is in the version
    assert stored_sections(sub) == version.snapshot["sections"]


@time_machine.travel(BEFORE, tick=True)
def test_save_after_the_submit_took_the_report_is_refused_with_the_submitted_text(
    written, personas, client_as, monkeypatch
):
    sub = written.sub_a1
    in_submit, go_on = threading.Event(), threading.Event()
    real_snapshot = selectors.snapshot

    def held_snapshot(submission):  # the submit has locked and claimed the report, not yet frozen it
        in_submit.set()
        assert go_on.wait(30)
        return real_snapshot(submission)

    monkeypatch.setattr(selectors, "snapshot", held_snapshot)
    client = client_as(personas.officer)  # logs in (a write) before the submit holds the database
    submitter = Runner(submit(sub, personas.leader))
    submitter.start()
    assert in_submit.wait(30)
    url = reverse("reports-submission-save-section", args=[sub.pk])
    body = json.dumps({"item": written.items.s11.pk, "html": LATE_WORDS, "revision": 1})
    saver = Runner(lambda: client.post(url, data=body, content_type="application/json"))
    saver.start()
    wait_until_waiting_for_lock_or_done(saver)
    go_on.set()
    submitter.join(30)
    saver.join(30)

    assert submitter.error is None, submitter.error
    assert saver.error is None, saver.error
    response = saver.result
    assert response.status_code == 409
    data = response.json()
    assert data["submitted"] is True and data["ok"] is False
    assert data["submitted_html"] == FIRST
    assert "đã nộp" in data["error"]
    version = SubmissionVersion.objects.get(submission=sub)
    assert stored_sections(sub) == version.snapshot["sections"] == {str(written.items.s11.pk): FIRST}


@time_machine.travel(BEFORE, tick=True)
def test_every_write_into_a_report_is_refused_once_it_is_submitted(written, personas, tree):
    """Indicators, the document fields, evidence and the Word import take the same lock and check."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    sub = written.sub_a1
    services.submission_submit(submission=sub, by=personas.officer)
    stale = Submission.objects.get(pk=sub.pk)
    stale.state = Submission.State.DRAFT  # what a view loaded before the submit
    writes = [
        lambda: services.indicator_values_save(
            submission=stale, raw_values={written.indicators.meetings.pk: "5"}, by=personas.officer
        ),
        lambda: services.document_info_save(submission=stale, by=personas.officer, doc_number="07"),
        lambda: services.attachment_add(
            submission=stale, uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"), by=personas.officer
        ),
        lambda: services.sections_import(
            submission=stale, placements={written.items.s12.pk: ["<p>x</p>"]}, by=personas.officer
        ),
    ]
    for write in writes:
        with pytest.raises(services.NotEditable):
            write()
    assert not sub.values.exists() and not sub.attachments.exists()
    assert stored_sections(sub) == SubmissionVersion.objects.get(submission=sub).snapshot["sections"]
