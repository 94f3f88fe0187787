"""Days off in Vietnam, to warn someone who sets a deadline or a meeting on one (10/12/2023, the
pilot dossiers' deadline in plan 380/KH-MTTQ-BTT, is a Sunday).

What is known here, and what is not:
- Saturday and Sunday (the offices of the Front work Monday to Friday).
- The public holidays of the Labour Code 2019, Article 112: 1/1; Tết (5 days); Hùng Kings'
  day (10/3 lunar); 30/4; 1/5; 2/9 and one day next to it.
- Lunar dates come from a table for 2023-2031 (LUNAR_NEW_YEAR, HUNG_KINGS; checked against the
  lunardate package's calendar and published Vietnamese calendars); outside those years only
  the solar holidays are known.
- Tết is taken as the last day of the lunar year and the first four days of the new one. The
  Prime Minister fixes the exact five days each year (and may swap working days around them):
  those yearly decisions are not modelled.
- The day next to 2/9 is chosen each year (1/9 or 3/9): known for 2023-2025; for other years
  both are reported as possible.
- A holiday falling on a Saturday or Sunday gives a compensating day off on the next working day
  (Labour Code Art. 111.3); this is applied to every holiday but Tết (already arranged yearly).
"""

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

LUNAR_NEW_YEAR = {
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
}
HUNG_KINGS = {  # 10th day of the 3rd lunar month
    2023: date(2023, 4, 29),
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
    2029: date(2029, 4, 23),
    2030: date(2030, 4, 12),
    2031: date(2031, 4, 1),
}
NATIONAL_DAY_ADJACENT = {2023: date(2023, 9, 1), 2024: date(2024, 9, 3), 2025: date(2025, 9, 1)}


def _holidays(year: int) -> dict[date, str]:
    """The holidays of `year` before compensation, Tết excluded."""
    days = {
        date(year, 1, 1): _("Tết Dương lịch"),
        date(year, 4, 30): _("Ngày Chiến thắng"),
        date(year, 5, 1): _("Ngày Quốc tế Lao động"),
        date(year, 9, 2): _("Quốc khánh"),
    }
    if year in HUNG_KINGS:
        days[HUNG_KINGS[year]] = _("Giỗ Tổ Hùng Vương")
    if year in NATIONAL_DAY_ADJACENT:
        days[NATIONAL_DAY_ADJACENT[year]] = _("Nghỉ Quốc khánh")
    return days


def _maybe(year: int) -> dict[date, str]:
    """Days that may be off: the day next to 2/9 in a year whose choice is not known here."""
    if year in NATIONAL_DAY_ADJACENT:
        return {}
    name = _("Có thể là ngày nghỉ Quốc khánh (1/9 hoặc 3/9, tùy năm)")
    return {date(year, 9, 1): name, date(year, 9, 3): name}


def _tet(year: int) -> dict[date, str]:
    """The Tết days falling in solar `year` (the lunar year starting in it)."""
    first = LUNAR_NEW_YEAR.get(year)
    if first is None:
        return {}
    return {first + timedelta(days=n): _("Tết Nguyên đán") for n in range(-1, 4)}


def holidays(year: int) -> dict[date, str]:
    """Every public holiday of `year` (see the module docstring for what is known), with the
    compensating days off."""
    fixed = _holidays(year)
    days = {**_maybe(year), **_tet(year), **fixed}
    for day, name in sorted(fixed.items()):
        if day.weekday() >= 5:
            substitute = day + timedelta(days=1)
            while substitute.weekday() >= 5 or substitute in days:
                substitute += timedelta(days=1)
            days[substitute] = _("Nghỉ bù %(name)s") % {"name": name}
    return days


def holiday_name(day: date) -> str | None:
    """The public holiday `day` is, or None."""
    return holidays(day.year).get(day)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def is_day_off(day: date) -> bool:
    return is_weekend(day) or holiday_name(day) is not None


def day_off_warning(value: date | datetime | None) -> str | None:
    """A sentence warning that `value` (a date, or a datetime read in Vietnam's time) falls on a
    weekend or a public holiday, or None for a working day."""
    if value is None:
        return None
    day = timezone.localtime(value).date() if isinstance(value, datetime) else value
    shown = day.strftime("%d/%m/%Y")
    name = holiday_name(day)
    if name:
        return _("%(day)s là ngày nghỉ lễ (%(name)s).") % {"day": shown, "name": name}
    if day.weekday() == 5:
        return _("%(day)s là thứ Bảy.") % {"day": shown}
    if day.weekday() == 6:
        return _("%(day)s là Chủ nhật.") % {"day": shown}
    return None
