"""The emails of the reporting loop, one function per kind. Each queues, through the outbox, one
row per address with a key that makes a second call a no-op; subject and bodies are the templates
templates/emails/<kind>-subject.txt, -body.txt and -body.html, rendered in the recipient's
language by the outbox. The contexts hold data (names, dates, links), never sentences.

Reminders and the daily digest are the reminders app's own (reminders/sweep.py)."""

from django.urls import reverse
from django.utils import timezone

from committees.access import ACTING_ROLES
from committees.models import Committee, Membership
from committees.selectors import committee_addresses
from outbox.services import email_queue_each
from plans.models import Plan
from reports.models import Extension, ReportingDuty, ReviewComment, Submission, SubmissionVersion


def _link(name: str, pk: int) -> str:
    return reverse(name, args=[pk])  # the templates put site_url in front


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def _duty_context(plan: Plan, duty: ReportingDuty, committee: Committee, link: str) -> dict:
    """What a duty asks of a committee: the report, by when, on which outline, how long."""
    return {
        "greeting": committee.name,
        "plan": plan,
        "issuer": plan.committee.name,
        "duty_title": duty.title,
        "deadline": _when(duty.deadline),
        "page_limit": duty.page_limit,
        "outline_title": duty.outline.title,
        "link": link,
    }


def plan_issued(*, plan: Plan, duty: ReportingDuty, committee: Committee, link: str) -> None:
    """To a committee named in a duty of a plan just issued: what is asked and by when."""
    context = _duty_context(plan, duty, committee, link)
    email_queue_each(
        key=f"plan-issued:{plan.pk}:{committee.pk}",
        addresses=committee_addresses(committee, ACTING_ROLES),
        template="plan-issued",
        context=context,
        committee=committee,
    )


def duty_added(*, plan: Plan, duty: ReportingDuty, committee: Committee, link: str) -> None:
    """To a committee named in a duty added to an issued plan by a correction: what is now asked,
    by when, and the correction (its date and reason)."""
    context = {
        **_duty_context(plan, duty, committee, link),
        "correction_date": duty.correction_date.strftime("%d/%m/%Y"),
        "reason": duty.correction_reason,
    }
    email_queue_each(
        key=f"duty-added:{duty.pk}:{committee.pk}",
        addresses=committee_addresses(committee, ACTING_ROLES),
        template="duty-added",
        context=context,
        committee=committee,
    )


def duty_handed_over(
    *, plan: Plan, duty: ReportingDuty, committee: Committee, predecessors: list[Committee], reorganisation, link: str
) -> None:
    """To the committee that carries on for merged or dissolved ones (committees.reorg): the report
    they still owed is now its own. One email per address, whatever the number of predecessors
    and however often the handover runs."""
    context = {
        **_duty_context(plan, duty, committee, link),
        "predecessors": ", ".join(c.name for c in predecessors),
        "effective_on": reorganisation.effective_on.strftime("%d/%m/%Y"),
        "decision_number": reorganisation.decision_number,
        "decision_body": reorganisation.decision_body,
    }
    email_queue_each(
        key=f"duty-handover:{duty.pk}:{committee.pk}",
        addresses=committee_addresses(committee, ACTING_ROLES),
        template="duty-handover",
        context=context,
        committee=committee,
    )


def extension_granted(*, submission: Submission, extension: Extension) -> None:
    """To the committee given a later deadline: the new deadline and why."""
    plan, committee = submission.duty.plan, submission.committee
    context = {
        "greeting": committee.name,
        "issuer": plan.committee.name,
        "duty_title": submission.duty.title,
        "number": plan.document_number,
        "deadline": _when(extension.new_deadline),
        "reason": extension.reason,
        "link": _link("reports-submission-detail", submission.pk),
    }
    email_queue_each(
        key=f"extension:{extension.pk}:{committee.pk}",
        addresses=committee_addresses(committee, ACTING_ROLES),
        template="extension-granted",
        context=context,
        committee=committee,
    )


def submission_received(*, submission: Submission, version: SubmissionVersion, late: bool) -> None:
    """A receipt to the committee that submitted, and a notice to the plan's standing committee."""
    plan = submission.duty.plan
    context = {
        "submission": submission,
        "committee": submission.committee,
        "duty": submission.duty,
        "plan": plan,
        "version": version.number,
        "late": late,
        "submitted_at": submission.submitted_at,
        "link": _link("reports-submission-detail", submission.pk),
        "review_link": _link("reports-submission-review", submission.pk),
    }
    email_queue_each(
        key=f"submission-received:{submission.pk}:v{version.number}",
        addresses=committee_addresses(submission.committee, ACTING_ROLES),
        template="submission-received",
        context=context,
        committee=submission.committee,
    )
    email_queue_each(
        key=f"submission-notice:{submission.pk}:v{version.number}",
        addresses=committee_addresses(plan.committee, (Membership.Role.STANDING,), include_committee=False),
        template="submission-notice",
        context=context,
        committee=plan.committee,
    )


def submission_returned(*, submission: Submission, reason: str, comments: list[ReviewComment], by) -> None:
    """To the committee whose report was returned: the reason and the reviewer's comments."""
    context = {
        "submission": submission,
        "committee": submission.committee,
        "plan": submission.duty.plan,
        "duty": submission.duty,
        "reason": reason,
        "comments": comments,
        "reviewer": by,
        "link": _link("reports-submission-edit", submission.pk),
    }
    email_queue_each(
        key=f"submission-returned:{submission.pk}:v{submission.version}",
        addresses=committee_addresses(submission.committee, ACTING_ROLES),
        template="submission-returned",
        context=context,
        committee=submission.committee,
    )


def submission_accepted(*, submission: Submission) -> None:
    """To the committee whose report was accepted."""
    context = {
        "submission": submission,
        "committee": submission.committee,
        "plan": submission.duty.plan,
        "duty": submission.duty,
        "link": _link("reports-submission-detail", submission.pk),
    }
    email_queue_each(
        key=f"submission-accepted:{submission.pk}:v{submission.version}",
        addresses=committee_addresses(submission.committee, ACTING_ROLES),
        template="submission-accepted",
        context=context,
        committee=submission.committee,
    )
