"""The last level reopens an approved dossier with a reason (case_unlock)."""

import pytest

from approvals import services
from approvals.selectors import RETURNED, case_state
from approvals.services import ApprovalError
from outbox.models import Email

from .conftest import approve_all, steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(at_city, people):
    approve_all(at_city, steps(at_city)[1], people.reviewer)
    approve_all(at_city, steps(at_city)[2], people.province_reviewer)
    at_city.refresh_from_db()
    assert at_city.is_locked
    return at_city


def test_last_level_unlocks_with_a_reason_and_documents_wait_there_again(locked, people):
    services.case_unlock(case=locked, by=people.province_reviewer, reason="Bổ sung chữ ký vào đề án.")
    locked.refresh_from_db()
    state = case_state(locked)
    assert not locked.is_locked and state.waiting_on_unit and state.current_step.position == 3
    assert {i.status for i in state.items if i.item.is_submitted} == {RETURNED}
    assert all(i.comment == "Bổ sung chữ ký vào đề án." for i in state.items if i.item.is_submitted)
    assert Email.objects.filter(kind="approvals-unlocked", to="canbo_a1@mttq.example").count() == 1

    services.item_submit(case=locked, key="de-an", link="/dai-hoi/1/tai-lieu/de-an/", by=people.officer)
    state = case_state(locked)
    de_an = next(i for i in state.items if i.item.key == "de-an")
    assert de_an.status == "submitted" and de_an.step.position == 3


@pytest.mark.parametrize("who", ["reviewer", "officer", "other_province_reviewer"])
def test_only_the_last_level_unlocks(locked, people, who):
    with pytest.raises(ApprovalError) as exc:
        services.case_unlock(case=locked, by=getattr(people, who), reason="Mở lại")
    assert exc.value.code == "wrong_level"
    locked.refresh_from_db()
    assert locked.is_locked


def test_unlock_needs_a_reason_and_a_locked_case(at_city, locked, people):
    with pytest.raises(ApprovalError) as exc:
        services.case_unlock(case=locked, by=people.province_reviewer, reason="  ")
    assert exc.value.message_dict == {"reason": ["Hãy ghi lý do mở khóa."]}
    services.case_unlock(case=locked, by=people.province_reviewer, reason="Bổ sung")
    with pytest.raises(ApprovalError) as exc:
        services.case_unlock(case=locked, by=people.province_reviewer, reason="Lần nữa")
    assert exc.value.code == "not_locked"
