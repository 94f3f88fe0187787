"""Days off in Vietnam, to warn when a deadline falls on one (10/12/2023 is a Sunday)."""

import datetime

from django.utils.translation import gettext as _

_FIXED = {
    (1, 1): "Tết Dương lịch",
    (4, 30): "Ngày Giải phóng miền Nam",
    (5, 1): "Quốc tế Lao động",
    (9, 2): "Quốc khánh",
}
# Lunar holidays (Tết Nguyên đán, Giỗ Tổ Hùng Vương) and the extra National Day, by year.
_LUNAR = {
    2023: [
        ("2023-01-20", "2023-01-26", "Tết Nguyên đán"),
        ("2023-04-29", "2023-04-29", "Giỗ Tổ Hùng Vương"),
        ("2023-09-01", "2023-09-01", "Quốc khánh"),
    ],
    2024: [
        ("2024-02-08", "2024-02-14", "Tết Nguyên đán"),
        ("2024-04-18", "2024-04-18", "Giỗ Tổ Hùng Vương"),
        ("2024-09-03", "2024-09-03", "Quốc khánh"),
    ],
    2025: [
        ("2025-01-25", "2025-02-02", "Tết Nguyên đán"),
        ("2025-04-07", "2025-04-07", "Giỗ Tổ Hùng Vương"),
        ("2025-09-01", "2025-09-01", "Quốc khánh"),
    ],
    2026: [
        ("2026-02-14", "2026-02-22", "Tết Nguyên đán"),
        ("2026-04-26", "2026-04-27", "Giỗ Tổ Hùng Vương"),
        ("2026-09-01", "2026-09-01", "Quốc khánh"),
    ],
}


def holiday_name(day: datetime.date) -> str:
    """The public holiday on `day`, "" when it is a working day as far as holidays go."""
    if (day.month, day.day) in _FIXED:
        return _FIXED[(day.month, day.day)]
    for start, end, name in _LUNAR.get(day.year, []):
        if datetime.date.fromisoformat(start) <= day <= datetime.date.fromisoformat(end):
            return name
    return ""


def day_off_warning(day: datetime.date | None) -> str:
    """A Vietnamese warning when `day` is a Saturday, a Sunday or a public holiday; "" otherwise."""
    if day is None:
        return ""
    holiday = holiday_name(day)
    if holiday:
        return _("Ngày %(d)s là ngày nghỉ lễ (%(h)s).") % {"d": day.strftime("%d/%m/%Y"), "h": holiday}
    if day.weekday() == 5:
        return _("Ngày %(d)s là thứ Bảy.") % {"d": day.strftime("%d/%m/%Y")}
    if day.weekday() == 6:
        return _("Ngày %(d)s là Chủ nhật.") % {"d": day.strftime("%d/%m/%Y")}
    return ""
