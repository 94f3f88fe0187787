"""The reports app's open duties, declared to the reminders app (registered in ReportsConfig.ready)."""

from collections import defaultdict

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from committees.models import Membership
from lib.params import parse_id
from reminders.registry import OpenDuty, clean_addresses
from reports.models import Submission


def submission_link(pk: int) -> str:
    try:
        return reverse("reports-submission-edit", args=[pk])
    except NoReverseMatch:  # the submissions pages may not be wired yet
        return f"/bao-cao/nop/{pk}/"


def owed_reports():
    """The reports the reminders ask for: still open (not started, draft, returned) in an issued plan,
    of a committee that still exists (one merged or dissolved owes nothing more: committees.reorg)."""
    return Submission.objects.open().filter(duty__plan__state="issued", committee__is_active=True)


def plan_scope(plan) -> dict:
    """The OpenDuty fields a plan gives every duty of its reports: its reminders' scope ("plan:12",
    its rules and its "remind now"), the scope's label as people name it, and the committee that
    chases them (the plan's: its outbox page and its daily digest)."""
    return {
        "scope_key": f"plan:{plan.pk}",
        "scope_label": _("Kế hoạch số %(number)s: %(title)s") % {"number": plan.document_number, "title": plan.title},
        "standing_committee": plan.committee,
    }


def scoped(submissions, *, standing_committee_id: int | None, scope_key: str | None):
    """A provider's filters (reminders.registry) on reports: those of one issuing committee's plans,
    of one plan ("plan:12"); an empty queryset for a scope that is no plan."""
    if standing_committee_id is not None:
        submissions = submissions.filter(duty__plan__committee_id=standing_committee_id)
    if scope_key is not None:
        plan_id = parse_id(scope_key[5:]) if scope_key.startswith("plan:") else None
        submissions = submissions.filter(duty__plan_id=plan_id) if plan_id is not None else submissions.none()
    return submissions


def open_report_duties(*, standing_committee_id: int | None = None, scope_key: str | None = None) -> list[OpenDuty]:
    """Reports still owed (not started, draft, or returned) for issued plans, one duty per submission,
    against the committee's own deadline (extensions included). A committee that has ceased
    (merged, dissolved: committees.reorg) owes nothing more; its successor took the duty over."""
    submissions = (
        owed_reports().select_related("duty", "duty__plan", "duty__plan__committee", "committee").order_by("pk")
    )
    submissions = list(scoped(submissions, standing_committee_id=standing_committee_id, scope_key=scope_key))
    people: dict[int, list[str]] = defaultdict(list)
    for committee_id, email in Membership.objects.filter(
        committee_id__in={s.committee_id for s in submissions},
        role__in=[Membership.Role.OFFICER, Membership.Role.LEADER],
        user__is_active=True,
    ).values_list("committee_id", "user__email"):
        people[committee_id].append(email)
    duties = []
    for sub in submissions:
        duties.append(
            OpenDuty(
                key=f"report-submission:{sub.pk}",
                **plan_scope(sub.duty.plan),
                committee=sub.committee,
                deadline=sub.deadline,  # the effective deadline (Submission.deadline)
                title=sub.duty.title,
                link=submission_link(sub.pk),
                addresses=clean_addresses([*people[sub.committee_id], *sub.committee.email_list]),
                note=_("Báo cáo đã bị trả lại: xin sửa theo góp ý và nộp lại.")
                if sub.state == Submission.State.RETURNED
                else "",
            )
        )
    return duties
