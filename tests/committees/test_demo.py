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
