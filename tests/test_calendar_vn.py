"""lib.calendar_vn: weekends and Vietnamese public holidays, to warn about a deadline on a day off."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from lib.calendar_vn import LUNAR_NEW_YEAR, day_off_warning, holiday_name, holidays, is_day_off, is_weekend


def test_the_pilot_dossier_deadline_is_a_sunday():
    assert is_weekend(date(2023, 12, 10)) and is_day_off(date(2023, 12, 10))
    assert day_off_warning(date(2023, 12, 10)) == "10/12/2023 là Chủ nhật."
    assert day_off_warning(date(2023, 12, 9)) == "09/12/2023 là thứ Bảy."
    assert day_off_warning(date(2023, 12, 8)) is None


def test_a_datetime_is_read_in_vietnam_time():
    # 23:30 UTC on Friday 08/12 is 06:30 on Saturday 09/12 in Hồ Chí Minh City.
    assert day_off_warning(datetime(2023, 12, 8, 23, 30, tzinfo=ZoneInfo("UTC"))) == "09/12/2023 là thứ Bảy."


@pytest.mark.parametrize(
    "day, name",
    [
        (date(2024, 1, 1), "Tết Dương lịch"),
        (date(2024, 4, 30), "Ngày Chiến thắng"),
        (date(2024, 5, 1), "Ngày Quốc tế Lao động"),
        (date(2024, 9, 2), "Quốc khánh"),
        (date(2024, 9, 3), "Nghỉ Quốc khánh"),
        (date(2024, 4, 18), "Giỗ Tổ Hùng Vương"),  # 10/3 Giáp Thìn
        (date(2024, 2, 10), "Tết Nguyên đán"),  # mùng 1 Tết Giáp Thìn
        (date(2024, 2, 9), "Tết Nguyên đán"),  # the last day of Quý Mão
        (date(2025, 1, 29), "Tết Nguyên đán"),
        (date(2031, 4, 1), "Giỗ Tổ Hùng Vương"),
    ],
)
def test_public_holidays(day, name):
    assert holiday_name(day) == name


def test_2023_holidays_on_a_weekend_give_the_next_working_day_off():
    # 29/4 (Hùng Kings, Saturday) and 30/4 (Sunday): 2/5 and 3/5 off, as the offices did.
    assert holiday_name(date(2023, 5, 2)) == "Nghỉ bù Giỗ Tổ Hùng Vương"
    assert holiday_name(date(2023, 5, 3)) == "Nghỉ bù Ngày Chiến thắng"
    assert holiday_name(date(2023, 9, 4)) == "Nghỉ bù Quốc khánh"  # 2/9/2023 was a Saturday
    assert holiday_name(date(2023, 5, 4)) is None


def test_an_unknown_choice_of_the_day_next_to_national_day_is_said_to_be_possible():
    assert "1/9 hoặc 3/9" in holiday_name(date(2027, 9, 1)) and "1/9 hoặc 3/9" in holiday_name(date(2027, 9, 3))
    assert holiday_name(date(2025, 9, 3)) is None  # 2025: 1/9 was chosen


def test_tet_is_five_days_and_the_lunar_table_is_in_order():
    assert sum(1 for name in holidays(2026).values() if name == "Tết Nguyên đán") == 5
    assert all(date(y, 1, 20) <= d <= date(y, 2, 20) for y, d in LUNAR_NEW_YEAR.items())
    assert sorted(LUNAR_NEW_YEAR) == list(range(2023, 2032))


def test_outside_the_table_only_solar_holidays_are_known():
    assert holiday_name(date(2035, 4, 30)) == "Ngày Chiến thắng"
    assert "Tết Nguyên đán" not in holidays(2035).values()


def test_holiday_warning_names_the_holiday():
    assert day_off_warning(date(2024, 4, 30)) == "30/04/2024 là ngày nghỉ lễ (Ngày Chiến thắng)."
