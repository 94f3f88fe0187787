"""Demo data of the consolidation area: one completed consolidated report of plan 000 (the city
of An Bình's mid-term review), if that plan and its submitted reports exist. Idempotent.

Requested through consolidation_request, as the standing committee's button does, then built at
once with consolidation_run in the same transaction (no worker is needed to load demo data; the
task the request queues after the commit finds the build done and does nothing)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from demo.plans import plan_000
from reports.consolidation.services import consolidation_request, consolidation_run
from reports.models import ReportingDuty


def load() -> None:
    plan = plan_000()
    if plan is None:
        return
    duty = (
        ReportingDuty.objects.filter(plan=plan, submissions__state__in=["submitted", "accepted"]).order_by("pk").first()
    )
    if duty is None or duty.consolidations.exists():
        return
    requester = get_user_model().objects.filter(username="btt.anbinh").first()
    with transaction.atomic():  # built before the commit, so the queued task finds it done
        build, _created = consolidation_request(duty=duty, by=requester)
        consolidation_run(build_id=build.pk)
