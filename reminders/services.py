"""Reminder settings. Emails are queued with outbox.services.email_queue (see reminders/sweep.py)."""

from django.db import transaction
from django.utils import timezone

from .models import ReminderRule


@transaction.atomic
def reminder_rule_save(*, rule: ReminderRule, by) -> ReminderRule:
    """Save the reminder schedule of one scope (a plan)."""
    rule.updated_by = by
    rule.updated_at = timezone.now()
    rule.full_clean()
    rule.save()
    return rule
