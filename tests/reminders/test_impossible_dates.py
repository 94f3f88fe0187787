"""A deadline of 31/12/9999 is refused where it is typed; one already stored (or an extension of
that kind) never stops the sweep for the other committees."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from reminders.models import Reminder
from reminders.sweep import reminders_sweep
from reports.duties.services import duty_save, extension_grant, local_deadline
from reports.models import Submission
from tests.conftest import local_dt

pytestmark = pytest.mark.django_db
TODAY = local_dt(2022, 6, 7, 7, 45)  # 7 days before the fixture's deadline of 14/6/2022


@time_machine.travel(TODAY, tick=False)
def test_a_deadline_of_year_9999_is_refused_with_a_vietnamese_message(issued_plan, personas):
    plan = issued_plan.plan
    plan.state = plan.State.DRAFT
    plan.save(update_fields=["state"])
    with pytest.raises(ValidationError) as err:
        duty_save(
            plan=plan,
            by=personas.reviewer,
            duty=issued_plan.duty,
            outline=issued_plan.outline,
            title=issued_plan.duty.title,
            deadline=local_deadline(datetime.date(9999, 12, 31)),
        )
    assert "quá xa" in " ".join(err.value.messages) and "01/01/2028" in " ".join(err.value.messages)


@time_machine.travel(TODAY, tick=False)
def test_an_extension_to_year_9999_is_refused(issued_plan, personas):
    with pytest.raises(ValidationError) as err:
        extension_grant(
            submission=issued_plan.sub_a1,
            new_deadline=local_deadline(datetime.date(9999, 12, 31)),
            reason="Nhầm năm",
            by=personas.reviewer,
        )
    assert "quá xa" in " ".join(err.value.messages)


def test_one_stored_impossible_deadline_does_not_stop_the_sweep(issued_plan):
    far = local_deadline(datetime.date(9999, 12, 31))
    Submission.objects.filter(pk=issued_plan.sub_a1.pk).update(extended_deadline=far)  # written before the rule
    reminders_sweep(now=TODAY)
    reminded = set(Reminder.objects.values_list("duty_key", flat=True))
    assert f"report-submission:{issued_plan.sub_a2.pk}" in reminded  # the others are reminded
    assert f"report-submission:{issued_plan.sub_a1.pk}" not in reminded
