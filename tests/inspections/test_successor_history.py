"""After a merge (committees.reorg), the new committee reads the inspection dossier of the units it
absorbed (report, evidence), and writes nothing of it; nobody else gains anything."""

import datetime

from django.urls import reverse

from committees.models import Committee, Membership
from committees.reorg.services import Decision, NewCommittee, People, committees_merge
from tests.conftest import make_user


def test_successor_reads_predecessor_dossier(rnd, tree, personas, client_as):
    committees_merge(
        sources=[tree.ward_a1, tree.ward_a2],
        into=NewCommittee(name="Phường A Mới", code="pam", level="Phường", parent=tree.city_a),
        people=People.MOVE,
        decision=Decision(
            effective_on=datetime.date(2025, 7, 1), number="5/QĐ", date=datetime.date(2025, 6, 1), body="Tỉnh"
        ),
    )
    successor = make_user("canbo_pam", Committee.objects.get(code="pam"), Membership.Role.OFFICER)
    readable = [
        reverse("inspections-report-docx", args=[rnd.a1.pk]),
        reverse("inspections-evidence-zip", args=[rnd.a1.pk]),
    ]
    for url in readable:
        assert client_as(successor).get(url).status_code == 200, url
        assert client_as(personas.other_city_reviewer).get(url).status_code == 404, url
        assert client_as(personas.other_city_officer).get(url).status_code == 404, url
        assert client_as(None).get(url).status_code == 302, url
    # Reading only: the report form of the old unit stays closed to the successor.
    assert client_as(successor).get(reverse("inspections-report", args=[rnd.a1.pk])).status_code == 404
