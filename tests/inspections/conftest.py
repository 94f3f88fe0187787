"""A small round of city A: wards A1, A2 and two more on one day (17/10/2023), the illustrative
table, the "nhiệm vụ" bands; deadline "trước ngày 12/10/2023" read as through 11/10."""

import datetime
from types import SimpleNamespace

import pytest

from tests.conftest import make_committee, make_user


@pytest.fixture
def rnd(tree, personas):
    from committees.models import Membership
    from inspections.setup import services

    a3 = make_committee("tp-a-p3", "Ủy ban MTTQ Phường Hoà Hương", "Phường", tree.city_a)
    a4 = make_committee("tp-a-p4", "Ủy ban MTTQ Phường A4", "Phường", tree.city_a)
    round = services.round_create(
        committee=tree.city_a, by=personas.reviewer, title="Kiểm tra năm 2023", year=2023,
        example_table=True, deadline_stated=datetime.date(2023, 10, 12),
    )
    day = services.day_save(round=round, by=personas.reviewer, date=datetime.date(2023, 10, 17), place="99 Hùng Vương")
    units = services.units_set(day=day, by=personas.reviewer, committees=[tree.ward_a1, tree.ward_a2, a3, a4])
    services.pairs_generate(day=day, by=personas.reviewer)
    team_user = make_user("to_kiem_tra", tree.city_a, Membership.Role.OFFICER)
    services.team_member_save(round=round, by=personas.reviewer, user=team_user, title="Thành viên", days=[day])
    from inspections.models import Unit

    units = list(Unit.objects.filter(round=round).order_by("position"))
    return SimpleNamespace(round=round, day=day, units=units, a1=units[0], a2=units[1], a3=units[2], a4=units[3],
                           team_user=team_user, ward_a3=a3, ward_a4=a4)
