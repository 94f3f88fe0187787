"""Demo data of the consolidation area: one completed consolidated report of plan 000 (the city
of An Bình's mid-term review), if that plan and its submitted reports exist. Idempotent.

Requested through consolidation_request, as the standing committee's button does, then built at
once with consolidation_run in the same transaction. Before it, the reviewer marks a few passages
of the wards' reports as typical (tiêu biểu), so that the body quotes them (no worker is needed to load demo data; the
task the request queues after the commit finds the build done and does nothing)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from demo.plans import plan_000
from lib.richtext import html_to_text
from reports.consolidation.services import consolidation_request, consolidation_run
from reports.models import ReportingDuty, SectionAnswer
from reports.typical.services import typical_mark


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
    if requester is not None:
        _mark_typical(duty, requester)
    with transaction.atomic():  # built before the commit, so the queued task finds it done
        build, _created = consolidation_request(duty=duty, by=requester)
        consolidation_run(build_id=build.pk)


# The outline items (title starts with) where the reviewer marked a passage of two reports.
TYPICAL_ITEMS = ("Số cuộc, số lượt người dự", "Kết quả tổ chức Ngày hội Đại đoàn kết")


def _mark_typical(duty: ReportingDuty, reviewer) -> None:
    """The first sentence of a few sections in the first two reports sent, and one whole section
    in a third, marked by the reviewer through the service the review page uses."""
    answers = (
        SectionAnswer.objects.filter(submission__duty=duty, submission__state__in=["submitted", "accepted"])
        .exclude(html="")
        .select_related("submission", "submission__committee", "submission__duty__plan__committee", "item")
        .order_by("submission__committee__sort_name", "pk")
    )
    for start in TYPICAL_ITEMS:
        for answer in answers.filter(item__title__startswith=start)[:2]:
            sentence = html_to_text(answer.html).split("\n")[0].split(". ")[0].rstrip(".")
            if sentence:
                typical_mark(submission=answer.submission, item=answer.item, text=sentence, by=reviewer)
    whole = answers.filter(item__title__startswith="Kết quả hoạt động công tác").last()
    if whole is not None:
        typical_mark(submission=whole.submission, item=whole.item, by=reviewer)
