"""Celery tasks of the reports app: each fetches rows by id and calls a service."""

from celery import shared_task

from .consolidation import services as services_consolidation


@shared_task(name="reports.build_consolidation")
def build_consolidation(build_id: int) -> str:
    """Build one consolidated report. A second delivery of the same message does nothing: the
    service claims the build with a conditional UPDATE queued -> running."""
    return services_consolidation.consolidation_run(build_id=build_id)


@shared_task(name="reports.sweep_consolidations")
def sweep_consolidations() -> dict:
    """Every minute (beat): builds whose worker died (re-queued, or failed after a few runs), queued
    builds whose message was never published or was lost, temporary files of stopped builds."""
    return services_consolidation.consolidations_sweep()
