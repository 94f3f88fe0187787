"""The congresses app's open duties, declared to the reminders app (registered in
CongressesConfig.ready): a unit whose dossier is not sent, or has documents returned to it, before
the submission deadline; and a level whose standing committee has a dossier waiting on it, before
the approval deadline. A level outside the Front (the Party committee) is chased through the unit,
which records its decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from approvals.models import Case
from approvals.selectors import pipeline_rows
from committees.models import Membership
from committees.selectors import committee_addresses
from congresses.models import Congress
from reminders.registry import OpenDuty, clean_addresses

UNIT_ROLES = (Membership.Role.OFFICER, Membership.Role.LEADER)
LEVEL_ROLES = (Membership.Role.STANDING,)


def _scope(congress: Congress) -> tuple[str, str]:
    return f"congress-round:{congress.round_id}", _("Đại hội nhiệm kỳ %(term)s: %(title)s") % {
        "term": congress.round.term,
        "title": congress.round.title,
    }


def open_congress_duties(*, standing_committee_id: int | None = None, scope_key: str | None = None) -> list[OpenDuty]:
    congresses = Congress.objects.filter(case__isnull=False, case__locked_at__isnull=True).select_related(
        "round", "round__committee", "committee", "case"
    )
    if standing_committee_id is not None:
        congresses = congresses.filter(round__committee_id=standing_committee_id)
    if scope_key is not None:
        if not scope_key.startswith("congress-round:") or not scope_key[15:].isdigit():
            return []
        congresses = congresses.filter(round_id=int(scope_key[15:]))
    congresses = {c.case_id: c for c in congresses}
    duties = []
    for state in pipeline_rows(Case.objects.filter(pk__in=list(congresses))):
        congress = congresses[state.case.pk]
        key, label = _scope(congress)
        link = reverse("congresses-congress", args=[congress.pk])
        case = state.case
        if state.waiting_on_unit or (state.current_step is not None and state.current_step.committee_id is None):
            # the unit must act: documents missing or returned, the dossier not sent, or the Party
            # committee's decision to record
            if case.submit_deadline is None:
                continue
            missing = len(state.missing_required)
            returned = state.count("returned")
            note = ""
            if returned:
                note = _("%(n)d tài liệu bị trả lại: xin sửa theo góp ý và nộp lại.") % {"n": returned}
            elif missing:
                note = _("Còn thiếu %(n)d tài liệu bắt buộc.") % {"n": missing}
            duties.append(
                OpenDuty(
                    key=f"congress-dossier:{congress.pk}",
                    scope_key=key,
                    scope_label=label,
                    committee=congress.committee,
                    standing_committee=congress.round.committee,
                    deadline=case.submit_deadline
                    if not state.is_sent
                    else (case.approve_deadline or case.submit_deadline),
                    title=_("Hồ sơ duyệt Đại hội"),
                    link=link,
                    addresses=clean_addresses(committee_addresses(congress.committee, UNIT_ROLES)),
                    note=note,
                )
            )
        elif state.current_step is not None and case.approve_deadline is not None:
            step = state.current_step
            duties.append(
                OpenDuty(
                    key=f"congress-approval:{congress.pk}:{step.pk}",
                    scope_key=key,
                    scope_label=label,
                    committee=step.committee,
                    standing_committee=congress.round.committee,
                    deadline=case.approve_deadline,
                    title=_("Duyệt hồ sơ Đại hội %(unit)s") % {"unit": congress.committee.name},
                    link=reverse("approvals-case-detail", args=[case.pk]),
                    addresses=clean_addresses(committee_addresses(step.committee, LEVEL_ROLES)),
                )
            )
    return duties
