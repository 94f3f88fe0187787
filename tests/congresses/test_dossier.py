"""The dossier on the approvals chain: the chain per round and level, documents with versions,
sending, level-by-level approval with a return that reopens one document, locking, bad input,
reminders, access."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import services as approvals
from approvals.selectors import case_state
from congresses.dossier import services
from congresses.dossier.selectors import dossier_locked
from congresses.models import DocumentVersion
from congresses.reminders import open_congress_duties
from congresses.rounds.services import congress_open
from congresses.shortlist import services as shortlist
from tests.conftest import local_dt
from tests.congresses.conftest import approve_level, pdf, upload_all
from tests.congresses.test_shortlist import ROW


@pytest.fixture
def frozen():
    with time_machine.travel(local_dt(2023, 11, 25, 9, 0), tick=False):
        yield


def test_chain_of_a_2024_commune_pilot_binds_the_levels(st, pilot):
    steps = list(pilot.case.steps.order_by("position"))
    assert [s.committee_id for s in steps] == [None, st.city.pk, st.province.pk]
    assert "Đảng ủy" in steps[0].label
    assert pilot.case.approve_deadline.date() == datetime.date(2023, 12, 10)
    assert pilot.case.items.filter(required=True).count() == 7


def test_chain_of_the_2025_round_has_two_levels(st, round25):
    congress = congress_open(round=round25, committee=st.ward)
    assert [s.committee_id for s in congress.case.steps.order_by("position")] == [None, st.province.pk]


def test_sending_with_a_document_missing_is_refused_with_its_name(st, pilot, frozen):
    services.document_upload(congress=pilot, key="programme", upload=pdf(), by=st.officer)
    with pytest.raises(ValidationError) as exc:
        services.dossier_send(congress=pilot, by=st.officer)
    assert "Danh sách trích ngang" in str(exc.value)
    pilot.case.refresh_from_db()
    assert not pilot.case.is_sent


def test_a_file_that_is_not_a_document_is_refused(st, pilot):
    with pytest.raises(ValidationError) as exc:
        services.document_upload(
            congress=pilot, key="programme", upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00"), by=st.officer
        )
    assert "không đúng loại" in str(exc.value)
    assert not DocumentVersion.objects.exists()


def test_full_chain_with_a_return_and_locking(st, pilot, frozen):
    from committees.models import Membership
    from tests.conftest import make_user

    shortlist.nominee_save(congress=pilot, raw=ROW)
    upload_all(pilot, st.officer)
    services.document_upload(congress=pilot, key="programme", upload=pdf("chuong-trinh-2.pdf"), by=st.officer)
    assert DocumentVersion.objects.filter(congress=pilot, key="programme").count() == 2
    services.dossier_send(congress=pilot, by=st.officer)
    case = pilot.case
    # the city cannot decide before the ward's Party committee (out of turn)
    with pytest.raises(ValidationError):
        approvals.decision_record(
            case=case, step=case.steps.get(position=2), key="programme", outcome="approved", by=st.city_btt
        )
    # a level not in the chain (another province) cannot decide
    with pytest.raises(ValidationError):
        approvals.decision_record(
            case=case, step=case.steps.get(position=1), key="programme", outcome="approved", by=st.other_province_btt
        )
    approve_level(case, st.officer)  # the Party committee's decision, recorded by the unit
    assert case_state(case).current_step.committee_id == st.city.pk
    approve_level(case, st.city_btt, returns=("term_report",))
    state = case_state(case)
    assert state.waiting_on_unit and [i.item.key for i in state.items if i.status == "returned"] == ["term_report"]
    # the returned document reopens alone: the others stay approved
    with pytest.raises(ValidationError):
        services.document_upload(congress=pilot, key="programme", upload=pdf(), by=st.officer)
    services.document_upload(congress=pilot, key="term_report", upload=pdf("bao-cao-v2.pdf"), by=st.officer)
    approve_level(case, st.city_btt)
    assert case_state(case).current_step.committee_id == st.province.pk
    assert not dossier_locked(pilot)
    approve_level(case, st.province_btt)
    pilot.case.refresh_from_db()
    assert dossier_locked(pilot)
    # a locked dossier: no new version, no change to the short list
    with pytest.raises(ValidationError):
        services.document_upload(congress=pilot, key="term_report", upload=pdf(), by=st.officer)
    with pytest.raises(ValidationError):
        shortlist.nominee_save(congress=pilot, raw={**ROW, "full_name": "Người Mới Thêm"})
    assert make_user and Membership  # helpers imported for other tests


def test_reminders_chase_the_unit_then_the_level(st, pilot, frozen):
    duties = open_congress_duties()
    assert [(d.committee, d.key) for d in duties] == [(st.ward, f"congress-send:{pilot.pk}:0")]
    assert "thiếu 7" in duties[0].note and "cb_a1@mttq.example" in duties[0].addresses
    assert duties[0].action == "submit"  # reminders.registry: worded "Nhắc hạn"
    upload_all(pilot, st.officer)
    services.dossier_send(congress=pilot, by=st.officer)
    # at the Party committee: the unit records it, so the unit is chased
    assert [d.committee for d in open_congress_duties()] == [st.ward]
    approve_level(pilot.case, st.officer)
    duties = open_congress_duties()
    assert [d.committee for d in duties] == [st.city] and "btt_pa@mttq.example" in duties[0].addresses
    assert duties[0].deadline.date() == datetime.date(2023, 12, 10)
    assert duties[0].action == "decide"  # worded "Nhắc phê duyệt", listed "chờ phê duyệt" in the digest
    assert open_congress_duties(scope_key="plan:1") == []
    assert open_congress_duties(standing_committee_id=st.other.pk) == []


def test_dossier_pages_access(st, pilot, client_as, frozen):
    url = f"/dai-hoi/don-vi/{pilot.pk}/ho-so/programme/tai-len/"
    assert client_as(st.other_officer).post(url, {"file": pdf()}).status_code == 404
    assert client_as(st.city_btt).post(url, {"file": pdf()}).status_code == 404
    assert client_as(None).post(url, {"file": pdf()}).status_code == 302
    assert client_as(st.officer).post(url, {"file": pdf()}).status_code == 302
    version = DocumentVersion.objects.get()
    download = f"/dai-hoi/tai-lieu/{version.pk}/"
    assert client_as(st.officer).get(download).status_code == 200
    assert client_as(st.city_btt).get(download).status_code == 200  # a level of the chain reads it
    assert client_as(st.other_officer).get(download).status_code == 404
    assert client_as(st.other_province_btt).get(download).status_code == 404
    page = client_as(st.officer).get(f"/dai-hoi/don-vi/{pilot.pk}/").content.decode()
    assert "10/12/2023 là Chủ nhật" in page
    send = client_as(st.officer).post(f"/dai-hoi/don-vi/{pilot.pk}/ho-so/gui/", follow=True).content.decode()
    assert "còn thiếu tài liệu bắt buộc" in send
    assert client_as(st.other_officer).post(f"/dai-hoi/don-vi/{pilot.pk}/ho-so/gui/").status_code == 404


def test_the_page_offers_a_new_version_only_where_the_chain_takes_one(st, pilot, client_as, frozen):
    upload_all(pilot, st.officer)
    page = client_as(st.officer).get(f"/dai-hoi/don-vi/{pilot.pk}/").content.decode()
    assert page.count("/tai-len/") == 10  # before sending: every document
    services.dossier_send(congress=pilot, by=st.officer)
    approve_level(pilot.case, st.officer)
    approve_level(pilot.case, st.city_btt, returns=("term_report",))
    page = client_as(st.officer).get(f"/dai-hoi/don-vi/{pilot.pk}/").content.decode()
    assert page.count("/tai-len/") == 1 and "/ho-so/term_report/tai-len/" in page
