"""The emails of the approval chain, one function per kind, queued through the outbox (one row per
address, keyed so that a second call is a no-op). Templates: templates/emails/approvals-<kind>-*.
Contexts hold data (names, dates, links), never sentences."""

from django.urls import reverse
from django.utils import timezone

from committees.access import ACTING_ROLES
from committees.models import Membership
from committees.selectors import committee_addresses
from outbox.services import email_queue_each

from .models import Case, Decision, Step


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def _case_link(case: Case) -> str:
    return reverse("approvals-case-detail", args=[case.pk])  # the templates put site_url in front


def case_reached_step(*, case: Case, step: Step) -> None:
    """To the standing committee of the level the dossier has just reached: what to examine, by when."""
    context = {
        "committee": step.committee.name,
        "step": step.label,
        "subject": case.subject.name,
        "title": case.title,
        "items": list(case.items.filter(version__gt=0).values_list("label", flat=True)),
        "deadline": _when(case.approve_deadline),
        "link": _case_link(case),
    }
    email_queue_each(
        key=f"approvals-reached:{case.pk}:{step.pk}",
        addresses=committee_addresses(step.committee, (Membership.Role.STANDING,)),
        template="approvals-reached",
        context=context,
        committee=step.committee,
    )


def item_returned(*, case: Case, decision: Decision) -> None:
    """To the unit whose document a level returned: which document, who returned it, and why."""
    context = {
        "subject": case.subject.name,
        "title": case.title,
        "item": decision.item.label,
        "version": decision.item_version,
        "step": decision.step.label,
        "comment": decision.comment,
        "at": _when(decision.at),
        "link": _case_link(case),
    }
    email_queue_each(
        key=f"approvals-returned:{decision.pk}",
        addresses=committee_addresses(case.subject, ACTING_ROLES),
        template="approvals-returned",
        context=context,
        committee=case.subject,
    )


def case_unlocked(*, case: Case, step: Step, reason: str, at) -> None:
    """To the unit whose approved dossier the last level reopened: which level, when, and why."""
    context = {
        "subject": case.subject.name,
        "title": case.title,
        "step": step.label,
        "reason": reason,
        "at": _when(at),
        "link": case.link or _case_link(case),
    }
    email_queue_each(
        key=f"approvals-unlocked:{case.pk}:{at.timestamp():.6f}",
        addresses=committee_addresses(case.subject, ACTING_ROLES),
        template="approvals-unlocked",
        context=context,
        committee=case.subject,
    )
