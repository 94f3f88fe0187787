"""The congresses app's open duties, declared to the reminders app (registered in
CongressesConfig.ready), from approvals.selectors.awaited_actions: the unit that must send its
dossier, fix returned documents or record its Party committee's decision, and the level whose
standing committee has a dossier waiting on it."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from approvals.models import Case
from approvals.selectors import DECIDE, RECORD, RESUBMIT, SEND, awaited_actions
from committees.models import Membership
from committees.selectors import committee_addresses
from congresses.models import Congress
from reminders import registry
from reminders.registry import OpenDuty, clean_addresses

UNIT_ROLES = (Membership.Role.OFFICER, Membership.Role.LEADER)
LEVEL_ROLES = (Membership.Role.STANDING,)


def _note(awaited, missing: int) -> str:
    if awaited.action == SEND and missing:
        return _("Còn thiếu %(n)d tài liệu bắt buộc.") % {"n": missing}
    if awaited.action == RESUBMIT:
        return _("Có tài liệu bị trả lại: xin sửa theo góp ý và nộp lại.")
    if awaited.action == RECORD:
        return _("Hồ sơ đang chờ ý kiến của %(step)s: đơn vị ghi nhận cuộc họp và ý kiến của cấp này.") % {
            "step": awaited.step.label
        }
    return ""


def open_congress_duties(*, standing_committee_id: int | None = None, scope_key: str | None = None) -> list[OpenDuty]:
    congresses = Congress.objects.filter(case__isnull=False, case__locked_at__isnull=True).select_related(
        "round", "round__committee"
    )
    if standing_committee_id is not None:
        congresses = congresses.filter(round__committee_id=standing_committee_id)
    if scope_key is not None:
        if not scope_key.startswith("congress-round:") or not scope_key[15:].isdigit():
            return []
        congresses = congresses.filter(round_id=int(scope_key[15:]))
    by_case = {c.case_id: c for c in congresses}
    missing = dict(
        Case.objects.filter(pk__in=list(by_case))
        .filter(items__required=True, items__version=0)
        .values_list("pk")
        .annotate(n=Count("items"))
    )
    duties = []
    for awaited in awaited_actions(Case.objects.filter(pk__in=list(by_case))):
        if awaited.deadline is None:
            continue
        congress = by_case[awaited.case.pk]
        deciding = awaited.action == DECIDE
        duties.append(
            OpenDuty(
                key=f"congress-{awaited.action}:{congress.pk}:{awaited.step.pk if awaited.step else 0}",
                scope_key=f"congress-round:{congress.round_id}",
                scope_label=_("Đại hội nhiệm kỳ %(term)s: %(title)s")
                % {"term": congress.round.term, "title": congress.round.title},
                committee=awaited.committee,
                standing_committee=congress.round.committee,
                deadline=awaited.deadline,
                title=_("Duyệt hồ sơ Đại hội %(unit)s") % {"unit": awaited.case.subject.name}
                if deciding
                else _("Hồ sơ duyệt Đại hội"),
                link=reverse("approvals-case-detail", args=[awaited.case.pk])
                if deciding
                else reverse("congresses-congress", args=[congress.pk]),
                addresses=clean_addresses(
                    committee_addresses(awaited.committee, LEVEL_ROLES if deciding else UNIT_ROLES)
                ),
                note=_note(awaited, missing.get(awaited.case.pk, 0)),
                action=registry.DECIDE if deciding else registry.SUBMIT,
            )
        )
    return duties
