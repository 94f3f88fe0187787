"""The rules of an inspection round, as pure functions (no database): totals, the deadline's last
minute, classification with vetoes and the top-band cap, ranking with a chosen tie-break, the cross
pairing cycle and the agenda fit. Every page, export and command uses these."""

import datetime
import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

REGULAR, BONUS, DEDUCTION = "regular", "bonus", "deduction"
ZERO = Decimal("0")


# --- totals ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Totals:
    base: Decimal  # sum of the regular criteria
    bonus: Decimal
    deductions: Decimal

    @property
    def total(self) -> Decimal:
        return self.base + self.bonus - self.deductions


def totals(rows) -> Totals:
    """rows: (kind, points or None). Each row is already within its own limit (checked on entry);
    a bonus may take the total above 100."""
    sums = {REGULAR: ZERO, BONUS: ZERO, DEDUCTION: ZERO}
    for kind, points in rows:
        if points is not None:
            sums[kind] += points
    return Totals(base=sums[REGULAR], bonus=sums[BONUS], deductions=sums[DEDUCTION])


# --- the deadline ---------------------------------------------------------------------------
def last_minute(stated: datetime.date, rule: str) -> datetime.datetime:
    """The last minute for "trước ngày <stated>": 23:59 of the day before ("day_before") or of that
    day ("that_day"), local time; anything up to 23:59:59 of that minute is on time."""
    day = stated - datetime.timedelta(days=1) if rule == "day_before" else stated
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


# --- classification and ranking -------------------------------------------------------------
@dataclass(frozen=True)
class BandRule:
    key: object
    label: str
    min_score: Decimal
    strong: bool = False


@dataclass(frozen=True)
class Veto:
    label: str
    cap_band: object = None  # a BandRule key; None forces the lowest band


@dataclass
class Entry:
    key: object
    name_key: str  # Vietnamese sort key of the unit's name (last resort, for a stable order only)
    totals: Totals
    self_total: Decimal | None = None
    vetoes: list = field(default_factory=list)


@dataclass
class Placed:
    entry: Entry
    rank: int
    band: BandRule
    tie_note: str = ""  # why it is above an equal score, or "đồng hạng"
    capped_by: str = ""  # the veto or the top-band cap that lowered the band


def _tie_value(entry: Entry, rule: str):
    """Smaller is better, after the total."""
    if rule == "fewer_deductions":
        return entry.totals.deductions
    if rule == "base_score":
        return -entry.totals.base
    if rule == "self_closest":
        return abs((entry.self_total if entry.self_total is not None else entry.totals.total) - entry.totals.total)
    return ZERO


def rank(entries: list[Entry], rule: str, *, first=lambda entry: 0) -> list[tuple[Entry, int, bool]]:
    """Entries best first with their rank (1, 2, 2, 4 for a tie the rule cannot break) and whether
    the rule decided the order against an entry with the same total. `first` orders before the
    total (the band, once the units are banded)."""

    keyed = sorted(((first(e), -e.totals.total), _tie_value(e, rule), e.name_key, i, e) for i, e in enumerate(entries))
    result = []
    for i, (level, tie, _name, _i, entry) in enumerate(keyed):
        prev = keyed[i - 1] if i else None
        nxt = keyed[i + 1] if i + 1 < len(keyed) else None
        shared = prev is not None and prev[0] == level and prev[1] == tie
        position = result[-1][1] if shared else i + 1
        broken = (prev is not None and prev[0] == level and not shared) or (nxt is not None and nxt[0] == level and nxt[1] != tie)
        result.append((entry, position, broken))
    return result


def band_for(score: Decimal, bands: list[BandRule]) -> BandRule:
    """The highest band whose threshold the score reaches; the lowest band otherwise."""
    ordered = sorted(bands, key=lambda b: -b.min_score)
    for band in ordered:
        if score >= band.min_score:
            return band
    return ordered[-1]


def classify(entries: list[Entry], bands: list[BandRule], *, tie_break: str, top_cap_percent: int | None = None) -> list[Placed]:
    """Band each unit: by score, lowered by its vetoes (to the lowest band, or no higher than a cap
    band), and with a cap on the share of the top band (the lowest ranked of it move one band down,
    with every unit the tie-break rule cannot tell from them).
    Then rank: by band, then by score, then by the tie-break rule; ties it cannot break share a rank."""
    if not bands:
        raise ValueError("a round needs at least one band")
    order = sorted(bands, key=lambda b: -b.min_score)  # best first
    index = {b.key: i for i, b in enumerate(order)}
    placed = {}
    for entry, _position, _broken in rank(entries, tie_break):
        band, capped_by = band_for(entry.totals.total, order), ""
        for veto in entry.vetoes:
            limit = order[-1] if veto.cap_band is None else order[index[veto.cap_band]]
            if index[limit.key] > index[band.key]:
                band, capped_by = limit, veto.label
        placed[entry.key] = Placed(entry=entry, rank=0, band=band, capped_by=capped_by)
    if top_cap_percent and len(order) > 1:
        allowed = math.floor(len(placed) * top_cap_percent / 100)
        top = [p for p in placed.values() if p.band.key == order[0].key]  # already in rank order
        if len(top) > allowed:
            # a tie the rule cannot break is never settled by the alphabet: the units equal to the
            # first one over the cap (score and tie-break alike) move down with it
            def level(p):
                return p.entry.totals.total, _tie_value(p.entry, tie_break)

            cut = allowed
            while cut > 0 and level(top[cut - 1]) == level(top[allowed]):
                cut -= 1
            for p in top[cut:]:
                p.band, p.capped_by = order[1], "top_cap"
    result = []
    for entry, position, broken in rank(entries, tie_break, first=lambda e: index[placed[e.key].band.key]):
        p = placed[entry.key]
        p.rank, p.tie_note = position, "broken" if broken else ""
        result.append(p)
    counts = Counter(p.rank for p in result)
    for p in result:
        if counts[p.rank] > 1:
            p.tie_note = "shared"
    return result


# --- cross-inspection pairs -----------------------------------------------------------------
def pair_cycle(units: list) -> dict:
    """unit -> the unit it inspects: each the next in the list, the last the first. Nobody inspects
    itself and, with three or more units, no two inspect each other. Fewer than three: no pairs."""
    if len(units) < 3:
        return {}
    return {u: units[(i + 1) % len(units)] for i, u in enumerate(units)}


def pairing_problems(pairs: dict) -> list[tuple[object, str]]:
    """(unit, code) for each rule broken: "self", "mutual", "twice" (inspected by two)."""
    problems, seen = [], {}
    for inspector, target in pairs.items():
        if target is None:
            continue
        if inspector == target:
            problems.append((inspector, "self"))
        elif pairs.get(target) == inspector:
            problems.append((inspector, "mutual"))
        if target in seen:
            problems.append((inspector, "twice"))
        seen[target] = inspector
    return problems


# --- the agenda -----------------------------------------------------------------------------
def _minutes(t: datetime.time) -> int:
    return t.hour * 60 + t.minute


def agenda_overflows(items, units: int) -> list[tuple[object, int, int]]:
    """(item, minutes needed, minutes available) for each item with a per-unit time whose slot is
    too short for the day's units: four units × 10 minutes in 08:00-08:30."""
    result = []
    for item in items:
        if item.minutes_per_unit and item.end is not None:
            needed, available = item.minutes_per_unit * units, _minutes(item.end) - _minutes(item.start)
            if needed > available:
                result.append((item, needed, available))
    return result
