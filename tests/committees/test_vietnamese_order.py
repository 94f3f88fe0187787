"""Vietnamese alphabetical order (lib.vnsort): a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư
v x y, tones after the letters, numbers by value; the same in Python, on SQLite and on PostgreSQL
(Committee.sort_name)."""

import unicodedata

import pytest
import time_machine
from django.urls import reverse

from committees.models import Committee
from lib.vnsort import sort_key, sorted_by_name
from tests.conftest import local_dt, make_committee

# Real names, in the order a Vietnamese dictionary gives them.
ORDERED = [
    "An Bình",
    "An Phú",
    "Anh Sơn",
    "Ăn Ý",
    "Ấp Bắc",
    "Bàu Hàm 2",
    "Cà Mau",
    "Dầu Giây",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Đồng Nai",
    "Ea Kar",
    "Gia Kiệm",
    "Gia Tân 1",
    "Gia Tân 3",
    "Hoà Hương",
    "Hội Cựu chiến binh",
    "Hội Liên hiệp Phụ nữ",
    "Hội Nông dân",
    "Liên đoàn Lao động",
    "Long Hưng",
    "Lộ 25",
    "Ô Môn",
    "Phường 2",
    "Phường 10",
    "Sóc Trăng",
    "Tam Thanh",
    "Tam Thăng",
    "Tân Thạnh",
    "Trường Xuân",
    "Uông Bí",
    "Ưng Hoà",
    "Xuân Thạnh",
    "Xuân Thiện",
]


def test_sort_key_gives_the_dictionary_order():
    shuffled = sorted(ORDERED, key=lambda s: s[::-1])
    assert sorted_by_name(shuffled) == ORDERED
    # what Python's own order gets wrong: Đ after Z, Â/Ă/Ư after the plain letters' words, 10 before 2
    assert sorted(ORDERED) != ORDERED


def test_tones_come_after_the_letters_in_dictionary_order():
    assert sorted_by_name(["ạ", "á", "ã", "ả", "à", "a", "ba"]) == ["a", "à", "ả", "ã", "á", "ạ", "ba"]
    assert sort_key("Tam Thanh") < sort_key("Tạm Thanh") < sort_key("Tam Thăng")


def test_accent_placement_and_normal_forms_do_not_change_the_key():
    assert sort_key("Hoà Hương") == sort_key("Hòa Hương")
    assert sort_key("Thuỷ") == sort_key("Thủy")
    assert sort_key(unicodedata.normalize("NFD", "Nguyễn Đức")) == sort_key("Nguyễn Đức")


def test_key_is_plain_digits_so_every_database_orders_it_the_same():
    assert all(sort_key(name).isdigit() for name in ORDERED)


def test_committees_are_ordered_by_sort_name_in_the_database(db):
    for i, name in enumerate(reversed(ORDERED)):
        make_committee(f"c{i}", name, "Xã")
    assert list(Committee.objects.by_name().values_list("name", flat=True)) == ORDERED
    c = Committee.objects.get(name="Phường 10")
    c.name = "Phường 1"
    c.save(update_fields=["name"])
    assert Committee.objects.by_name().values_list("name", flat=True)[22] == "Phường 1"


WARDS = ["Trường Xuân", "Tân Thạnh", "Đoàn Kết", "Dầu Giây", "Ấp Bắc", "An Phú", "Phường 10", "Phường 2"]


@pytest.fixture
def wards_plan(issued_plan, tree):
    """The plan's duty also falls on wards with Vietnamese names under city A."""
    from reports.models import Submission

    for i, name in enumerate(WARDS):
        ward = make_committee(f"vn-{i}", name, "Phường", tree.city_a)
        Submission.objects.create(duty=issued_plan.duty, committee=ward)
    return issued_plan


@time_machine.travel(local_dt(2022, 6, 20, 9, 0), tick=False)
def test_dashboard_rows_in_vietnamese_order(wards_plan, personas, client_as):
    board = (
        client_as(personas.reviewer).get(reverse("reports-dashboard-plan", args=[wards_plan.plan.pk])).context["board"]
    )
    names = [r.committee.name for r in board.rows if r.committee.code.startswith("vn-")]
    assert names == ["An Phú", "Ấp Bắc", "Dầu Giây", "Đoàn Kết", "Phường 2", "Phường 10", "Tân Thạnh", "Trường Xuân"]


def test_committee_page_lists_children_in_vietnamese_order(tree, personas, client_as):
    for i, name in enumerate(WARDS):
        make_committee(f"vn-{i}", name, "Phường", tree.city_a)
    page = client_as(personas.reviewer).get(reverse("committees-detail", args=[tree.city_a.pk]))
    names = [c.name for c in page.context["children"] if c.code.startswith("vn-")]
    assert names == ["An Phú", "Ấp Bắc", "Dầu Giây", "Đoàn Kết", "Phường 2", "Phường 10", "Tân Thạnh", "Trường Xuân"]
