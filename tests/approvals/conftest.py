"""The pilot congress dossier of plan 380/KH-MTTQ-BTT (Sóc Trăng) on the test tree: ward A1 sends
its four documents up a chain of three levels: its Party committee (outside the Front, recorded by
the ward), the standing committee of city A, then the province's. Deadlines: the ward sends by
05/12/2023, approval by 10/12/2023 (a Sunday)."""

from types import SimpleNamespace

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import services
from approvals.models import Case
from approvals.services import ItemSpec, StepSpec
from committees.models import Membership
from tests.conftest import local_dt, make_committee, make_user

ITEMS = [
    ItemSpec("chuong-trinh", "Dự kiến chương trình Đại hội"),
    ItemSpec("dai-bieu", "Báo cáo tổng hợp đại biểu chính thức dự Đại hội, khách mời"),
    ItemSpec("bao-cao", "Dự thảo báo cáo tổng kết nhiệm kỳ, chương trình hành động nhiệm kỳ mới"),
    ItemSpec("de-an", "Đề án nhân sự và danh sách trích ngang Ủy ban MTTQ khóa mới"),
    ItemSpec("khac", "Tài liệu khác", required=False),
]
REQUIRED = [i.key for i in ITEMS if i.required]
SENT_AT = local_dt(2023, 12, 4, 9, 0)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def minutes_file(name="bien-ban-hop.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def people(tree, personas):
    """The personas of tests/conftest.py, plus the province's standing committee and a reviewer
    of another province."""
    R = Membership.Role
    other_province = make_committee("tinh-khac", "Tỉnh Khác", "Tỉnh")
    return SimpleNamespace(
        **vars(personas),
        province_reviewer=make_user("btt_tinh", tree.province, R.STANDING),
        other_province_reviewer=make_user("btt_tinh_khac", other_province, R.STANDING),
    )


def open_case(tree, owner_key="congress:1", subject=None):
    return services.case_open(
        subject=subject or tree.ward_a1,
        owner_key=owner_key,
        title="Hồ sơ duyệt Đại hội điểm MTTQ Phường A1 nhiệm kỳ 2024-2029",
        link="/dai-hoi/1/",
        steps=[
            StepSpec("Đảng ủy Phường A1"),
            StepSpec("Ban Thường trực Ủy ban MTTQ thành phố A", tree.city_a),
            StepSpec("Ban Thường trực Ủy ban MTTQ tỉnh", tree.province),
        ],
        items=ITEMS,
        submit_deadline=local_dt(2023, 12, 5, 17, 0),
        approve_deadline=local_dt(2023, 12, 10, 17, 0),
    )


@pytest.fixture
def case(tree, people) -> Case:
    with time_machine.travel(local_dt(2023, 11, 20, 8, 0), tick=False):
        return open_case(tree)


def submit(case, by, keys=REQUIRED):
    for key in keys:
        services.item_submit(case=case, key=key, link=f"/dai-hoi/1/tai-lieu/{key}/", by=by)


def steps(case):
    return list(case.steps.order_by("position"))


def approve_all(case, step, by, meeting=None):
    for item in case.items.filter(version__gt=0):
        services.decision_record(case=case, step=step, key=item.key, outcome="approved", by=by, meeting=meeting)


def party_meeting(case, by, held_on=None):
    return services.meeting_record(
        case=case,
        step=steps(case)[0],
        held_on=held_on or local_dt(2023, 12, 4).date(),
        conclusions="Ban Thường vụ Đảng ủy thống nhất nội dung, chương trình Đại hội.",
        minutes=minutes_file(),
        by=by,
    )


@pytest.fixture
def sent(case, people):
    """The four required documents submitted and the dossier sent on 04/12/2023 09:00."""
    with time_machine.travel(SENT_AT, tick=False):
        submit(case, people.officer)
        services.case_send(case=case, by=people.officer)
    case.refresh_from_db()
    return case


@pytest.fixture
def at_city(sent, people):
    """The Party committee's approval recorded by the ward on 04/12/2023 15:00: the dossier is at city A."""
    with time_machine.travel(local_dt(2023, 12, 4, 15, 0), tick=False):
        meeting = party_meeting(sent, people.officer)
        approve_all(sent, steps(sent)[0], people.officer, meeting)
    sent.refresh_from_db()
    return sent
