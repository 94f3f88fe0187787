"""Reads shared by several pages of the reports app."""

from django.utils import timezone

from committees.access import Access
from reports.models import Submission


def submissions_due_for(*, access: Access, now=None):
    """Every report owed by the committees the person acts for (officer/leader), nearest deadline
    first, with `status` and `effective_deadline` annotated; plans still in draft are not shown."""
    committee_ids = [c.pk for c in access.acting_committees]
    return (
        Submission.objects.filter(committee_id__in=committee_ids, duty__plan__state__in=["issued", "closed"])
        .with_status(now or timezone.now())
        .select_related("duty", "duty__plan", "duty__plan__committee", "committee")
        .order_by("effective_deadline", "committee__name")
    )
