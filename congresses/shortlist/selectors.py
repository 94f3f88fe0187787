"""Reads of the short list: the congress date ages are counted on, and the structure shares,
computed from the rows by one aggregate query (for one congress, or per congress for a round)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from congresses.models import Congress, Nominee, RoundTarget, Share
from congresses.shortlist.values import MAJORITY


def reference_date(congress: Congress) -> datetime.date:
    """The day ages are counted on: the congress's opening day, else the first day of its window."""
    return congress.starts_on or congress.level.window_start


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29/02 -> 28/02
        return day.replace(year=day.year - years, day=28)


def share_counts(on: datetime.date, prefix: str = "") -> dict:
    """The Count expressions of every share, on a queryset of nominees (prefix "" ) or of
    congresses (prefix "nominees__")."""
    p = prefix
    pk = f"{p}pk" if p else "pk"
    counts = {
        "total": Count(pk),
        Share.WOMEN: Count(pk, filter=Q(**{f"{p}gender": Nominee.Gender.FEMALE})),
        Share.MINORITY: Count(pk, filter=~Q(**{f"{p}ethnicity": MAJORITY})),
        Share.RELIGIOUS: Count(pk, filter=~Q(**{f"{p}religion": ""})),
        Share.NON_PARTY: Count(pk, filter=Q(**{f"{p}party_joined_on__isnull": True})),
        Share.REELECTED: Count(pk, filter=Q(**{f"{p}reelected": True})),
        Share.NEW: Count(pk, filter=Q(**{f"{p}reelected": False})),
        Share.UNDER_35: Count(pk, filter=Q(**{f"{p}birth_date__gt": _years_before(on, 35)})),
        Share.OVER_70: Count(pk, filter=Q(**{f"{p}birth_date__lte": _years_before(on, 70)})),
    }
    # annotation names must not be field names ("reelected"): n_<share>
    return {name if name == "total" else f"n_{name}": expr for name, expr in counts.items()}


@dataclass
class ShareLine:
    share: str
    label: str
    count: int
    percent: Decimal
    target: RoundTarget | None

    @property
    def status(self) -> str:
        """ "ok", "low", "high" against the round's target, "" without one."""
        if self.target is None:
            return ""
        if self.target.min_percent is not None and self.percent < self.target.min_percent:
            return "low"
        if self.target.max_percent is not None and self.percent > self.target.max_percent:
            return "high"
        return "ok"


def _percent(count: int, total: int) -> Decimal:
    if not total:
        return Decimal(0)
    return (Decimal(count) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def shares(congress: Congress) -> tuple[int, list[ShareLine]]:
    """(number of rows, one line per share with its target). One aggregate query for the counts,
    one for the targets."""
    counts = Nominee.objects.filter(congress=congress).aggregate(**share_counts(reference_date(congress)))
    targets = {t.share: t for t in RoundTarget.objects.filter(round_id=congress.round_id)}
    total = counts["total"]
    return total, [
        ShareLine(share, str(label), counts[f"n_{share}"], _percent(counts[f"n_{share}"], total), targets.get(share))
        for share, label in Share.choices
    ]


def shares_by_congress(congresses, *, on: datetime.date) -> dict[int, dict]:
    """{congress id: {"total": n, "n_<share>": n}} for many congresses in one query (ages counted on `on`)."""
    return {
        row["pk"]: row for row in congresses.order_by().values("pk").annotate(**share_counts(on, prefix="nominees__"))
    }
