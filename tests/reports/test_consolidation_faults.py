"""A consolidation build whose worker crashed: taken up again or failed within a minute, never
blocking a new build, and no temporary file left behind. The crash is simulated by the row it
leaves (state 'running', a heartbeat that stopped); time is passed explicitly, never waited for."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.reports.test_consolidation import fill_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_enqueue(monkeypatch):
    """Record what would be sent to the broker instead of sending it."""
    from reports import tasks

    sent = []
    monkeypatch.setattr(tasks.build_consolidation, "apply_async", lambda args=None, **kw: sent.append((args, kw)))
    return sent


def crashed_build(duty, *, silent_for, attempts=1, **fields):
    """What a worker killed in the middle of a build leaves: 'running', its last heartbeat
    `silent_for` ago."""
    from reports.models import ConsolidationBuild

    now = timezone.now()
    return ConsolidationBuild.objects.create(
        duty=duty,
        state="running",
        requested_at=now - silent_for - timedelta(seconds=5),
        started_at=now - silent_for - timedelta(seconds=2),
        heartbeat_at=now - silent_for,
        attempts=attempts,
        progress_done=4,
        progress_total=10,
        **fields,
    )


def leftover_folder(settings, build_id, *, age: timedelta, name="report.docx.part"):
    """A build's temporary folder with a half-written file, last touched `age` ago."""
    root = settings.CONSOLIDATION_TMP_DIR
    folder = os.path.join(root, f"consolidation-{build_id}-x1y2")
    os.makedirs(folder)
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(b"PK\x03\x04 half a document")
    moment = (timezone.now() - age).timestamp()
    os.utime(folder, (moment, moment))
    return folder


def temporary_entries(settings) -> list[str]:
    root = settings.CONSOLIDATION_TMP_DIR
    return sorted(os.listdir(root)) if os.path.isdir(root) else []


def test_redelivered_task_rebuilds_a_build_whose_worker_died(issued_plan, settings):
    from reports.tasks import build_consolidation

    fill_round(issued_plan)
    build = crashed_build(issued_plan.duty, silent_for=timedelta(minutes=5))
    leftover_folder(settings, build.pk, age=timedelta(minutes=5))

    assert build_consolidation(build.pk) == "done"  # the message delivered again after the crash

    build.refresh_from_db()
    assert build.state == "done" and build.file and build.attempts == 2
    assert build.progress_done == build.progress_total == 10
    assert build.heartbeat_at >= build.started_at > timezone.now() - timedelta(minutes=1)
    assert temporary_entries(settings) == []  # neither the crashed run's .part nor this run's files


def test_a_build_still_beating_is_not_taken_over(issued_plan):
    from reports.tasks import build_consolidation

    build = crashed_build(issued_plan.duty, silent_for=timedelta(seconds=20))
    assert build_consolidation(build.pk) == "running"
    build.refresh_from_db()
    assert build.attempts == 1 and build.progress_done == 4


def test_a_new_build_is_no_longer_refused_a_minute_after_the_worker_died(issued_plan, personas, no_enqueue):
    from reports.consolidation.services import consolidation_request

    alive = crashed_build(issued_plan.duty, silent_for=timedelta(seconds=30))
    build, created = consolidation_request(duty=issued_plan.duty, by=personas.reviewer)
    assert (build.pk, created) == (alive.pk, False)  # still beating: the second click waits for it

    alive.heartbeat_at = timezone.now() - timedelta(seconds=61)
    alive.save(update_fields=["heartbeat_at"])
    build, created = consolidation_request(duty=issued_plan.duty, by=personas.reviewer)
    alive.refresh_from_db()
    assert created and build.pk != alive.pk and build.state == "queued"
    assert alive.state == "failed" and "dừng giữa chừng" in alive.error and alive.finished_at


def test_sweep_queues_and_publishes_again_a_build_whose_worker_died(issued_plan, settings, no_enqueue):
    from reports.consolidation.services import consolidations_sweep
    from reports.tasks import build_consolidation

    fill_round(issued_plan)
    build = crashed_build(issued_plan.duty, silent_for=timedelta(seconds=90))
    leftover_folder(settings, build.pk, age=timedelta(seconds=90))

    result = consolidations_sweep()

    build.refresh_from_db()
    assert result["requeued"] == [build.pk] and build.state == "queued"
    assert no_enqueue == [([build.pk], {})]
    assert temporary_entries(settings) == []
    assert consolidations_sweep()["requeued"] == [] and len(no_enqueue) == 1  # a second sweep: nothing
    assert build_consolidation(build.pk) == "done"


def test_sweep_fails_visibly_a_build_that_stopped_its_worker_too_often(issued_plan, personas, client_as, no_enqueue):
    from django.urls import reverse

    from reports.consolidation.services import MAX_ATTEMPTS, consolidation_request, consolidations_sweep

    build = crashed_build(issued_plan.duty, silent_for=timedelta(minutes=2), attempts=MAX_ATTEMPTS)
    assert consolidations_sweep()["failed"] == [build.pk]
    build.refresh_from_db()
    assert build.state == "failed" and f"({MAX_ATTEMPTS} lần)" in build.error and no_enqueue == []
    data = client_as(personas.reviewer).get(reverse("reports-consolidation-status", args=[build.pk])).json()
    assert data["state"] == "failed" and "dừng giữa chừng" in data["message"]

    again, created = consolidation_request(duty=issued_plan.duty, by=personas.reviewer)
    assert created and again.pk != build.pk


def test_sweep_publishes_again_a_queued_build_whose_message_never_left(issued_plan, no_enqueue):
    from reports.consolidation.services import REPUBLISH_AFTER, consolidations_sweep
    from reports.models import ConsolidationBuild

    requested = timezone.now() - timedelta(minutes=10)
    lost = ConsolidationBuild.objects.create(duty=issued_plan.duty, requested_at=requested, heartbeat_at=requested)
    assert consolidations_sweep()["republished"] == [lost.pk]
    assert no_enqueue == [([lost.pk], {})]
    assert consolidations_sweep()["republished"] == []  # published a moment ago: not again yet
    later = timezone.now() + REPUBLISH_AFTER + timedelta(seconds=1)
    assert consolidations_sweep(now=later)["republished"] == [lost.pk]


def test_a_second_click_publishes_again_a_queued_build_whose_message_never_left(
    issued_plan,
    personas,
    no_enqueue,
    django_capture_on_commit_callbacks,
):
    from reports.consolidation.services import consolidation_request
    from reports.models import ConsolidationBuild

    requested = timezone.now() - timedelta(minutes=5)
    lost = ConsolidationBuild.objects.create(duty=issued_plan.duty, requested_at=requested, heartbeat_at=requested)
    with django_capture_on_commit_callbacks(execute=True):
        build, created = consolidation_request(duty=issued_plan.duty, by=personas.reviewer)
    assert (build.pk, created) == (lost.pk, False)
    assert no_enqueue == [([lost.pk], {})]


def test_sweep_removes_only_the_temporary_folders_of_stopped_builds(issued_plan, tree, settings):
    from reports.consolidation.services import consolidations_sweep
    from reports.models import ConsolidationBuild, ReportingDuty

    other_duty = ReportingDuty.objects.create(
        plan=issued_plan.plan, outline=issued_plan.outline, title="Khác", deadline=issued_plan.duty.deadline
    )
    beating = crashed_build(issued_plan.duty, silent_for=timedelta(seconds=5))
    done = ConsolidationBuild.objects.create(duty=other_duty, state="done")
    dead = leftover_folder(settings, done.pk, age=timedelta(minutes=3))
    gone = leftover_folder(settings, 987654, age=timedelta(hours=2))  # its row no longer exists
    kept_alive = leftover_folder(settings, beating.pk, age=timedelta(minutes=3))
    just_made = leftover_folder(settings, done.pk + 1000, age=timedelta(seconds=0))
    unrelated = os.path.join(settings.CONSOLIDATION_TMP_DIR, "something-else")
    os.makedirs(unrelated)

    removed = consolidations_sweep()["removed"]

    assert sorted(removed) == sorted([dead, gone])
    assert all(os.path.exists(p) for p in (kept_alive, just_made, unrelated))


def test_a_failed_write_leaves_no_temporary_file(issued_plan, settings, monkeypatch):
    from reports.consolidation import services
    from reports.models import ConsolidationBuild

    def write_then_fail(*, docx_path, **kwargs):
        with open(f"{docx_path}.part", "wb") as fh:  # killed in the middle of the save
            fh.write(b"PK")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services, "consolidate_to_files", write_then_fail)
    build = ConsolidationBuild.objects.create(duty=issued_plan.duty)
    assert services.consolidation_run(build_id=build.pk) == "failed"
    assert temporary_entries(settings) == []


def test_a_run_overtaken_by_the_sweep_drops_its_work(issued_plan, settings, monkeypatch):
    """A worker silent for over a minute (not dead: stuck) whose build the sweep gave to another
    run: its late writes change nothing, and it stores no file."""
    from django.core.files.storage import default_storage

    from reports.consolidation import services
    from reports.models import ConsolidationBuild

    real = services.consolidate_to_files

    def stuck_then_continue(*, progress, **kwargs):
        ConsolidationBuild.objects.filter(pk=build.pk).update(state="running", attempts=5)  # another run's claim
        return real(progress=progress, **kwargs)

    monkeypatch.setattr(services, "consolidate_to_files", stuck_then_continue)
    build = ConsolidationBuild.objects.create(duty=issued_plan.duty)
    assert services.consolidation_run(build_id=build.pk) == "running"
    build.refresh_from_db()
    assert build.attempts == 5 and build.progress_done == 0 and not build.file
    assert not default_storage.exists(f"consolidations/{issued_plan.duty.pk}")
    assert temporary_entries(settings) == []


def test_the_sweep_runs_every_minute_from_the_one_beat_schedule(settings):
    from celery.schedules import crontab

    from mttq_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-stalled-consolidation-builds-every-minute"]
    assert entry["task"] == "reports.sweep_consolidations" and entry["schedule"] == crontab(minute="*")
    app.loader.import_default_modules()
    assert "reports.sweep_consolidations" in app.tasks
