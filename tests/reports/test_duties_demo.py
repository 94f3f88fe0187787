"""The demo plans of the source documents: loaded once, with their duties and outlines."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from plans.models import Plan
from reports.models import Outline, ReportingDuty, Submission

pytestmark = pytest.mark.django_db


def test_load_demo_recreates_000_to_004_and_is_idempotent(monkeypatch):
    call_command("load_demo", force=True)
    call_command("load_demo", force=True)
    # the four seeds, the live round and the plan approved level by level (tests/demo/)
    assert Plan.objects.count() == 6
    p000 = Plan.objects.get(committee__code="anbinh", issued_on__year=2022)
    assert p000.state == "issued" and p000.signer_name == "Nguyễn Hồng Hải"
    duties = list(p000.duties.order_by("pk"))
    assert [d.committees.count() for d in duties] == [9, 5]
    assert all(d.page_limit == 10 for d in duties)
    deadline = timezone.localtime(duties[0].deadline)
    assert (deadline.day, deadline.month, deadline.year, deadline.hour, deadline.minute) == (14, 6, 2022, 23, 59)
    assert Submission.objects.filter(duty__plan=p000).count() == 14
    outline = duties[0].outline
    assert [i.label for i in outline.items.filter(parent=None).order_by("position")] == [
        "I.",
        "II.",
        "III.",
        "IV.",
        "V.",
        "VI.",
    ]
    assert outline.items.get(title__startswith="Số cuộc, số lượt").indicators.count() == 2
    p004 = Plan.objects.get(committee__code="thongnhat")
    duty = p004.duties.get()
    assert duty.committees.count() == 11 and timezone.localtime(duty.deadline).date().isoformat() == "2021-02-18"
    assert duty.outline.items.filter(parent=None).count() == 5
    p003 = Plan.objects.get(committee__code="soctrang", number=380)
    assert p003.document_number == "380/KH-MTTQ-BTT" and p003.issued_on.isoformat() == "2023-09-06"
    assert p003.legal_bases.count("Căn cứ") == 5 and p003.signer_name == "Dương Sà Kha"
    assert ("Ban Dân vận Tỉnh ủy", "(để phối hợp)") in [(r.name, r.purpose) for r in p003.recipients.all()]
    p002 = Plan.objects.get(committee__code="tamky")
    assert p002.state == "draft" and p002.signer_name == "Nguyễn Ba" and "12/10/2023" in p002.content
    # The live round reuses outline 001 and adds two duties (wards, member organisations); the plan
    # approved level by level (demo/report_approvals.py) has its own outline and one duty.
    assert Outline.objects.count() == 3 and ReportingDuty.objects.count() == 6
