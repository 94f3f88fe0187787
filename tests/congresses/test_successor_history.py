"""After a merge (committees.reorg), the new committee reads the congress records of the units it
absorbed, marked as theirs, and writes nothing of them; nobody else gains anything."""

import datetime

from django.urls import reverse

from committees.models import Committee, Membership
from committees.reorg.services import Decision, NewCommittee, People, committees_merge
from tests.conftest import make_user


def test_successor_reads_the_predecessor_congress(st, pilot, client_as):
    committees_merge(
        sources=[st.ward, st.ward2],
        into=NewCommittee(name="Phường A Mới", code="p-a-moi", level="Phường", parent=st.city),
        people=People.MOVE,
        decision=Decision(
            effective_on=datetime.date(2025, 7, 1), number="5/QĐ", date=datetime.date(2025, 6, 1), body="Tỉnh"
        ),
    )
    successor = make_user("cb_moi", Committee.objects.get(code="p-a-moi"), Membership.Role.OFFICER)
    page = reverse("congresses-congress", args=[pilot.pk])
    assert client_as(successor).get(page).status_code == 200
    assert client_as(successor).post(reverse("congresses-congress-held", args=[pilot.pk])).status_code == 404
    assert client_as(st.other_province_officer).get(page).status_code == 404
    assert client_as(st.other_province_btt).get(page).status_code == 404
    assert client_as(None).get(page).status_code == 302
