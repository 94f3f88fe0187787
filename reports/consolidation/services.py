"""Consolidated report: request a build, run it (from the Celery task), and use it to pre-fill a
committee's own report upward ("up the tree")."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.params import parse_id
from lib.tasks import enqueue, enqueue_on_commit
from reports.consolidation.builder import consolidate_to_files
from reports.consolidation.selectors import (
    active_build,
    compare_included,
    consolidated_sections,
    prefill_plan,
)
from reports.indicators import aggregate
from reports.models import (
    ConsolidationBuild,
    Indicator,
    IndicatorValue,
    OutlineItem,
    ReportingDuty,
    Submission,
)
from reports.submissions.services import check_editable, sections_prefill

logger = logging.getLogger(__name__)

# A running build writes a heartbeat (heartbeat_at) when claimed and at every progress write
# (at most builder.PROGRESS_WRITES per build, seconds apart) and before storing its files. One
# silent for HEARTBEAT_TIMEOUT has lost its worker (killed, out of memory, machine stopped): the
# redelivered task may claim it again, the every-minute sweep re-queues it (at most MAX_ATTEMPTS
# runs in all, then fails it with a reason on the page), and a new request is no longer refused.
HEARTBEAT_TIMEOUT = timedelta(seconds=60)
MAX_ATTEMPTS = 3
# A queued build not started this long after its message was published: publish it again (the
# message was never sent, the broker being down, or it was lost). A second message is harmless.
REPUBLISH_AFTER = timedelta(minutes=2)
# A build still queued this long after it was requested is failed when someone asks for a new one.
STALE_AFTER = timedelta(hours=1)
TMP_PREFIX = "consolidation-"


def _silent_since(cutoff) -> Q:
    """No sign of life since `cutoff` (rows from before heartbeats: their start or request time)."""
    return (
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True, requested_at__lt=cutoff)
    )


def _abandoned(now) -> Q:
    """A running build whose worker died."""
    return Q(state=ConsolidationBuild.State.RUNNING) & _silent_since(now - HEARTBEAT_TIMEOUT)


def _crashed_reason(attempts: int) -> str:
    return _(
        "Quá thời gian xử lý: máy chủ xử lý dừng giữa chừng (%(n)d lần). Xin bấm “Tổng hợp lại”; "
        "nếu lỗi lặp lại, báo cho quản trị hệ thống."
    ) % {"n": max(1, attempts)}


# --- request ------------------------------------------------------------------------------
def _fail_stale(duty: ReportingDuty, now) -> None:
    """Free the duty for a new build: fail its build whose worker died, or that was never started
    in STALE_AFTER."""
    for build in ConsolidationBuild.objects.filter(duty=duty).filter(_abandoned(now)):
        ConsolidationBuild.objects.filter(pk=build.pk).filter(_abandoned(now)).update(
            state=ConsolidationBuild.State.FAILED, error=_crashed_reason(build.attempts), finished_at=now
        )
    ConsolidationBuild.objects.filter(
        duty=duty, state=ConsolidationBuild.State.QUEUED, requested_at__lt=now - STALE_AFTER
    ).update(
        state=ConsolidationBuild.State.FAILED,
        error=_("Quá thời gian xử lý: máy chủ xử lý không hoàn thành yêu cầu. Xin tổng hợp lại."),
        finished_at=now,
    )


def _queue_options() -> dict:
    queue = getattr(settings, "CONSOLIDATION_QUEUE", None)
    return {"queue": queue} if queue else {}


def _publish(build_id: int, *, on_commit: bool = True) -> None:
    """Publish the build's task; a broker that does not answer leaves the build queued, and the
    sweep publishes it again when the broker is back (lib.tasks)."""
    from reports.tasks import build_consolidation

    if on_commit:
        enqueue_on_commit(build_consolidation, build_id, **_queue_options())
    else:
        enqueue(build_consolidation, build_id, **_queue_options())


def _republish_if_silent(build: ConsolidationBuild, now, *, on_commit: bool = True) -> bool:
    """A queued build whose message seems lost: publish it again (one process does, by a
    conditional UPDATE of its heartbeat)."""
    touched = (
        ConsolidationBuild.objects.filter(pk=build.pk, state=ConsolidationBuild.State.QUEUED)
        .filter(_silent_since(now - REPUBLISH_AFTER))
        .update(heartbeat_at=now)
    )
    if touched:
        _publish(build.pk, on_commit=on_commit)
    return bool(touched)


@transaction.atomic
def consolidation_request(
    *,
    duty: ReportingDuty,
    by,
    include_returned: bool = False,
    include_drafts: bool = False,
    all_audiences: bool = False,
    approved_only: bool = False,
) -> tuple[ConsolidationBuild, bool]:
    """Start a build of the duty's consolidated report, unless one is already under way.
    Returns (build, created): a second click gets the build already queued or running (and
    publishes a queued one again if its message seems lost). `approved_only`: only the reports
    approved to the end (ConsolidationBuild.included_states), whatever the other two options say."""
    now = timezone.now()
    _fail_stale(duty, now)
    existing = active_build(duty)
    if existing is not None:
        if existing.state == ConsolidationBuild.State.QUEUED:
            _republish_if_silent(existing, now)
        return existing, False
    build = ConsolidationBuild(
        duty=duty,
        requested_by=by,
        requested_at=now,
        heartbeat_at=now,
        include_returned=include_returned,
        include_drafts=include_drafts,
        all_audiences=all_audiences,
        approved_only=approved_only,
    )
    build.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            build.save()
    except IntegrityError:  # another request created it a moment ago
        return active_build(duty), False
    _publish(build.pk)
    return build, True


# --- the sweep (every minute, beat) -------------------------------------------------------
def consolidations_sweep(*, now=None) -> dict:
    """What a lost message or a dead worker left behind: running builds silent for
    HEARTBEAT_TIMEOUT are queued and published again (failed, with the reason, after MAX_ATTEMPTS
    runs); queued builds whose message seems lost are published again; temporary folders of builds
    no longer running are removed. Safe to run twice at once (conditional UPDATEs)."""
    now = now or timezone.now()
    requeued, failed, republished = [], [], []
    for build in ConsolidationBuild.objects.filter(_abandoned(now)).only("pk", "attempts"):
        stale = ConsolidationBuild.objects.filter(pk=build.pk).filter(_abandoned(now))
        if build.attempts >= MAX_ATTEMPTS:
            if stale.update(
                state=ConsolidationBuild.State.FAILED, error=_crashed_reason(build.attempts), finished_at=now
            ):
                logger.error("consolidation build %s failed: its worker stopped %s times", build.pk, build.attempts)
                failed.append(build.pk)
        elif stale.update(state=ConsolidationBuild.State.QUEUED, heartbeat_at=now, progress_done=0):
            logger.warning("consolidation build %s lost its worker; queued again", build.pk)
            _publish(build.pk, on_commit=False)
            requeued.append(build.pk)
    for build in ConsolidationBuild.objects.filter(state=ConsolidationBuild.State.QUEUED).filter(
        _silent_since(now - REPUBLISH_AFTER)
    ):
        if _republish_if_silent(build, now, on_commit=False):
            republished.append(build.pk)
    removed = clean_temporary_files(now=now)
    return {"requeued": requeued, "failed": failed, "republished": republished, "removed": removed}


def temporary_root() -> str:
    """Where builds write their files before storing them (settings.CONSOLIDATION_TMP_DIR, or the
    system's temporary folder)."""
    root = str(getattr(settings, "CONSOLIDATION_TMP_DIR", None) or tempfile.gettempdir())
    os.makedirs(root, exist_ok=True)
    return root


def clean_temporary_files(*, now=None) -> list[str]:
    """Remove the temporary folders ("consolidation-<id>-*", with their .part files) that a killed
    worker left: those of builds not running now, untouched for HEARTBEAT_TIMEOUT. Only this
    machine's temporary folder is seen; every worker cleans its own when it runs a build."""
    now = now or timezone.now()
    root = temporary_root()
    try:
        names = [n for n in os.listdir(root) if n.startswith(TMP_PREFIX)]
    except OSError:
        return []
    found = {}
    for name in names:
        build_id = name[len(TMP_PREFIX) :].split("-", 1)[0]
        if parse_id(build_id):
            found[name] = parse_id(build_id)
    alive = set(
        ConsolidationBuild.objects.filter(pk__in=set(found.values()), state=ConsolidationBuild.State.RUNNING)
        .exclude(_silent_since(now - HEARTBEAT_TIMEOUT))
        .values_list("pk", flat=True)
    )
    removed = []
    cutoff = now.timestamp() - HEARTBEAT_TIMEOUT.total_seconds()
    for name, build_id in found.items():
        path = os.path.join(root, name)
        try:
            if build_id in alive or not os.path.isdir(path) or os.stat(path).st_mtime > cutoff:
                continue
        except OSError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    if removed:
        logger.info("removed %d temporary consolidation folder(s) left by stopped builds", len(removed))
    return removed


# --- run ----------------------------------------------------------------------------------
class _Superseded(Exception):
    """This run's claim is gone: the sweep re-queued or failed the build (this worker was silent
    too long), and another run may own it now."""


def _claim(build_id: int, now) -> int | None:
    """queued -> running, or a running build whose worker died (silent for HEARTBEAT_TIMEOUT, fewer
    than MAX_ATTEMPTS runs) -> running again. Only one delivery of the task can win. Returns the
    run's number (the build's attempts), which every later write of this run checks."""
    claimable = Q(state=ConsolidationBuild.State.QUEUED) | (_abandoned(now) & Q(attempts__lt=MAX_ATTEMPTS))
    claimed = (
        ConsolidationBuild.objects.filter(pk=build_id)
        .filter(claimable)
        .update(
            state=ConsolidationBuild.State.RUNNING,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            progress_done=0,
        )
    )
    if not claimed:
        return None
    return ConsolidationBuild.objects.filter(pk=build_id).values_list("attempts", flat=True).first()


def failure_reason(exc: BaseException) -> str:
    """What went wrong, in words the committee's clerk can pass on."""
    if isinstance(exc, MemoryError):
        detail = _("không đủ bộ nhớ để tạo tệp")
    elif isinstance(exc, OSError):
        detail = _("không ghi được tệp (%(error)s)") % {"error": exc.strerror or exc}
    else:
        detail = f"{type(exc).__name__}: {exc}"
    return (_("Không tổng hợp được báo cáo: %(detail)s. Xin bấm “Tổng hợp lại” để thử lại.") % {"detail": detail})[
        :1000
    ]


def _changes(build: ConsolidationBuild, summary: dict) -> dict:
    """What is new since the previous completed build of the same duty."""
    previous = (
        ConsolidationBuild.objects.filter(duty_id=build.duty_id, state=ConsolidationBuild.State.DONE)
        .exclude(pk=build.pk)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if previous is None:
        return {"previous": None}
    return {
        "previous": previous.pk,
        **compare_included(previous.summary.get("submissions", {}), summary["submissions"]),
    }


def consolidation_run(*, build_id: int) -> str:
    """Build the files of one queued build (or one whose worker died). Safe to call twice: only
    the call that claims the row works. Returns the build's state afterwards."""
    now = timezone.now()
    clean_temporary_files(now=now)  # what this machine's killed runs left
    attempt = _claim(build_id, now)
    if attempt is None:
        return ConsolidationBuild.objects.filter(pk=build_id).values_list("state", flat=True).first() or "missing"
    build = ConsolidationBuild.objects.select_related("duty", "duty__plan", "duty__plan__committee").get(pk=build_id)
    mine = ConsolidationBuild.objects.filter(pk=build_id, state=ConsolidationBuild.State.RUNNING, attempts=attempt)

    def progress(done: int, total: int) -> None:
        if not mine.update(progress_done=done, progress_total=total, heartbeat_at=timezone.now()):
            raise _Superseded

    workdir = tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{build_id}-", dir=temporary_root())
    docx_path, xlsx_path = os.path.join(workdir, "report.docx"), os.path.join(workdir, "annex.xlsx")
    stored: list[str] = []
    try:
        summary = consolidate_to_files(
            duty=build.duty,
            docx_path=docx_path,
            xlsx_path=xlsx_path,
            states=build.included_states(),
            progress=progress,
            all_audiences=build.all_audiences,
        )
        summary["changes"] = _changes(build, summary)
        if not mine.update(heartbeat_at=timezone.now()):
            raise _Superseded
        # Only complete files reach the storage, and the row points to them only once both are there.
        with open(docx_path, "rb") as fh:
            docx_name = default_storage.save(build.file.field.generate_filename(build, "report.docx"), File(fh))
        stored.append(docx_name)
        xlsx_name = ""
        if summary.get("xlsx"):
            with open(xlsx_path, "rb") as fh:
                xlsx_name = default_storage.save(build.xlsx.field.generate_filename(build, "annex.xlsx"), File(fh))
            stored.append(xlsx_name)
        finished = mine.update(
            state=ConsolidationBuild.State.DONE,
            file=docx_name,
            xlsx=xlsx_name,
            summary=summary,
            progress_done=F("progress_total"),
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            error="",
        )
        if not finished:
            raise _Superseded
        return ConsolidationBuild.State.DONE
    except _Superseded:
        # Given up on meanwhile (the sweep took the build from this slow run): keep no files
        # nobody points to, and leave the row to whoever owns it now.
        logger.warning("consolidation build %s: run %s superseded, its work dropped", build_id, attempt)
        for name in stored:
            default_storage.delete(name)
        return ConsolidationBuild.objects.filter(pk=build_id).values_list("state", flat=True).first() or "missing"
    except Exception as exc:
        logger.exception("consolidation build %s failed", build_id)
        for name in stored:
            default_storage.delete(name)
        mine.update(state=ConsolidationBuild.State.FAILED, error=failure_reason(exc), finished_at=timezone.now())
        return ConsolidationBuild.State.FAILED
    finally:
        shutil.rmtree(workdir, ignore_errors=True)  # the files and any .part left by a failed write


# --- up the tree --------------------------------------------------------------------------
@dataclass
class PrefillResult:
    filled: list[OutlineItem] = field(default_factory=list)
    kept: list[OutlineItem] = field(default_factory=list)  # already written, not overwritten
    values: int = 0


@transaction.atomic
def consolidation_prefill(
    *, build: ConsolidationBuild, submission: Submission, by, overwrite_item_ids: set[int] | frozenset = frozenset()
) -> PrefillResult:
    """Pre-fill the upward report's draft from a completed consolidation, section by section.
    A section that already has text is only replaced when its id is in `overwrite_item_ids`
    (the person confirmed it). Empty indicator values get the consolidated totals."""
    if build.state != ConsolidationBuild.State.DONE:
        raise ValueError("only a completed build can pre-fill a report")
    if submission.committee_id != build.duty.plan.committee_id:
        raise ValueError("this report cannot be pre-filled from this build")
    check_editable(submission)  # the report's lock: a concurrent submit freezes before or refuses after
    plan = prefill_plan(build=build, submission=submission)
    sections = consolidated_sections(build, [source.pk for _own, source in plan.matches])
    result = PrefillResult()
    texts = {}
    for own, source in plan.matches:
        html = sections.get(source.pk)
        if not html:
            continue
        if own.pk in plan.with_text and own.pk not in overwrite_item_ids:
            result.kept.append(own)
            continue
        texts[own] = html
        result.filled.append(own)

    # Indicators of matched items with the same name: the consolidated total, when still empty.
    source_item_ids = [source.pk for _own, source in plan.matches]
    source_indicators = {
        (ind.item_id, ind.name.strip().lower()): ind for ind in Indicator.objects.filter(item_id__in=source_item_ids)
    }
    included = [int(pk) for pk in build.summary.get("submissions", {})]
    current = {v.indicator_id: v for v in IndicatorValue.objects.filter(submission=submission)}
    totals = {}
    for own, source in plan.matches:
        for indicator in own.indicators.all():
            src = source_indicators.get((source.pk, indicator.name.strip().lower()))
            if src is None or (indicator.pk in current and current[indicator.pk].value is not None):
                continue
            found = list(
                IndicatorValue.objects.filter(
                    indicator=src, submission_id__in=included, value__isnull=False
                ).values_list("value", flat=True)
            )
            # Rounded once, to the places of the indicator it fills.
            total = aggregate(src, found, places=indicator.decimal_places)
            if total is None:
                continue
            totals[indicator] = total
    result.values = len(totals)
    sections_prefill(
        submission=submission,
        sections=texts,
        values=totals,
        by=by,
        note=_("Điền sẵn %(sections)d mục từ bản tổng hợp số %(build)d")
        % {"sections": len(result.filled), "build": build.pk},
    )
    return result
