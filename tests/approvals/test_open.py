"""case_open: set by the owning app per round and level; idempotent on owner_key."""

import pytest

from approvals import services
from approvals.models import Case, Item
from approvals.services import ApprovalError, ItemSpec, StepSpec
from tests.conftest import local_dt

from .conftest import ITEMS, open_case, submit

pytestmark = pytest.mark.django_db


def test_open_stores_the_chain_items_and_both_deadlines(case, tree):
    assert [(s.position, s.label, s.committee) for s in case.steps.all()] == [
        (1, "Đảng ủy Phường A1", None),
        (2, "Ban Thường trực Ủy ban MTTQ thành phố A", tree.city_a),
        (3, "Ban Thường trực Ủy ban MTTQ tỉnh", tree.province),
    ]
    assert list(case.items.values_list("key", "position", "required", "version")) == [
        (spec.key, n, spec.required, 0) for n, spec in enumerate(ITEMS, 1)
    ]
    assert case.submit_deadline == local_dt(2023, 12, 5, 17, 0) and case.approve_deadline == local_dt(
        2023, 12, 10, 17, 0
    )


def test_open_again_returns_the_same_case_and_keeps_what_was_submitted(case, tree, people):
    submit(case, people.officer, keys=["chuong-trinh"])
    again = services.case_open(
        subject=tree.ward_a1,
        owner_key="congress:1",
        title="Hồ sơ (sửa tên)",
        link="/dai-hoi/1/",
        steps=[StepSpec("Đảng ủy Phường A1"), StepSpec("Ban Thường trực Ủy ban MTTQ tỉnh", tree.province)],
        items=[ItemSpec("chuong-trinh", "Chương trình Đại hội"), ItemSpec("de-an", "Đề án nhân sự")],
    )
    assert again.pk == case.pk and Case.objects.count() == 1
    assert again.title == "Hồ sơ (sửa tên)" and again.steps.count() == 2
    kept = Item.objects.get(case=case, key="chuong-trinh")
    assert kept.version == 1 and kept.label == "Chương trình Đại hội"
    assert list(case.items.values_list("key", flat=True)) == ["chuong-trinh", "de-an"]


def test_once_sent_the_chain_and_documents_are_fixed(sent, tree):
    with pytest.raises(ApprovalError, match="không đổi được các cấp phê duyệt"):
        services.case_open(
            subject=tree.ward_a1,
            owner_key="congress:1",
            title=sent.title,
            steps=[StepSpec("Ban Thường trực Ủy ban MTTQ tỉnh", tree.province)],
            items=ITEMS,
        )
    with pytest.raises(ApprovalError, match="không thêm, bớt tài liệu được"):
        services.case_open(
            subject=tree.ward_a1,
            owner_key="congress:1",
            title=sent.title,
            steps=[StepSpec(s.label, s.committee) for s in sent.steps.all()],
            items=ITEMS[:3],
        )
    # Deadlines may still move (an extension) and the same specs are a no-op.
    same = open_case(tree)
    assert same.pk == sent.pk and same.steps.count() == 3


def test_the_owner_key_belongs_to_one_unit(case, tree):
    with pytest.raises(ApprovalError, match="đã dùng cho đơn vị khác"):
        open_case(tree, subject=tree.ward_a2)


@pytest.mark.parametrize(
    "steps, items, message",
    [
        ([], ITEMS, "ít nhất một cấp phê duyệt"),
        ([StepSpec("Đảng ủy")], [], "ít nhất một tài liệu"),
        ([StepSpec("Đảng ủy")], [ItemSpec("a", "A"), ItemSpec("a", "A2")], "Mã tài liệu bị trùng: a."),
    ],
)
def test_bad_specs_are_refused(tree, people, steps, items, message):
    with pytest.raises(ApprovalError, match=message):
        services.case_open(subject=tree.ward_a1, owner_key="x:1", title="X", steps=steps, items=items)
    assert not Case.objects.exists()


def test_the_approval_deadline_comes_after_the_sending_deadline(tree, people):
    with pytest.raises(ApprovalError) as exc:
        services.case_open(
            subject=tree.ward_a1,
            owner_key="x:1",
            title="X",
            steps=[StepSpec("Đảng ủy")],
            items=ITEMS,
            submit_deadline=local_dt(2023, 12, 10, 17, 0),
            approve_deadline=local_dt(2023, 12, 5, 17, 0),
        )
    assert exc.value.message_dict == {"approve_deadline": ["Hạn phê duyệt phải sau hạn đơn vị gửi hồ sơ."]}
