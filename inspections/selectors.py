"""Reads of the inspections app that other apps may use (congresses reads a unit's band)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from committees.models import Committee


@dataclass(frozen=True)
class UnitClassification:
    committee_id: int
    band: str  # the band's label as decided, e.g. "Vững mạnh", "Hoàn thành tốt nhiệm vụ"
    strong: bool  # the band counts as "vững mạnh" or better (set per band in the round)
    final_score: Decimal
    rank: int | None
    round_title: str
    decided_at: datetime.datetime
    url: str  # path of the round's results page


def latest_classification(*, committee: Committee) -> UnitClassification | None:
    """The committee's band in the most recent round whose classification the standing committee
    decided; None when it has none. (Contract for congresses; the inspections app implements it.)"""
    return None
