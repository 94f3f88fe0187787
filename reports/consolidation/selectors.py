"""Reads of the consolidation: the build in progress, the last completed one and what is new since,
the reports a committee sends upward, and how a consolidation matches an upward report's outline
(for the pre-fill). Nothing here writes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape

from committees.selectors import committee_versions_on
from lib.richtext import is_blank, sanitize_html
from reports.models import COMMITTEE_ORDER, ConsolidationBuild, OutlineItem, ReportingDuty, SectionAnswer, Submission


def active_build(duty: ReportingDuty) -> ConsolidationBuild | None:
    return duty.consolidations.filter(state__in=ConsolidationBuild.ACTIVE_STATES).first()


def compare_included(old: dict, new: dict) -> dict:
    """Committee names: reports new in `new`, resubmitted since `old` (higher version), and dropped."""
    added = [v["committee"] for k, v in new.items() if k not in old]
    updated = [v["committee"] for k, v in new.items() if k in old and v.get("v", 0) > old[k].get("v", 0)]
    removed = [v["committee"] for k, v in old.items() if k not in new]
    return {"added": added, "updated": updated, "removed": removed}


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


def consolidated_sections(build: ConsolidationBuild, item_ids: list[int]) -> dict[int, str]:
    """HTML per consolidated item: every included report's text under its committee's name."""
    included = [int(pk) for pk in build.summary.get("submissions", {})]
    parts: dict[int, list[str]] = {}
    # The names the build was made with (the round's day: committees.reorg), else today's.
    names_then = {int(pk): v.get("committee") for pk, v in build.summary.get("submissions", {}).items()}
    rows = (
        SectionAnswer.objects.filter(item_id__in=item_ids, submission_id__in=included)
        .order_by("item_id", *[f"submission__{name}" for name in COMMITTEE_ORDER], "submission_id")
        .values_list("item_id", "submission_id", "submission__committee__name", "html")
    )
    for item_id, submission_id, name, html in rows.iterator(chunk_size=500):
        name = names_then.get(submission_id) or name
        if not is_blank(html):
            parts.setdefault(item_id, []).append(f"<p><strong>{escape(name)}:</strong></p>{html}")
    return {item_id: sanitize_html("".join(chunks)) for item_id, chunks in parts.items()}


def last_done_build(duty: ReportingDuty) -> ConsolidationBuild | None:
    return duty.consolidations.filter(state=ConsolidationBuild.State.DONE).order_by("-finished_at", "-pk").first()


def changes_since_last(duty: ReportingDuty, states: list[str]) -> dict | None:
    """Live: reports new or resubmitted since the last completed build (None if never built)."""
    last = last_done_build(duty)
    if last is None:
        return None
    rows = list(
        # the duties the last build covered (all audiences of the plan, or this duty)
        Submission.objects.filter(duty_id__in=last.summary.get("duties") or [duty.pk], state__in=states).values_list(
            "pk", "version", "committee_id", "committee__name"
        )
    )
    # The names of the round's day, as the build wrote them (committees.reorg): a committee renamed
    # or merged since is listed as the round knew it.
    then = committee_versions_on(on=duty.round_day, committee_ids={row[2] for row in rows})
    current = {
        str(pk): {"v": version, "committee": then[cid].name if cid in then else name}
        for pk, version, cid, name in rows
    }
    return {"build": last, **compare_included(last.summary.get("submissions", {}), current)}
