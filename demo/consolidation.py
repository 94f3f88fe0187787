"""Demo data of the consolidation area: one completed consolidated report of plan 000 (the city
of An Bình's mid-term review), if that plan and its submitted reports exist. Idempotent."""

from django.contrib.auth import get_user_model

from reports.consolidation.services import consolidation_run
from reports.models import ConsolidationBuild, ReportingDuty


def load() -> None:
    duty = (
        ReportingDuty.objects.filter(plan__committee__code="anbinh", submissions__state__in=["submitted", "accepted"])
        .select_related("plan")
        .order_by("plan__issued_on", "pk")
        .first()
    )
    if duty is None or duty.consolidations.exists():
        return
    requester = get_user_model().objects.filter(username="btt.anbinh").first()
    build = ConsolidationBuild.objects.create(duty=duty, requested_by=requester)
    consolidation_run(build_id=build.pk)  # synchronously: no worker is needed to load demo data
