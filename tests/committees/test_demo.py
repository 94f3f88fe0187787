from django.core.management import call_command

from committees.models import Committee, Membership


def test_load_demo_is_idempotent_and_recreates_the_source_committees(db, capsys):
    call_command("load_demo", force=True)
    counts = (Committee.objects.count(), Membership.objects.count())
    call_command("load_demo", force=True)
    assert (Committee.objects.count(), Membership.objects.count()) == counts
    out = capsys.readouterr().out
    assert "btt.anbinh" in out and "canbo.p1" in out
    city = Committee.objects.get(code="anbinh")
    assert city.children.filter(kind="front").count() == 9
    assert city.children.filter(kind="member_org").count() >= 4
    tamky = Committee.objects.get(code="tamky")
    assert tamky.children.count() == 13
    assert {"Phường 3", "huyện Mỹ Tú"} <= {
        c.name.split("Việt Nam ")[-1] for c in Committee.objects.get(code="soctrang").descendants()
    }
    assert Committee.objects.get(code="thongnhat").children.count() >= 10


def test_demo_reform_merges_an_binh_wards_and_the_2022_round_keeps_the_nine(db):
    from plans.models import Plan
    from reports.dashboards.selectors import plan_dashboard

    call_command("load_demo", force=True, reform=True)
    city = Committee.objects.get(code="anbinh")
    new = city.children.filter(is_active=True, kind="front").order_by("code")
    assert [c.code for c in new] == ["anbinh-bac", "anbinh-nam", "anbinh-trung"]
    assert all("giả định" in c.name for c in new)
    bac = Committee.objects.get(code="anbinh-bac")
    assert sorted(bac.predecessions.values_list("predecessor__code", flat=True)) == [
        "anbinh-p1",
        "anbinh-p2",
        "anbinh-p3",
    ]
    seed = Plan.objects.get(committee__code="anbinh", issued_on__year=2022)
    board = plan_dashboard(plan=seed, under=city)
    wards = [r.committee.code for r in board.rows if r.committee.kind == "front"]
    assert sorted(wards) == [f"anbinh-p{i}" for i in range(1, 10)]
    counts = Committee.objects.count()
    call_command("load_demo", force=True, reform=True)
    assert Committee.objects.count() == counts
