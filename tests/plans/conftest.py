"""Fixtures of the plans tests: a draft plan of city A with an outline and a duty for ward A1."""

from types import SimpleNamespace

import pytest

from tests.conftest import local_dt


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    """Queued emails stay rows; the tests send them with emails_send_due()."""
    from outbox import tasks

    monkeypatch.setattr(tasks.send_email, "delay", lambda *args, **kwargs: None)


@pytest.fixture
def draft(tree, personas):
    from plans.services import plan_create
    from reports.duties.services import duty_save
    from reports.outlines.services import outline_create_from_rows

    plan = plan_create(
        committee=tree.city_a,
        by=personas.reviewer,
        title="Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội MTTQVN các cấp nhiệm kỳ 2019 - 2024",
        issued_on=local_dt(2022, 5, 20).date(),
        purpose="1. Đánh giá quá trình thực hiện Nghị quyết.",
        content="1. Nội dung\n- Đánh giá vai trò của Ủy ban MTTQ các cấp.",
        organisation="1. Ban Thường trực thành phố: xây dựng kế hoạch.",
        signer_name="Nguyễn Hồng Hải",
        recipients="BTT Ủy ban MTTQVN tỉnh (B/c)\nLưu VP",
        milestones="Cấp phường: hoàn thành giữa tháng 6/2022 | 15/06/2022",
    )
    outline = outline_create_from_rows(
        committee=tree.city_a,
        by=personas.reviewer,
        title="Đề cương sơ kết",
        rows=[
            {"depth": 0, "label": "I.", "title": "TÌNH HÌNH TRIỂN KHAI"},
            {"depth": 1, "label": "1.", "title": "Công tác triển khai"},
            {"depth": 0, "label": "II.", "title": "KẾT QUẢ", "guidance": "Nêu kết quả nổi bật."},
        ],
    )
    duty = duty_save(
        plan=plan,
        by=personas.reviewer,
        outline=outline,
        title="Báo cáo sơ kết của phường A1",
        deadline=local_dt(2022, 6, 14, 23, 59, 59),
        targets="list",
        committees=[tree.ward_a1],
        page_limit=10,
    )
    return SimpleNamespace(plan=plan, outline=outline, duty=duty)
