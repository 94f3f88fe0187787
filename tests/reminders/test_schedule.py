"""The schedule of one deadline: 7, 3, 1 days before and the morning of the day at 07:30 local,
then overdue notices every N days up to a limit; only the current step is ever sent."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from reminders.models import ReminderRule
from tests.conftest import local_dt

DEADLINE = local_dt(2022, 6, 14, 23, 59, 59)


def test_default_schedule_of_the_seed_deadline():
    steps = ReminderRule(scope_key="plan:1").steps(DEADLINE)
    assert [(s.name, s.at) for s in steps] == [
        ("before-7d", local_dt(2022, 6, 7, 7, 30)),
        ("before-3d", local_dt(2022, 6, 11, 7, 30)),
        ("before-1d", local_dt(2022, 6, 13, 7, 30)),
        ("day-of", local_dt(2022, 6, 14, 7, 30)),
        ("overdue-1", local_dt(2022, 6, 15, 7, 30)),
        ("overdue-2", local_dt(2022, 6, 18, 7, 30)),
        ("overdue-3", local_dt(2022, 6, 21, 7, 30)),
    ]
    assert steps[-1].until == local_dt(2022, 6, 24, 7, 30)
    assert [s.label for s in steps[:2]] == ["Trước hạn 7 ngày", "Trước hạn 3 ngày"]


def test_only_the_current_step_is_due_never_a_backlog():
    rule = ReminderRule(scope_key="plan:1")
    assert rule.current_step(DEADLINE, local_dt(2022, 6, 7, 7, 29)) is None
    assert rule.current_step(DEADLINE, local_dt(2022, 6, 7, 7, 30)).name == "before-7d"
    assert rule.current_step(DEADLINE, local_dt(2022, 6, 12, 20, 0)).name == "before-3d"
    assert rule.current_step(DEADLINE, local_dt(2022, 6, 23, 0, 0)).name == "overdue-3"
    assert rule.current_step(DEADLINE, local_dt(2022, 6, 24, 7, 30)) is None  # the chase is over
    assert rule.current_step(DEADLINE, local_dt(2025, 1, 1)) is None  # an old plan is not chased for ever


def test_a_deadline_early_in_the_morning_has_no_day_of_step_and_is_overdue_the_same_morning():
    rule = ReminderRule(scope_key="plan:1", days_before="2", overdue_notices=1)
    steps = rule.steps(local_dt(2022, 6, 14, 7, 0))
    assert [(s.name, s.at) for s in steps] == [
        ("before-2d", local_dt(2022, 6, 12, 7, 30)),
        ("overdue-1", local_dt(2022, 6, 14, 7, 30)),
    ]


def test_custom_rule_changes_times_and_limits():
    rule = ReminderRule(
        scope_key="plan:1",
        days_before="5, 2",
        on_the_day=False,
        send_time=time(8, 0),
        overdue_notices=2,
        overdue_every_days=7,
    )
    assert [(s.name, s.at) for s in rule.steps(DEADLINE)] == [
        ("before-5d", local_dt(2022, 6, 9, 8, 0)),
        ("before-2d", local_dt(2022, 6, 12, 8, 0)),
        ("overdue-1", local_dt(2022, 6, 15, 8, 0)),
        ("overdue-2", local_dt(2022, 6, 22, 8, 0)),
    ]


@pytest.mark.parametrize("value", ["7,x", "0", "100", "7;-1"])
def test_bad_days_are_refused_with_a_vietnamese_message(db, value):
    with pytest.raises(ValidationError) as exc:
        ReminderRule(scope_key="plan:1", days_before=value).full_clean()
    assert "cách nhau bởi dấu phẩy" in str(exc.value.message_dict["days_before"])
