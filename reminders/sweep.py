"""The reminder sweep: for every open duty declared to the registry, find the step of its schedule
that is due now, record it as a Reminder row (once per duty and step: a unique constraint), then
queue one Email per address. Once a day it also records the standing committees' digests, first,
so that a digest never waits behind thousands of reminders.

Set-based: reminders are written RECORD_BATCH at a time, each batch one transaction with a few
INSERTs, its emails queued together (outbox.services.email_queue_many). Safe to run twice at the
same moment: a (duty, step) or a digest (committee, day) already recorded is skipped on the unique
constraint, and only the rows a batch itself inserted get emails."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from committees.models import Committee, Membership
from committees.selectors import committee_addresses
from lib.timewords import time_left_words
from outbox.services import Outgoing, email_queue, email_queue_many

from .models import Digest, Reminder, ReminderRule, Step
from .registry import DECIDE, OpenDuty, clean_addresses, open_duties

logger = logging.getLogger(__name__)
DIGEST_TIME = time(7, 30)  # local time; the first sweep after it sends the day's digest
RECORD_BATCH = 500  # reminders per transaction


@dataclass(frozen=True)
class PlannedReminder:
    duty: OpenDuty
    step: Step

    def line(self) -> str:
        recipients = ", ".join(self.duty.addresses) or _("chưa có địa chỉ email")
        return f"{self.duty.committee.name} | {self.duty.scope_label} | {self.step.label} | {recipients}"


@dataclass(frozen=True)
class DigestItem:
    duty: OpenDuty
    words: str
    overdue: bool


@dataclass(frozen=True)
class PlannedDigest:
    standing_committee: Committee
    local_date: date
    recipients: tuple[str, ...]
    items: tuple[DigestItem, ...]

    @property
    def missing_count(self) -> int:
        """Committees that owe something (not the levels with a decision waiting)."""
        return sum(1 for item in self.items if item.duty.action != DECIDE)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.overdue and item.duty.action != DECIDE)

    def line(self) -> str:
        recipients = ", ".join(self.recipients) or _("chưa có địa chỉ email")
        return (
            f"{self.standing_committee.name} | "
            + _("Tổng hợp hằng ngày %(date)s") % {"date": self.local_date.strftime("%d/%m/%Y")}
            + f" | {_('Tổng hợp')} | {recipients}"
        )


@dataclass
class SweepResult:
    reminders: list[PlannedReminder] = field(default_factory=list)
    digests: list[PlannedDigest] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [p.line() for p in self.reminders] + [d.line() for d in self.digests]


# --- what is due (reads only) -------------------------------------------------------------
def reminders_due(*, now: datetime, duties: list[OpenDuty] | None = None) -> list[PlannedReminder]:
    """The reminders a sweep at `now` would send: the current step of each open duty, unless sent."""
    duties = open_duties() if duties is None else duties
    rules = ReminderRule.for_scopes({d.scope_key for d in duties})
    sent = set(Reminder.objects.filter(duty_key__in=[d.key for d in duties]).values_list("duty_key", "step"))
    planned = []
    for duty in duties:
        try:
            step = rules[duty.scope_key].current_step(duty.deadline, now)
        except (OverflowError, ValueError):  # one impossible date never stops the others' reminders
            logger.exception("reminder step of %s (deadline %s) could not be computed", duty.key, duty.deadline)
            continue
        if step is None or (duty.opened_at is not None and step.at < duty.opened_at):
            continue  # nothing due now, or a step from before the duty was open (OpenDuty.opened_at)
        if (duty.key, step.name) not in sent:
            planned.append(PlannedReminder(duty=duty, step=step))
    return planned


def standing_addresses(committee: Committee) -> tuple[str, ...]:
    """The standing committee's people (standing members, administrators) and its own address."""
    return clean_addresses(committee_addresses(committee, (Membership.Role.STANDING, Membership.Role.ADMIN)))


def digests_due(*, now: datetime, duties: list[OpenDuty] | None = None) -> list[PlannedDigest]:
    """One digest per standing committee with something being chased today (reminders going out
    before the deadline, or overdue), if today's digest was not sent yet; none on quiet days."""
    local_now = timezone.localtime(now)
    if local_now.time() < DIGEST_TIME:
        return []
    duties = open_duties() if duties is None else duties
    rules = ReminderRule.for_scopes({d.scope_key for d in duties})
    by_committee: dict[int, list[DigestItem]] = defaultdict(list)
    committees: dict[int, Committee] = {}
    for duty in duties:
        try:
            chasing = rules[duty.scope_key].is_chasing(duty.deadline, now)
        except (OverflowError, ValueError):
            logger.exception("digest line of %s (deadline %s) could not be computed", duty.key, duty.deadline)
            continue
        if chasing:
            committees[duty.standing_committee.pk] = duty.standing_committee
            by_committee[duty.standing_committee.pk].append(
                DigestItem(duty=duty, words=time_left_words(duty.deadline, now), overdue=duty.deadline < now)
            )
    done = set(
        Digest.objects.filter(local_date=local_now.date(), standing_committee_id__in=list(committees)).values_list(
            "standing_committee_id", flat=True
        )
    )
    return [
        PlannedDigest(
            standing_committee=committees[pk],
            local_date=local_now.date(),
            recipients=standing_addresses(committees[pk]),
            items=tuple(items),
        )
        for pk, items in sorted(by_committee.items(), key=lambda kv: committees[kv[0]].path)
        if pk not in done
    ]


# --- the emails -----------------------------------------------------------------------------
def _capitalised(words: str) -> str:
    return words[:1].upper() + words[1:]


def reminder_context(*, duty: OpenDuty, now: datetime) -> dict:
    deadline = timezone.localtime(duty.deadline)
    return {
        "overdue": duty.deadline < now,
        "time_left": _capitalised(time_left_words(duty.deadline, now)),
        "time_words": time_left_words(duty.deadline, now),
        "title": duty.title,
        "scope_label": duty.scope_label,
        "committee_name": duty.committee.name,
        "standing_name": duty.standing_committee.name,
        "deadline_text": deadline.strftime("%d/%m/%Y %H:%M"),
        "deadline_date": deadline.strftime("%d/%m/%Y"),
        "note": duty.note,
        "link": duty.link,
        "decide": duty.action == DECIDE,
    }


def digest_context(*, planned: PlannedDigest) -> dict:
    groups: dict[str, list[dict]] = {}
    for item in planned.items:
        groups.setdefault(item.duty.scope_label, []).append(
            {
                "committee_name": item.duty.committee.name,
                "title": item.duty.title,
                "deadline_text": timezone.localtime(item.duty.deadline).strftime("%d/%m/%Y %H:%M"),
                "words": item.words,
                "overdue": item.overdue,
                "no_address": not item.duty.addresses,
                "decide": item.duty.action == DECIDE,
            }
        )
    try:
        link = reverse("reminders-outbox-committee", args=[planned.standing_committee.pk])
    except NoReverseMatch:
        link = ""
    return {
        "standing_name": planned.standing_committee.name,
        "date_text": planned.local_date.strftime("%d/%m/%Y"),
        "missing_count": planned.missing_count,
        "awaiting_count": len(planned.items) - planned.missing_count,
        "overdue_count": planned.overdue_count,
        "groups": [{"scope_label": label, "items": items} for label, items in groups.items()],
        "link": link,
    }


# --- writes ---------------------------------------------------------------------------------
def _reminder_row(duty: OpenDuty, step_name: str, *, at: datetime, by=None) -> Reminder:
    reminder = Reminder(
        duty_key=duty.key,
        step=step_name,
        scope_key=duty.scope_key,
        scope_label=duty.scope_label[:600],
        title=duty.title[:300],
        committee=duty.committee,
        standing_committee=duty.standing_committee,
        deadline=duty.deadline,
        recipients=",".join(duty.addresses),
        created_at=at,
        created_by=by,
    )
    # the database enforces uniqueness; the committees come from the registry (no query per row)
    reminder.full_clean(
        exclude=["committee", "standing_committee", "created_by"], validate_unique=False, validate_constraints=False
    )
    return reminder


@transaction.atomic
def reminder_record(*, duty: OpenDuty, step_name: str, now: datetime, by=None) -> Reminder | None:
    """Record the reminder of one duty at one step, then queue its emails. None if that step of
    that duty was already recorded (by this sweep, an overlapping one, or an earlier deadline)."""
    reminder = _reminder_row(duty, step_name, at=timezone.now(), by=by)
    try:
        with transaction.atomic():
            reminder.save()
    except IntegrityError:
        return None
    with translation.override("vi"):
        context = reminder_context(duty=duty, now=now)
    for address in duty.addresses:
        email = email_queue(
            key=f"reminder:{reminder.pk}:{address}",
            to=address,
            template="reminder",
            context=context,
            committee=duty.committee,
        )
        if email is not None:
            reminder.emails.add(email)
    return reminder


def reminders_record_many(*, planned: list[PlannedReminder], now: datetime) -> list[PlannedReminder]:
    """`reminder_record` for many at once, RECORD_BATCH per transaction. Returns the ones this call
    recorded (a (duty, step) an overlapping sweep recorded first is skipped, with its emails)."""
    recorded = []
    through = Reminder.emails.through
    for start in range(0, len(planned), RECORD_BATCH):
        batch = planned[start : start + RECORD_BATCH]
        keys = [i.duty.key for i in batch]
        with transaction.atomic():
            before = set(Reminder.objects.filter(duty_key__in=keys).values_list("duty_key", "step"))
            stamp = timezone.now()
            Reminder.objects.bulk_create(
                [_reminder_row(i.duty, i.step.name, at=stamp) for i in batch if (i.duty.key, i.step.name) not in before],
                ignore_conflicts=True,
            )
            # Two sweeps racing may both count a row as theirs; its emails are still queued once (their
            # keys are made of the reminder's id, unique in the outbox).
            mine = {
                (r.duty_key, r.step): r.pk
                for r in Reminder.objects.filter(duty_key__in=keys).only("pk", "duty_key", "step")
                if (r.duty_key, r.step) not in before
            }
            outgoing, owner = [], {}
            with translation.override("vi"):
                for item in batch:
                    reminder_id = mine.get((item.duty.key, item.step.name))
                    if reminder_id is None:
                        continue
                    recorded.append(item)
                    context = reminder_context(duty=item.duty, now=now)
                    for address in item.duty.addresses:
                        key = f"reminder:{reminder_id}:{address}"
                        owner[key] = reminder_id
                        outgoing.append(
                            Outgoing(key=key, to=address, template="reminder", context=context, committee=item.duty.committee)
                        )
            emails = email_queue_many(outgoing)
            through.objects.bulk_create(
                [through(reminder_id=owner[key], email_id=email.pk) for key, email in emails.items()],
                batch_size=1000,
                ignore_conflicts=True,
            )
    return recorded


@transaction.atomic
def digest_record(*, planned: PlannedDigest) -> Digest | None:
    digest = Digest(
        standing_committee=planned.standing_committee,
        local_date=planned.local_date,
        recipients=",".join(planned.recipients),
        missing_count=planned.missing_count,
        overdue_count=planned.overdue_count,
    )
    try:
        with transaction.atomic():
            digest.save()
    except IntegrityError:
        return None
    with translation.override("vi"):
        context = digest_context(planned=planned)
    # written out when sent (a digest of a national round lists thousands of committees)
    emails = email_queue_many(
        [
            Outgoing(
                key=f"digest:{digest.pk}:{address}",
                to=address,
                template="digest",
                context=context,
                committee=planned.standing_committee,
            )
            for address in planned.recipients
        ]
    )
    digest.emails.add(*emails.values())
    return digest


def reminders_sweep(*, now: datetime | None = None, dry_run: bool = False) -> SweepResult:
    """One sweep. `dry_run`: record and send nothing, return what a real run would send.
    Returns what was (or would be) recorded; each reminder row is its own transaction."""
    now = now or timezone.now()
    with translation.override("vi"):
        duties = open_duties()
        planned = reminders_due(now=now, duties=duties)
        digests = digests_due(now=now, duties=duties)
    if dry_run:
        return SweepResult(reminders=planned, digests=digests)
    result = SweepResult()
    for item in digests:  # first: the standing committee's overview never waits behind the reminders
        if digest_record(planned=item) is not None:
            result.digests.append(item)
    result.reminders = reminders_record_many(planned=planned, now=now)
    return result


MANUAL_COOLDOWN = timedelta(minutes=60)  # a second "remind now" of the same plan within this is refused


@dataclass(frozen=True)
class RemindNowResult:
    created: int  # reminders recorded by this click
    total: int  # open duties of the scope
    repeated: bool = False  # this very click (token) was already handled: nothing sent again
    last_at: datetime | None = None  # when refused as too soon: the previous manual reminder
    next_at: datetime | None = None  # ... and when the next one is allowed

    @property
    def refused(self) -> bool:
        return self.last_at is not None


def last_manual_reminder_at(*, scope_key: str) -> datetime | None:
    """When the committees of a scope (a plan) were last reminded by hand ("remind now")."""
    return (
        Reminder.objects.filter(scope_key=scope_key, step__startswith="manual-")
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


@transaction.atomic
def reminders_remind_now(*, scope_key: str, token: str, by, now: datetime | None = None) -> RemindNowResult:
    """ "Remind now" for one scope (a plan): one reminder per open duty, once per click `token`,
    and not again within MANUAL_COOLDOWN of the previous manual reminder of the scope (whoever
    clicked): such a click is refused and sends nothing. Concurrent clicks are serialised on the
    standing committee's row, so two of them cannot both pass the cooldown check."""
    now = now or timezone.now()
    duties = open_duties(scope_key=scope_key)
    if not duties:
        return RemindNowResult(created=0, total=0)
    Committee.objects.select_for_update().filter(pk=duties[0].standing_committee.pk).first()
    step_name = f"manual-{token}"
    if Reminder.objects.filter(scope_key=scope_key, step=step_name).exists():
        return RemindNowResult(created=0, total=len(duties), repeated=True)
    last_at = last_manual_reminder_at(scope_key=scope_key)
    if last_at is not None and now - last_at < MANUAL_COOLDOWN:
        return RemindNowResult(created=0, total=len(duties), last_at=last_at, next_at=last_at + MANUAL_COOLDOWN)
    created = 0
    for duty in duties:
        if reminder_record(duty=duty, step_name=step_name, now=now, by=by) is not None:
            created += 1
    return RemindNowResult(created=created, total=len(duties))
