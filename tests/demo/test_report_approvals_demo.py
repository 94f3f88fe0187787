"""load_demo: the plan whose reports are approved level by level has a report at each level."""

import pytest
from django.core.management import call_command

from approvals.models import Case
from demo.report_approvals import RETURN_REASON, demo_plan
from reports.approval.selectors import report_waiting_level

pytestmark = pytest.mark.django_db


def test_demo_reports_wait_at_different_levels():
    call_command("load_demo", force=True)
    duty = demo_plan().duties.get()
    assert duty.approval_tiers == ["district", "province"]
    subs = list(duty.submissions.select_related("committee").order_by("committee__sort_name"))
    assert [s.committee.code for s in subs] == [f"soctrang-tp-p{i}" for i in (1, 2, 3, 4)]
    waiting = [report_waiting_level(s) for s in subs]
    assert [w.committee.code if w else None for w in waiting] == ["soctrang-tp", "soctrang", None, None]
    assert [s.state for s in subs] == ["submitted", "submitted", "returned", "accepted"]
    assert subs[2].return_reason == RETURN_REASON
    assert Case.objects.get(pk=subs[3].approval_case_id).is_locked
