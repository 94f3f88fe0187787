import io
import re

import docx
from django.core.management import call_command
from django.urls import reverse

from committees.access import get_access
from committees.models import Committee, Membership, Reorganisation

OLD_WARDS = [f"anbinh-p{i}" for i in range(1, 10)]
NEW_WARDS = ["anbinh-bac", "anbinh-nam", "anbinh-trung"]


def test_load_demo_is_idempotent_and_recreates_the_source_committees(db, capsys):
    call_command("load_demo", force=True)
    counts = (Committee.objects.count(), Membership.objects.count(), Reorganisation.objects.count())
    call_command("load_demo", force=True)
    assert (Committee.objects.count(), Membership.objects.count(), Reorganisation.objects.count()) == counts
    out = capsys.readouterr().out
    assert "btt.anbinh" in out and "canbo.p1" in out
    city = Committee.objects.get(code="anbinh")
    # The nine wards of the seeds, closed by the made-up reform, and the three that followed them.
    assert sorted(city.children.filter(kind="front", is_active=False).values_list("code", flat=True)) == OLD_WARDS
    assert sorted(city.children.filter(kind="front", is_active=True).values_list("code", flat=True)) == NEW_WARDS
    assert city.children.filter(kind="member_org", is_active=True).count() == 5
    tamky = Committee.objects.get(code="tamky")
    assert tamky.children.count() == 13
    assert {"Phường 3", "huyện Mỹ Tú"} <= {
        c.name.split("Việt Nam ")[-1] for c in Committee.objects.get(code="soctrang").descendants()
    }
    assert Committee.objects.get(code="thongnhat").children.count() >= 10


def test_demo_reform_merges_an_binh_wards_and_the_2022_round_keeps_the_nine(db, client_as):
    from openpyxl import load_workbook

    from demo.live import live_plan
    from plans.models import Plan
    from reports.consolidation.builder import build_document
    from reports.dashboards.selectors import plan_dashboard

    call_command("load_demo", force=True, stdout=io.StringIO())
    city = Committee.objects.get(code="anbinh")
    new = list(city.children.filter(is_active=True, kind="front").order_by("code"))
    assert [c.code for c in new] == NEW_WARDS
    assert all(c.name.endswith("(giả định)") for c in new)
    reform = list(Reorganisation.objects.all())  # one merge per new ward, by one decision
    assert len(reform) == 3 and all("giả định" in r.decision_number and "không có thật" in r.note for r in reform)
    bac = Committee.objects.get(code="anbinh-bac")
    assert sorted(bac.predecessions.values_list("predecessor__code", flat=True)) == OLD_WARDS[:3]
    assert bac.document_place == "An Bình Bắc" and bac.get_header_lines()[1] == "PHƯỜNG AN BÌNH BẮC"

    # The 2022 round: its dashboard, its page, its Excel export and its consolidated report name
    # the nine old wards and none of the new ones.
    seed = Plan.objects.get(committee__code="anbinh", issued_on__year=2022)
    board = plan_dashboard(plan=seed, under=city)
    assert sorted(r.committee.code for r in board.rows if r.committee.kind == "front") == OLD_WARDS
    reviewer = client_as(Membership.objects.filter(committee=city, role="standing").first().user)
    page = reviewer.get(reverse("reports-dashboard-plan", args=[seed.pk])).content.decode()
    rows = "".join(re.findall(r"<tr data-committee=.*?</tr>", page, re.S))
    assert all(f"Phường {i}<" in rows or f"Phường {i} " in rows for i in range(1, 10)) and "An Bình Bắc" not in rows
    sheet = load_workbook(
        io.BytesIO(reviewer.get(reverse("reports-dashboard-status-xlsx", args=[seed.pk])).content)
    ).active
    cells = " | ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
    assert all(f"Ủy ban MTTQ Việt Nam Phường {i}" in cells for i in range(1, 10)) and "An Bình Bắc" not in cells
    wards_duty = seed.duties.order_by("pk").first()
    doc, _summary, included = build_document(duty=wards_duty)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(doc.to_bytes())).paragraphs)
    assert included and {s.committee.code for s in included} <= set(OLD_WARDS)
    assert "Phường 8" in text and "Phường 9" in text and "An Bình Bắc" not in text  # the two that did not report

    # The live round is issued to the committees as they are today.
    live = live_plan()
    board = plan_dashboard(plan=live, under=city)
    assert sorted(r.committee.code for r in board.rows if r.committee.kind == "front") == NEW_WARDS


def test_demo_reform_moves_phuong_1_to_3_people_and_lists_the_others(db, client_as, capsys):
    from committees.people import display_name
    from committees.selectors import people_to_decide
    from demo.live import live_plan
    from reports.models import Submission

    call_command("load_demo", force=True)
    out = capsys.readouterr().out
    bac = Committee.objects.get(code="anbinh-bac")
    roles = {(m.user.username, m.role) for m in Membership.objects.filter(committee=bac).select_related("user")}
    R = Membership.Role
    assert {("canbo.p1", R.OFFICER), ("lanhdao.p1", R.LEADER), ("canbo.p2", R.OFFICER)} <= roles
    assert not Membership.objects.filter(committee__code__in=OLD_WARDS[:3]).exists()
    # load_demo's list says where each account is now.
    for username in ("canbo.p1", "lanhdao.p1", "canbo.p2"):
        line = next(line for line in out.splitlines() if line.split()[:1] == [username])
        assert line.endswith("phường An Bình Bắc (giả định)"), line

    # Phường 4-9's people wait for An Bình's standing committee, on its committee page.
    city = Committee.objects.get(code="anbinh")
    pending = list(people_to_decide(committee=city))
    assert pending and {m.committee.code for m in pending} <= set(OLD_WARDS[3:])
    placed = Membership.objects.filter(committee__is_active=True, user__in=[m.user for m in pending])
    assert not placed.exists()
    btt = Membership.objects.filter(committee=city, role=R.STANDING).first().user
    page = client_as(btt).get(reverse("committees-detail", args=[city.pk])).content.decode()
    listed = re.search(r'<ul id="people-to-decide">(.*?)</ul>', page, re.S).group(1)
    assert all(display_name(m.user) in listed and m.committee.name in listed for m in pending)

    # The moved officer writes An Bình Bắc's live report and reads Phường 1's past ones.
    canbo = Membership.objects.get(committee=bac, user__username="canbo.p1").user
    access = get_access(canbo)
    assert access.can_write_report(bac) and access.reads_history_of(Committee.objects.get(code="anbinh-p1"))
    live = Submission.objects.get(duty__plan=live_plan(), committee=bac)
    home = client_as(canbo).get("/").content.decode()
    assert reverse("reports-submission-edit", args=[live.pk]) in home
