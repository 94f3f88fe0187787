"""Reminders to the approval levels of reports approved level by level, declared to the reminders
app (registered in ReportsConfig.ready) the way congress dossiers are (congresses.reminders): from
approvals.selectors.awaited_actions, a report waiting for a level is a duty of that level's
standing committee, whose members (and the committee's own address) are reminded, with a link to
the report's approval page.

When it is due: the chain's approval deadline (Case.approve_deadline) where one is set; a report's
chain has none (neither the duty nor the seeds give the levels a time), so APPROVAL_DAYS after the
report reached the level (its current version: a corrected report resubmitted starts the count
again), by the end of that day, Vietnam time. The level was emailed when the report reached it (approvals.emails.case_reached_step), so
the steps of the plan's schedule before that moment are not sent (OpenDuty.opened_at): with the
default schedule (7, 3, 1 days before, on the day, then overdue) the first reminder goes 3 days
before the deadline, 4 days after the report arrived. One duty per (report, level): its key keeps
each step once, whatever the count restarts; a report approved or returned leaves the list, and the
level above gets its own duty once the first level approves."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Case
from approvals.selectors import DECIDE, awaited_actions
from committees.models import Membership
from committees.selectors import committees_addresses
from reminders import registry
from reminders.registry import OpenDuty, clean_addresses
from reports.duties.reminders import plan_scope, scoped
from reports.duties.services import local_deadline
from reports.models import Submission

APPROVAL_DAYS = 7
LEVEL_ROLES = (Membership.Role.STANDING,)


def _days_after(moment, days: int):
    """The end of the `days`-th day after `moment`, Vietnam time (reports.duties "chậm nhất ngày")."""
    return local_deadline(timezone.localdate(moment) + timedelta(days=days))


def open_report_approvals(*, standing_committee_id: int | None = None, scope_key: str | None = None) -> list[OpenDuty]:
    """Reports of issued plans waiting for an approval level, one duty per (report, level)."""
    submissions = Submission.objects.filter(
        state=Submission.State.SUBMITTED,
        approval_case__isnull=False,
        approval_case__locked_at__isnull=True,
        duty__plan__state="issued",
    ).select_related("duty", "duty__plan", "duty__plan__committee", "committee")
    submissions = scoped(submissions, standing_committee_id=standing_committee_id, scope_key=scope_key)
    by_case = {s.approval_case_id: s for s in submissions.order_by("pk")}
    if not by_case:
        return []
    waiting = [
        a
        for a in awaited_actions(Case.objects.filter(pk__in=list(by_case)))
        if a.action == DECIDE and a.since is not None
    ]
    addresses = committees_addresses(list({a.committee.pk: a.committee for a in waiting}.values()), LEVEL_ROLES)
    duties = []
    for awaited in waiting:
        sub = by_case[awaited.case.pk]
        duties.append(
            OpenDuty(
                key=f"report-approval:{sub.pk}:{awaited.step.pk}",
                **plan_scope(sub.duty.plan),
                committee=awaited.committee,
                deadline=awaited.deadline or _days_after(awaited.since, APPROVAL_DAYS),
                title=_("Phê duyệt báo cáo của %(unit)s: %(duty)s") % {"unit": sub.committee.name, "duty": sub.duty.title},
                link=reverse("reports-approval", args=[sub.pk]),
                addresses=clean_addresses(addresses[awaited.committee.pk]),
                note=_("Báo cáo chờ %(level)s thông qua hoặc trả lại từ %(since)s.")
                % {
                    "level": awaited.step.label,
                    "since": timezone.localtime(awaited.since).strftime("%d/%m/%Y %H:%M"),
                },
                action=registry.DECIDE,
                opened_at=awaited.since,
            )
        )
    return duties
