"""A small province for congress tests: province P with city A (wards A1, A2, A3) and district D
(communes D1, D2); another province Q with ward Q1. Personas: the province's standing committee,
city A's, ward A1's officer, ward A2's officer, Q's standing committee, an anonymous visitor."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from tests.conftest import make_committee, make_user


@pytest.fixture
def st(db):
    from committees.models import Membership

    R = Membership.Role
    province = make_committee("p", "Ủy ban MTTQ tỉnh P", "Tỉnh")
    city = make_committee("p-a", "Ủy ban MTTQ thành phố A", "Thành phố", province)
    wards = [make_committee(f"p-a-{i}", f"Ủy ban MTTQ Phường A{i}", "Phường", city) for i in (1, 2, 3)]
    district = make_committee("p-d", "Ủy ban MTTQ huyện D", "Huyện", province)
    communes = [make_committee(f"p-d-{i}", f"Ủy ban MTTQ xã D{i}", "Xã", district) for i in (1, 2)]
    other = make_committee("q", "Ủy ban MTTQ tỉnh Q", "Tỉnh")
    other_ward = make_committee(
        "q-1", "Ủy ban MTTQ Phường Q1", "Phường", make_committee("q-c", "Ủy ban MTTQ thành phố Q", "Thành phố", other)
    )
    return SimpleNamespace(
        province=province,
        city=city,
        ward=wards[0],
        ward2=wards[1],
        ward3=wards[2],
        district=district,
        commune=communes[0],
        commune2=communes[1],
        other=other,
        other_ward=other_ward,
        province_btt=make_user("btt_p", province, R.STANDING),
        city_btt=make_user("btt_pa", city, R.STANDING),
        district_btt=make_user("btt_pd", district, R.STANDING),
        officer=make_user("cb_a1", wards[0], R.OFFICER),
        other_officer=make_user("cb_a2", wards[1], R.OFFICER),
        other_province_btt=make_user("btt_q", other, R.STANDING),
        other_province_officer=make_user("cb_q1", other_ward, R.OFFICER),
    )


@pytest.fixture
def round24(st):
    from congresses.rounds.services import round_create

    return round_create(
        committee=st.province, title="Đại hội điểm nhiệm kỳ 2024-2029", preset="2024-2029", by=st.province_btt
    )


@pytest.fixture
def round25(st):
    from congresses.rounds.services import round_create

    return round_create(
        committee=st.province, title="Đại hội nhiệm kỳ 2025-2030", preset="2025-2030", by=st.province_btt
    )


def answer_all(candidate, met=True, by=None):
    from congresses.rounds.services import answer_set

    for criterion in candidate.round.criteria.all():
        answer_set(
            candidate=candidate,
            criterion=criterion,
            met=met,
            evidence="Theo báo cáo năm 2023",
            by=by,
            override_reason="Kết quả năm sau đã cải thiện",
        )


@pytest.fixture
def pilot(st, round24):
    """Ward A1 chosen as city A's commune pilot in the 2024 round."""
    from congresses.rounds.services import candidate_add, pilot_choose

    candidate = candidate_add(round=round24, committee=st.ward, by=st.province_btt)
    answer_all(candidate, by=st.province_btt)
    return pilot_choose(candidate=candidate, reason="Đủ năm tiêu chí, địa bàn trung tâm", by=st.province_btt)


def classification(strong=True, band="Vững mạnh"):
    import datetime

    from inspections.selectors import UnitClassification

    return UnitClassification(
        committee_id=0,
        band=band,
        strong=strong,
        final_score=Decimal("92.5"),
        rank=2,
        round_title="Kiểm tra năm 2023",
        decided_at=datetime.datetime(2023, 11, 1, tzinfo=datetime.UTC),
        url="/kiem-tra/dot/1/ket-qua/",
    )


# --- the dossier on the approvals chain ------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="tai-lieu.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def upload_all(congress, by):
    from congresses.dossier import services

    for document in congress.round.documents.filter(required=True):
        services.document_upload(congress=congress, key=document.key, upload=pdf(f"{document.key}.pdf"), by=by)


def approve_level(case, by, *, meeting=None, returns=()):
    import datetime

    from approvals import services as approvals
    from approvals.selectors import case_state

    state = case_state(case)
    step = state.current_step
    if step.committee_id is None and meeting is None:
        meeting = approvals.meeting_record(
            case=case,
            step=step,
            held_on=datetime.date(2023, 11, 20),
            conclusions="Thống nhất nội dung",
            minutes=pdf("bien-ban.pdf"),
            by=by,
        )
    for item_state in state.items:
        if item_state.status != "submitted":
            continue  # never submitted, or already decided at this level
        returned = item_state.item.key in returns
        approvals.decision_record(
            case=case,
            step=step,
            key=item_state.item.key,
            outcome="returned" if returned else "approved",
            comment="Bổ sung số liệu nhiệm kỳ" if returned else "",
            by=by,
            meeting=meeting,
        )
    return step


@pytest.fixture
def approved_pilot(st, pilot):
    """The pilot with its seven documents approved by the three levels (dossier locked)."""
    import time_machine

    from congresses.dossier import services
    from tests.conftest import local_dt

    with time_machine.travel(local_dt(2023, 11, 25, 9, 0), tick=False):
        upload_all(pilot, st.officer)
        services.dossier_send(congress=pilot, by=st.officer)
        for by in (st.officer, st.city_btt, st.province_btt):
            approve_level(pilot.case, by)
    pilot.case.refresh_from_db()
    return pilot
