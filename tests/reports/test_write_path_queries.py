"""The autosave and the submit are what every officer does in the last minute before a deadline:
their queries are few and do not grow with the outline (more sections, more indicators) or with what
was already written. The counts are pinned so that a change adding reads to this path is seen."""

import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outbox.models import Email
from reports.models import Indicator, OutlineItem, SectionAnswer, Submission, SubmissionVersion
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db
AUTOSAVE_MAX_QUERIES = 18  # session, user, report, access, item, lock, write, state, event, length (5)...
SUBMIT_MAX_QUERIES = 20  # ... lock, the check's read of the report, claim, version, event, addresses
PER_EMAIL_QUERIES = 4  # each receipt: is it queued already, and its row (in a savepoint)


def grow_outline(plan, n):
    """n more sections with an indicator each, so the report has more to read."""
    for k in range(n):
        item = OutlineItem.objects.create(outline=plan.outline, position=10 + k, label=f"{k + 3}.", title=f"Mục thêm {k}")
        Indicator.objects.create(item=item, name=f"Chỉ tiêu {k}", unit="cuộc", position=0)


def autosave(client, sub, item, html, revision=0):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("reports-submission-save-section", args=[sub.pk]),
            json.dumps({"item": item.pk, "html": html, "revision": revision}),
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    return response.json(), len(queries)


def submit(client, sub):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("reports-submission-submit", args=[sub.pk]))
    assert response.status_code == 302
    return len(queries)


@pytest.mark.parametrize("extra_sections", [0, 12])
def test_autosave_and_submit_queries_are_few_and_do_not_grow_with_the_report(
    issued_plan, personas, client_as, extra_sections
):
    grow_outline(issued_plan, extra_sections)
    with time_machine.travel(local_dt(2022, 6, 10, 9, 0), tick=False):  # before the deadline
        saved_and_submitted(issued_plan, client_as(personas.officer))


def saved_and_submitted(issued_plan, client):
    sub = issued_plan.sub_a1
    first, first_count = autosave(client, sub, issued_plan.items.s11, "<p>Đã tổ chức 3 hội nghị.</p>")
    again, again_count = autosave(client, sub, issued_plan.items.s11, "<p>Đã tổ chức 4 hội nghị.</p>", first["revision"])
    other, other_count = autosave(client, sub, issued_plan.items.s2, "<p>Kết quả nổi bật.</p>")
    submit_count = submit(client, sub)

    assert (first["revision"], again["revision"], other["revision"]) == (1, 2, 1)
    assert first["status"] == "draft" and first["status_label"] in first["badge"]
    assert max(first_count, again_count, other_count) <= AUTOSAVE_MAX_QUERIES
    emails = Email.objects.filter(key__contains=f":{sub.pk}:v1:").count()
    assert emails == 4  # the ward's leader, officer and address; the standing committee's member
    assert submit_count <= SUBMIT_MAX_QUERIES + PER_EMAIL_QUERIES * emails
    # What was saved is what the submit froze: the counts were not bought by skipping a write.
    sub.refresh_from_db()
    assert sub.state == Submission.State.SUBMITTED
    assert SectionAnswer.objects.get(submission=sub, item=issued_plan.items.s11).revision == 2
    snapshot = SubmissionVersion.objects.get(submission=sub).snapshot["sections"]
    assert snapshot == {
        str(issued_plan.items.s11.pk): "<p>Đã tổ chức 4 hội nghị.</p>",
        str(issued_plan.items.s2.pk): "<p>Kết quả nổi bật.</p>",
    }


def test_a_stale_revision_of_a_section_never_written_is_a_conflict_and_writes_nothing(issued_plan, personas, client_as):
    client = client_as(personas.officer)
    response = client.post(
        reverse("reports-submission-save-section", args=[issued_plan.sub_a1.pk]),
        json.dumps({"item": issued_plan.items.s12.pk, "html": "<p>Bản cũ.</p>", "revision": 3}),
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["conflict"]
    assert not SectionAnswer.objects.filter(submission=issued_plan.sub_a1).exists()
