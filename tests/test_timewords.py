import pytest

from lib.timewords import time_left_words
from tests.conftest import local_dt

DEADLINE = local_dt(2022, 6, 14, 23, 59, 59)


@pytest.mark.parametrize(
    ("now", "words"),
    [
        (local_dt(2022, 6, 11, 9, 0), "còn 3 ngày"),
        (local_dt(2022, 6, 13, 23, 0), "còn 1 ngày"),
        (local_dt(2022, 6, 14, 8, 0), "còn 15 giờ (hạn cuối hôm nay)"),
        (local_dt(2022, 6, 14, 23, 30), "còn dưới 1 giờ"),
        (local_dt(2022, 6, 15, 3, 0), "quá hạn 1 ngày"),
        (local_dt(2022, 6, 16, 10, 0), "quá hạn 2 ngày"),
    ],
)
def test_time_left_in_plain_words(now, words):
    assert time_left_words(DEADLINE, now) == words


def test_same_day_past_deadline_counts_hours():
    assert time_left_words(local_dt(2022, 6, 14, 12, 0), local_dt(2022, 6, 14, 15, 30)) == "quá hạn 3 giờ"
