"""A made-up reform (giả định, không có thật): on 01/07/2025 the nine wards of An Bình merge into
three new wards, An Bình Bắc (Phường 1-3), An Bình Trung (4-6) and An Bình Nam (7-9), by a
made-up decision; the names and the decision say they are demo data. Written through
committees.reorg.services like a real reform; the wards' people are listed for An Bình's standing
committee to place (People.PENDING), so the demo accounts of Phường 1 and 2 keep their roles, and
a new account reads the history of An Bình Bắc's predecessors. The 2022 round still shows the
nine old wards; the live round (due after the reform) passes to the new wards with a notice.

Not part of a plain `load_demo`: the live round is issued to the nine wards, which this reform
closes a year earlier (`load_demo --reform` adds it). Idempotent: once An Bình Bắc exists nothing
is done.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from committees.models import Committee, Membership
from committees.people import set_full_name
from committees.reorg.services import Decision, NewCommittee, People, committees_merge

from .committees import DEMO_PASSWORD

REFORM_DAY = datetime.date(2025, 7, 1)
DECISION = Decision(
    effective_on=REFORM_DAY,
    number="999/QĐ-MTTQ-BTT (giả định)",
    date=datetime.date(2025, 6, 20),
    body="Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh (dữ liệu mẫu)",
    note="Dữ liệu mẫu giả định: việc sáp nhập các phường của thành phố An Bình không có thật.",
)
NEW_WARDS = [
    ("anbinh-bac", "Bắc", "bac", (1, 2, 3)),
    ("anbinh-trung", "Trung", "trung", (4, 5, 6)),
    ("anbinh-nam", "Nam", "nam", (7, 8, 9)),
]


@transaction.atomic
def load() -> None:
    if Committee.objects.filter(code=NEW_WARDS[0][0]).exists():
        return
    city = Committee.objects.get(code="anbinh")
    by = get_user_model().objects.filter(username="quantri").first()
    for code, part, mailbox, wards in NEW_WARDS:
        committees_merge(
            sources=list(Committee.objects.filter(code__in=[f"anbinh-p{i}" for i in wards]).order_by("code")),
            into=NewCommittee(
                name=f"Ủy ban MTTQ Việt Nam phường An Bình {part} (giả định)",
                code=code,
                level="Phường",
                parent=city,
                emails=f"mttq.{mailbox}@anbinh.mttq.example",
            ),
            people=People.PENDING,
            decision=DECISION,
            by=by,
        )
    user, created = get_user_model().objects.get_or_create(
        username="canbo.bac", defaults={"email": "canbo.bac@mttq.example"}
    )
    if created:
        set_full_name(user, "Trịnh Thị Bắc")
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.create(
            user=user, committee=Committee.objects.get(code="anbinh-bac"), role=Membership.Role.OFFICER, title="Cán bộ"
        )
