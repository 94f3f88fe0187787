"""Names match across old and new accent placement, NFC/NFD and case (seed 002 writes "Hoà Hương")."""

import unicodedata

import pytest

from committees.models import Committee
from committees.selectors import committees_named
from lib.vnsort import fold_name, same_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hoà Hương", "Hòa Hương"),
        ("Phước Hoà", "PHƯỚC HÒA"),
        ("Thuỷ", "Thủy"),
        ("Thủy", unicodedata.normalize("NFD", "Thuỷ")),
        ("  An   Phú ", "An Phú"),
    ],
)
def test_two_spellings_of_one_name_are_the_same(a, b):
    assert same_name(a, b)


@pytest.mark.parametrize(("a", "b"), [("Hoà", "Hoa"), ("Hòa", "Hóa"), ("An Phú", "An Phù"), ("Tam Thanh", "Tam Thăng")])
def test_different_names_stay_different(a, b):
    assert not same_name(a, b)


def test_fold_name_puts_the_tone_after_the_letters():
    assert fold_name("Hoà Hương") == "hoa1 hương"


@pytest.mark.django_db
def test_committees_named_finds_a_ward_by_its_short_name_in_either_spelling():
    city = Committee.objects.create(name="Ủy ban MTTQ Việt Nam thành phố Tam Kỳ", level="Thành phố", code="tk")
    ward = Committee.objects.create(
        name="Ủy ban MTTQ Việt Nam phường Hòa Hương", level="Phường", code="hh", parent=city
    )
    Committee.objects.create(name="Ủy ban MTTQ Việt Nam phường Hòa Thuận", level="Phường", code="ht", parent=city)
    other = Committee.objects.create(name="Ủy ban MTTQ Việt Nam tỉnh Khác", level="Tỉnh", code="k")
    Committee.objects.create(name="Ủy ban MTTQ Việt Nam phường Hoà Hương", level="Phường", code="hh2", parent=other)

    assert committees_named("Hoà Hương", among=city.descendants()) == [ward]
    assert committees_named(unicodedata.normalize("NFD", "HOÀ HƯƠNG"), among=city.descendants()) == [ward]
    assert len(committees_named("Hoà Hương")) == 2
    assert committees_named("Hương", among=city.descendants()) == [ward]
    assert committees_named("", among=city.descendants()) == []
