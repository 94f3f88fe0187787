"""Reads of the typical passages (tiêu biểu)."""

from __future__ import annotations

from reports.models import COMMITTEE_ORDER, ReportingDuty, TypicalPassage


def marks_by_item(submission) -> dict[int, list[TypicalPassage]]:
    """The report's marks per outline item id, in the order they were made."""
    result: dict[int, list[TypicalPassage]] = {}
    for mark in TypicalPassage.objects.filter(submission=submission).select_related("marked_by"):
        result.setdefault(mark.item_id, []).append(mark)
    return result


def marks_for_consolidation(
    *, duties: list[ReportingDuty], submission_ids: list[int]
) -> dict[int, list[TypicalPassage]]:
    """The marks of the included reports per item id: in the committees' order (as every list of
    the consolidation), then the order they were made."""
    rows = (
        TypicalPassage.objects.filter(submission__duty__in=duties, submission_id__in=submission_ids)
        .select_related("submission__committee")
        .order_by(*[f"submission__{name}" for name in COMMITTEE_ORDER], "marked_at", "pk")
    )
    result: dict[int, list[TypicalPassage]] = {}
    for mark in rows:
        result.setdefault(mark.item_id, []).append(mark)
    return result
