"""A made-up reform (giả định, không có thật): on 01/07/2025 the nine wards of An Bình merge into
three new wards, An Bình Bắc (Phường 1-3), An Bình Trung (4-6) and An Bình Nam (7-9), by a
made-up decision; the new wards' names and the decision say they are demo data. Written through
committees.reorg.services like a real reform, after the 2022 round's areas and before the live
round (demo/management/commands/load_demo.py AREAS), so that:

- the 2022 round (seed 000) still shows the nine old wards: its dashboards, exports and
  consolidated report use the tree of its deadline's day;
- the live round is issued to the committees as they are today: the three new wards (and the
  city's member organisations, demo/live.py);
- both of the decisions a merge asks about the people are shown: Phường 1-3's people move to An
  Bình Bắc with their roles (People.MOVE: canbo.p1, lanhdao.p1 and canbo.p2 are An Bình Bắc's
  officers and leader, and read Phường 1-3's past reports as its history); Phường 4-9's are listed
  on An Bình's committee page for its standing committee to place (People.PENDING).

Idempotent: once An Bình Bắc exists nothing is done.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from committees.models import Committee
from committees.reorg.services import Decision, NewCommittee, People, committees_merge

REFORM_DAY = datetime.date(2025, 7, 1)
DECISION = Decision(
    effective_on=REFORM_DAY,
    number="999/QĐ-MTTQ-BTT (giả định)",
    date=datetime.date(2025, 6, 20),
    body="Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh (dữ liệu mẫu)",
    note="Dữ liệu mẫu giả định: việc sáp nhập các phường của thành phố An Bình không có thật.",
)
MADE_UP = "(giả định)"  # in the name of every committee the reform creates
# (code, name's last word, mailbox, old wards' numbers, what becomes of their people)
NEW_WARDS = [
    ("anbinh-bac", "Bắc", "bac", (1, 2, 3), People.MOVE),
    ("anbinh-trung", "Trung", "trung", (4, 5, 6), People.PENDING),
    ("anbinh-nam", "Nam", "nam", (7, 8, 9), People.PENDING),
]


@transaction.atomic
def load() -> None:
    if Committee.objects.filter(code=NEW_WARDS[0][0]).exists():
        return
    city = Committee.objects.get(code="anbinh")
    by = get_user_model().objects.filter(username="quantri").first()
    for code, part, mailbox, wards, people in NEW_WARDS:
        committees_merge(
            sources=list(Committee.objects.filter(code__in=[f"anbinh-p{i}" for i in wards]).order_by("code")),
            into=NewCommittee(
                name=f"Ủy ban MTTQ Việt Nam phường An Bình {part} {MADE_UP}",
                code=code,
                level="Phường",
                parent=city,
                emails=f"mttq.{mailbox}@anbinh.mttq.example",
            ),
            people=people,
            decision=DECISION,
            by=by,
        )
        # The date line and header of its documents, as the old wards have them (demo/committees.py).
        ward = Committee.objects.get(code=code)
        ward.place = f"An Bình {part}"
        ward.header_lines = f"ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG AN BÌNH {part.upper()}\nBAN THƯỜNG TRỰC"
        ward.save(update_fields=["place", "header_lines"])
