"""Reads of rounds and pilot selection."""

from collections import defaultdict

from committees.access import Access
from congresses.models import Answer, Candidate, Congress, Round


def rounds_for(access: Access):
    """Rounds run by a committee the person works under (its own or one above it)."""
    rounds = Round.objects.select_related("committee", "plan").order_by("-term_start", "pk")
    return [r for r in rounds if access.works_under(r.committee)]


def candidate_table(*, round: Round, access: Access) -> list[dict]:
    """Per group (district, city or province) the person oversees: its candidates, each with its
    answers by criterion and whether it was chosen. A fixed number of queries."""
    criteria = list(round.criteria.all())
    candidates = [
        c
        for c in Candidate.objects.filter(round=round)
        .select_related("committee", "group")
        .order_by("group__sort_name", "committee__sort_name")
        if access.oversees(c.group) or access.oversees(c.committee)
    ]
    answers = defaultdict(dict)
    for answer in Answer.objects.filter(candidate__in=candidates):
        answers[answer.candidate_id][answer.criterion_id] = answer
    pilots = {
        c.committee_id: c
        for c in Congress.objects.filter(round=round, is_pilot=True).select_related("chosen_by", "chosen_by__profile")
    }
    groups: dict[int, dict] = {}
    for candidate in candidates:
        group = groups.setdefault(candidate.group_id, {"group": candidate.group, "rows": [], "pilot": None})
        cells = [answers[candidate.pk].get(criterion.pk) for criterion in criteria]
        pilot = pilots.get(candidate.committee_id)
        if pilot:
            group["pilot"] = pilot
        group["rows"].append(
            {
                "candidate": candidate,
                "cells": cells,
                "met": sum(1 for a in cells if a is not None and a.met),
                "answered": sum(1 for a in cells if a is not None),
                "pilot": pilot,
            }
        )
    return list(groups.values())
