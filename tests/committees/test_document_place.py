"""The place of a committee's date line (Decree 30/2020, Phụ lục I): written, or read from its name."""

import pytest

from tests.conftest import make_committee

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "level", "place"),
    [
        ("Ủy ban MTTQ Việt Nam Phường 3", "Phường", "Phường 3"),  # named by a number: in full
        ("Ủy ban MTTQ Việt Nam phường Tân Thạnh", "Phường", "Tân Thạnh"),
        ("Uỷ ban Mặt trận Tổ quốc Việt Nam xã Gia Tân 1", "Xã", "Gia Tân 1"),
        ("Ủy ban MTTQ Việt Nam thị trấn Huỳnh Hữu Nghĩa", "Thị trấn", "Huỳnh Hữu Nghĩa"),
        ("Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng", "Tỉnh", "Sóc Trăng"),
        ("Ủy ban MTTQ Việt Nam quận 10", "Quận", "Quận 10"),
    ],
)
def test_locality_read_from_the_name_when_no_place_is_written(name, level, place):
    committee = make_committee("c", name, level)
    committee.place = ""
    assert committee.document_place == place


def test_a_written_place_wins_and_a_member_organisation_takes_its_front_committees():
    city = make_committee("tp", "Ủy ban MTTQ Việt Nam thành phố Sóc Trăng", "Thành phố")
    org = make_committee("hnd", "Hội Nông dân thành phố Sóc Trăng", "Thành phố", city, kind="member_org")
    org.place = city.place = ""
    org.parent = city
    assert org.document_place == "Sóc Trăng"
    city.place = "TP. Sóc Trăng"
    assert city.document_place == "TP. Sóc Trăng"
