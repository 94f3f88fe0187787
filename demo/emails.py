"""The demo's emails are recorded, never sent.

The services queue the emails the portal would send (a notice when a plan is issued, a receipt
when a report is submitted, a return or an acceptance, a reminder...), one outbox.Email row per
address, and a send task after the commit. For demo data nobody must get them: the demo addresses
are made up, and `make run` has a worker and beat that send every pending row. So each demo area
loads inside `emails_recorded_not_sent()`: every row queued while it runs is marked "not sent (demo
data)" before the transaction commits, without any message leaving. The send task and beat then find nothing
due (outbox only sends pending rows), and the outbox page lists the emails the portal would
have sent in the story, marked as never sent.
"""

from contextlib import contextmanager

from django.db.models import Max

from outbox.models import Email


@contextmanager
def emails_recorded_not_sent():
    """Mark the Email rows queued inside the block as not sent (demo data). Use it inside
    the area's transaction, so the rows are never pending once committed."""
    before = Email.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    Email.objects.filter(pk__gt=before, state=Email.State.PENDING).update(
        state=Email.State.NOT_SENT, attempts=0
    )
