"""Consolidated report: request a build, run it (from the Celery task), and use it to pre-fill a
committee's own report upward ("up the tree")."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.richtext import is_blank, sanitize_html
from reports.consolidation.builder import consolidate_to_files
from reports.indicators import aggregate
from reports.models import (
    ConsolidationBuild,
    Indicator,
    IndicatorValue,
    OutlineItem,
    ReportingDuty,
    SectionAnswer,
    Submission,
)
from reports.submissions.services import check_editable, sections_prefill

logger = logging.getLogger(__name__)

# A build still queued or running after this long is taken as lost (worker stopped, message
# dropped) and may be replaced by a new one.
STALE_AFTER = timedelta(hours=1)


# --- request ------------------------------------------------------------------------------
def active_build(duty: ReportingDuty) -> ConsolidationBuild | None:
    return duty.consolidations.filter(state__in=ConsolidationBuild.ACTIVE_STATES).first()


def _fail_stale(duty: ReportingDuty, now) -> None:
    cutoff = now - STALE_AFTER
    ConsolidationBuild.objects.filter(duty=duty, state__in=ConsolidationBuild.ACTIVE_STATES).filter(
        requested_at__lt=cutoff
    ).exclude(started_at__gte=cutoff).update(
        state=ConsolidationBuild.State.FAILED,
        error=_("Quá thời gian xử lý: máy chủ xử lý không hoàn thành yêu cầu. Xin tổng hợp lại."),
        finished_at=now,
    )


def _enqueue(build_id: int) -> None:
    from reports.tasks import build_consolidation

    queue = getattr(settings, "CONSOLIDATION_QUEUE", None)
    try:
        build_consolidation.apply_async(args=[build_id], **({"queue": queue} if queue else {}))
    except Exception:  # the broker is down: say so on the page instead of waiting forever
        logger.exception("could not enqueue consolidation build %s", build_id)
        ConsolidationBuild.objects.filter(pk=build_id, state=ConsolidationBuild.State.QUEUED).update(
            state=ConsolidationBuild.State.FAILED,
            error=_("Không gửi được yêu cầu tới máy chủ xử lý. Xin thử lại sau ít phút."),
            finished_at=timezone.now(),
        )


@transaction.atomic
def consolidation_request(
    *, duty: ReportingDuty, by, include_returned: bool = False, include_drafts: bool = False
) -> tuple[ConsolidationBuild, bool]:
    """Start a build of the duty's consolidated report, unless one is already under way.
    Returns (build, created): a second click gets the build already queued or running."""
    now = timezone.now()
    _fail_stale(duty, now)
    existing = active_build(duty)
    if existing is not None:
        return existing, False
    build = ConsolidationBuild(
        duty=duty,
        requested_by=by,
        requested_at=now,
        include_returned=include_returned,
        include_drafts=include_drafts,
    )
    build.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            build.save()
    except IntegrityError:  # another request created it a moment ago
        return active_build(duty), False
    build_id = build.pk
    transaction.on_commit(lambda: _enqueue(build_id))
    return build, True


# --- run ----------------------------------------------------------------------------------
def _claim(build_id: int) -> bool:
    """queued -> running; only one delivery of the task can win."""
    return (
        ConsolidationBuild.objects.filter(pk=build_id, state=ConsolidationBuild.State.QUEUED).update(
            state=ConsolidationBuild.State.RUNNING, started_at=timezone.now()
        )
        == 1
    )


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


def compare_included(old: dict, new: dict) -> dict:
    """Committee names: reports new in `new`, resubmitted since `old` (higher version), and dropped."""
    added = [v["committee"] for k, v in new.items() if k not in old]
    updated = [v["committee"] for k, v in new.items() if k in old and v.get("v", 0) > old[k].get("v", 0)]
    removed = [v["committee"] for k, v in old.items() if k not in new]
    return {"added": added, "updated": updated, "removed": removed}


def consolidation_run(*, build_id: int) -> str:
    """Build the files of one queued build. Safe to call twice: only the call that moves the row
    from queued to running works. Returns the build's state afterwards."""
    if not _claim(build_id):
        return ConsolidationBuild.objects.filter(pk=build_id).values_list("state", flat=True).first() or "missing"
    build = ConsolidationBuild.objects.select_related("duty", "duty__plan", "duty__plan__committee").get(pk=build_id)

    def progress(done: int, total: int) -> None:
        ConsolidationBuild.objects.filter(pk=build_id, state=ConsolidationBuild.State.RUNNING).update(
            progress_done=done, progress_total=total
        )

    workdir = tempfile.mkdtemp(prefix=f"consolidation-{build_id}-")
    docx_path, xlsx_path = os.path.join(workdir, "report.docx"), os.path.join(workdir, "annex.xlsx")
    stored: list[str] = []
    try:
        summary = consolidate_to_files(
            duty=build.duty, docx_path=docx_path, xlsx_path=xlsx_path, states=build.included_states(), progress=progress
        )
        summary["changes"] = _changes(build, summary)
        # Only complete files reach the storage, and the row points to them only once both are there.
        with open(docx_path, "rb") as fh:
            docx_name = default_storage.save(build.file.field.generate_filename(build, "report.docx"), File(fh))
        stored.append(docx_name)
        xlsx_name = ""
        if summary.get("xlsx"):
            with open(xlsx_path, "rb") as fh:
                xlsx_name = default_storage.save(build.xlsx.field.generate_filename(build, "annex.xlsx"), File(fh))
            stored.append(xlsx_name)
        finished = ConsolidationBuild.objects.filter(pk=build_id, state=ConsolidationBuild.State.RUNNING).update(
            state=ConsolidationBuild.State.DONE,
            file=docx_name,
            xlsx=xlsx_name,
            summary=summary,
            progress_done=F("progress_total"),
            finished_at=timezone.now(),
            error="",
        )
        if not finished:  # given up on meanwhile (stale): do not keep files nobody points to
            for name in stored:
                default_storage.delete(name)
        return ConsolidationBuild.State.DONE if finished else ConsolidationBuild.State.FAILED
    except Exception as exc:
        logger.exception("consolidation build %s failed", build_id)
        for name in stored:
            default_storage.delete(name)
        ConsolidationBuild.objects.filter(pk=build_id).update(
            state=ConsolidationBuild.State.FAILED, error=failure_reason(exc), finished_at=timezone.now()
        )
        return ConsolidationBuild.State.FAILED
    finally:
        for path in (docx_path, xlsx_path):
            if os.path.exists(path):
                os.unlink(path)
        os.rmdir(workdir)


# --- up the tree --------------------------------------------------------------------------
_LABEL_SPACE = re.compile(r"[\s.):]+")


def _key(item: OutlineItem) -> tuple[str, str]:
    return _LABEL_SPACE.sub("", item.label).lower(), " ".join(item.title.split()).lower()


def upward_submissions(build: ConsolidationBuild):
    """The reports the build's committee must itself send upward and can still edit."""
    return (
        Submission.objects.filter(committee_id=build.duty.plan.committee_id, state__in=Submission.OPEN_STATES)
        .exclude(duty_id=build.duty_id)
        .select_related("duty", "duty__plan", "duty__plan__committee")
        .order_by("duty__deadline", "pk")
    )


@dataclass
class PrefillPlan:
    """Which sections of the upward report the consolidation can fill."""

    matches: list[tuple[OutlineItem, OutlineItem]] = field(default_factory=list)  # (own item, consolidated item)
    with_text: set[int] = field(default_factory=set)  # own item ids already written
    sources_with_text: set[int] = field(default_factory=set)  # consolidated item ids with some text
    unmatched: list[OutlineItem] = field(default_factory=list)


def prefill_plan(*, build: ConsolidationBuild, submission: Submission) -> PrefillPlan:
    """Match the upward report's outline items to the consolidated outline: the same item when the
    outline is the same, otherwise the same label and title."""
    own_items = submission.duty.outline.ordered_items()
    source_items = build.duty.outline.ordered_items()
    same_outline = submission.duty.outline_id == build.duty.outline_id
    by_key = {}
    for item in source_items:
        by_key.setdefault(_key(item), item)
    result = PrefillPlan()
    for item in own_items:
        match = item if same_outline else by_key.get(_key(item))
        if match is None:
            result.unmatched.append(item)
        else:
            result.matches.append((item, match))
    written = SectionAnswer.objects.filter(submission=submission).values_list("item_id", "html")
    result.with_text = {item_id for item_id, html in written if not is_blank(html)}
    included = [int(pk) for pk in build.summary.get("submissions", {})]
    result.sources_with_text = set(
        SectionAnswer.objects.filter(
            item_id__in=[source.pk for _own, source in result.matches], submission_id__in=included
        )
        .exclude(html="")
        .values_list("item_id", flat=True)
        .distinct()
    )
    return result


def _consolidated_sections(build: ConsolidationBuild, item_ids: list[int]) -> dict[int, str]:
    """HTML per consolidated item: every included report's text under its committee's name."""
    included = [int(pk) for pk in build.summary.get("submissions", {})]
    parts: dict[int, list[str]] = {}
    rows = (
        SectionAnswer.objects.filter(item_id__in=item_ids, submission_id__in=included)
        .order_by("item_id", "submission__committee__path")
        .values_list("item_id", "submission__committee__name", "html")
    )
    from django.utils.html import escape

    for item_id, name, html in rows.iterator(chunk_size=500):
        if not is_blank(html):
            parts.setdefault(item_id, []).append(f"<p><strong>{escape(name)}:</strong></p>{html}")
    return {item_id: sanitize_html("".join(chunks)) for item_id, chunks in parts.items()}


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
    sections = _consolidated_sections(build, [source.pk for _own, source in plan.matches])
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


def last_done_build(duty: ReportingDuty) -> ConsolidationBuild | None:
    return duty.consolidations.filter(state=ConsolidationBuild.State.DONE).order_by("-finished_at", "-pk").first()


def changes_since_last(duty: ReportingDuty, states: list[str]) -> dict | None:
    """Live: reports new or resubmitted since the last completed build (None if never built)."""
    last = last_done_build(duty)
    if last is None:
        return None
    current = {
        str(pk): {"v": version, "committee": name}
        for pk, version, name in Submission.objects.filter(duty=duty, state__in=states).values_list(
            "pk", "version", "committee__name"
        )
    }
    return {"build": last, **compare_included(last.summary.get("submissions", {}), current)}
