"""The inspections app's open duties, declared to the reminders app (registered in InspectionsConfig.ready):
one per unit whose dossier is not sent yet, against the round's evidence deadline (the last minute),
with what is still missing in the note. A unit that has sent its dossier is never reminded."""

from collections import Counter, defaultdict

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from committees.models import Membership
from reminders.registry import OpenDuty, clean_addresses

from .models import Criterion, Evidence, Score, Unit


def open_inspection_duties(*, standing_committee_id: int | None = None, scope_key: str | None = None) -> list[OpenDuty]:
    units = Unit.objects.filter(
        submitted_at__isnull=True, round__evidence_deadline__isnull=False, round__decided_at__isnull=True
    ).select_related("round", "round__committee", "committee")
    if standing_committee_id is not None:
        units = units.filter(round__committee_id=standing_committee_id)
    if scope_key is not None:
        if not scope_key.startswith("inspection:") or not scope_key[11:].isdigit():
            return []
        units = units.filter(round_id=int(scope_key[11:]))
    units = list(units.order_by("pk"))
    if not units:
        return []
    round_ids = {u.round_id for u in units}
    regular = Counter(
        dict(Criterion.objects.filter(group__round_id__in=round_ids, kind=Criterion.Kind.REGULAR)
             .values_list("group__round_id").annotate(n=Count("pk")).order_by())
    )
    required = Counter(
        dict(Criterion.objects.filter(group__round_id__in=round_ids, kind=Criterion.Kind.REGULAR, evidence_required=True)
             .values_list("group__round_id").annotate(n=Count("pk")).order_by())
    )
    unit_ids = [u.pk for u in units]
    scored = Counter(
        dict(Score.objects.filter(unit_id__in=unit_ids, source=Score.Source.SELF, points__isnull=False, criterion__kind=Criterion.Kind.REGULAR)
             .values_list("unit_id").annotate(n=Count("pk")).order_by())
    )
    evidenced = Counter(
        dict(Evidence.objects.filter(unit_id__in=unit_ids, criterion__kind=Criterion.Kind.REGULAR, criterion__evidence_required=True)
             .values_list("unit_id").annotate(n=Count("criterion_id", distinct=True)).order_by())
    )
    people = defaultdict(list)
    for committee_id, email in Membership.objects.filter(
        committee_id__in={u.committee_id for u in units}, role__in=[Membership.Role.OFFICER, Membership.Role.LEADER], user__is_active=True
    ).values_list("committee_id", "user__email"):
        people[committee_id].append(email)
    duties = []
    for unit in units:
        unscored = regular[unit.round_id] - scored[unit.pk]
        no_evidence = required[unit.round_id] - evidenced[unit.pk]
        parts = []
        if unscored > 0:
            parts.append(_("%(n)s tiêu chí chưa chấm điểm") % {"n": unscored})
        if no_evidence > 0:
            parts.append(_("%(n)s tiêu chí chưa có minh chứng bắt buộc") % {"n": no_evidence})
        note = _("Còn thiếu: %(what)s.") % {"what": "; ".join(parts)} if parts else _("Hồ sơ đã đủ nhưng chưa gửi.")
        duties.append(
            OpenDuty(
                key=f"inspection-dossier:{unit.pk}",
                scope_key=f"inspection:{unit.round_id}",
                scope_label=unit.round.title,
                committee=unit.committee,
                standing_committee=unit.round.committee,
                deadline=unit.round.evidence_deadline,
                title=_("Hồ sơ tự chấm điểm, minh chứng và báo cáo thuyết minh"),
                link=reverse("inspections-dossier", args=[unit.pk]),
                addresses=clean_addresses([*people[unit.committee_id], *unit.committee.email_list]),
                note=note,
            )
        )
    return duties
