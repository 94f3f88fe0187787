"""Small helpers shared by the dashboard and Excel tests: put reports in a state, build trees."""

from decimal import Decimal
from itertools import count

from reports.models import IndicatorValue, Submission
from tests.conftest import local_dt, make_committee

S = Submission.State
_codes = count(1)


def set_state(sub, state, *, submitted=None, accepted=None, returned=None, values=None, reviewer=None):
    """Put a report straight into a state (the dashboards only read facts)."""
    fields = {"state": state}
    if state != S.NOT_STARTED:
        fields["started_at"] = fields["last_saved_at"] = submitted or local_dt(2022, 6, 1, 8, 0)
    if submitted:
        fields.update(first_submitted_at=submitted, submitted_at=submitted, version=1)
    if accepted:
        fields.update(accepted_at=accepted, reviewed_by=reviewer)
    if returned:
        fields.update(returned_at=returned, reviewed_by=reviewer)
    Submission.objects.filter(pk=sub.pk).update(**fields)
    for indicator, value in (values or {}).items():
        IndicatorValue.objects.update_or_create(submission=sub, indicator=indicator, defaults={"value": Decimal(value)})
    sub.refresh_from_db()
    return sub


def build_region(duty, parent, *, districts, communes, kind_every=0):
    """Under `parent`: `districts` districts, each with `communes` communes (every `kind_every`-th a
    member organisation); every committee gets a submission for `duty`. Returns the districts."""
    made = []
    for _ in range(districts):
        n = next(_codes)
        district = make_committee(f"h-{n}", f"Huyện Thử {n}", "Huyện", parent)
        Submission.objects.create(duty=duty, committee=district)
        for c in range(communes):
            m = next(_codes)
            kind = "member_org" if kind_every and c % kind_every == 0 else "front"
            commune = make_committee(f"x-{m}", f"Xã Thử {m}", "Xã", district, kind=kind)
            Submission.objects.create(duty=duty, committee=commune)
        made.append(district)
    duty.committees.add(*made)
    return made
