"""Done when, in a real browser at 390 px: the standing committee sets up the round (table, bands,
schedule, agenda, pairs, team), a unit scores itself with evidence and submits, the team pre-checks,
a cross-inspector scores its unit on the day, the team reconciles, and the committee classifies,
ranks and downloads the Excel and the conclusion .docx."""

import re
from decimal import Decimal

import pytest
import time_machine
from playwright.sync_api import expect

from committees.models import Membership
from inspections.dossiers import services as dossier
from inspections.models import Criterion, Round, Score, Unit
from tests.conftest import local_dt, make_committee, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SHOTS = "/tmp/shots/inspections"


class Clock:
    def __init__(self):
        self.traveller = None

    def at(self, *args):
        if self.traveller:
            self.traveller.stop()
        self.traveller = time_machine.travel(local_dt(*args), tick=True)
        self.traveller.start()

    def stop(self):
        if self.traveller:
            self.traveller.stop()


def login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "Mk-thu-nghiem-2024")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def shot(page, name):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/flow-{name}.png", full_page=True)


def test_the_whole_round_in_the_browser(tree, personas, page, live_server, tmp_path):
    make_committee("tp-a-p3", "Ủy ban MTTQ Phường Hoà Hương", "Phường", tree.city_a)
    hoa_huong_officer = make_user("canbo_hh", None)
    team_user = make_user("to_kt", tree.city_a, Membership.Role.OFFICER)
    clock = Clock()
    try:
        _flow(page, live_server, tmp_path, clock, hoa_huong_officer, team_user, tree)
    finally:
        clock.stop()


def _flow(page, live_server, tmp_path, clock, hoa_huong_officer, team_user, tree):
    url = live_server.url
    clock.at(2023, 9, 25, 9, 0)
    # --- the standing committee sets the round up ------------------------------------------
    login(page, live_server, "btt_a")
    page.goto(f"{url}/kiem-tra/")
    page.get_by_role("link", name="Tạo đợt kiểm tra").click()
    page.fill("#id_title", "Kiểm tra công tác Mặt trận năm 2023")
    page.fill("#id_deadline_stated", "12/10/2023")
    page.select_option("#id_deadline_rule", "day_before")
    page.select_option("#id_tie_break", "fewer_deductions")
    page.select_option("#id_band_preset", "vung_manh")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("hạn cuối: 23:59 ngày 11/10/2023")).to_be_visible()
    round = Round.objects.get()

    page.get_by_role("link", name=re.compile("Bảng điểm")).click()
    page.get_by_role("link", name="Thêm nhóm tiêu chí").click()
    page.fill("#id_label", "I")
    page.fill("#id_title", "Công tác tuyên truyền, vận động")
    page.get_by_role("button", name="Lưu").click()
    for label, title, kind, max_points, evidence in [
        ("1", "Nắm tình hình nhân dân", "regular", "10", True),
        ("2", "Vận động đoàn viên, hội viên", "regular", "5", False),
        ("3", "Điểm thưởng: mô hình mới", "bonus", "2", False),
    ]:
        page.get_by_role("link", name="Thêm tiêu chí").first.click()
        page.fill("#id_label", label)
        page.fill("#id_title", title)
        page.select_option("#id_kind", kind)
        page.fill("#id_max_points", max_points)
        if evidence:
            page.check("#id_evidence_required")
        page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Tổng điểm các tiêu chí: 15 điểm")).to_be_visible()
    shot(page, "table")

    page.goto(f"{url}/kiem-tra/{round.pk}/xep-loai/")
    for i, threshold in enumerate(["13", "10", "7,5", "0"]):
        page.fill(f"#id_band-{i}-min_score", threshold)
    page.get_by_role("button", name="Lưu xếp loại").click()
    expect(page.get_by_text("Đã lưu xếp loại.")).to_be_visible()

    page.goto(f"{url}/kiem-tra/{round.pk}/lich/")
    page.get_by_role("link", name="Thêm ngày kiểm tra").click()
    page.fill("#id_date", "17/10/2023")
    page.fill("#id_place", "99 Hùng Vương")
    page.fill("#id_units", "Phường A1, Phường A2, Hòa Hương")  # Hòa spelt the new way
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Phường A1, Phường A2, Phường Hoà Hương")).to_be_visible()
    expect(page.get_by_text("07:30 – 08:00").first).to_be_visible()  # the agenda of 002, from the template
    page.get_by_role("link", name="Ghép cặp / sửa").click()
    page.get_by_role("button", name="Ghép vòng tròn tự động").click()
    expect(page.get_by_text("Đã ghép cặp kiểm tra chéo vòng tròn.")).to_be_visible()
    a1, a2, a3 = (Unit.objects.get(round=round, committee__code=code) for code in ("tp-a-p1", "tp-a-p2", "tp-a-p3"))
    assert a3.cross_target == a1
    Membership.objects.create(user=hoa_huong_officer, committee=a3.committee, role=Membership.Role.OFFICER)

    page.goto(f"{url}/kiem-tra/{round.pk}/to-kiem-tra/")
    page.fill("#id_username", "to_kt")
    page.fill("#id_title", "Thành viên")
    page.check("input[name=days]")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thành viên tổ kiểm tra.")).to_be_visible()
    shot(page, "team")

    # --- the unit scores itself, with evidence, and submits -----------------------------------
    clock.at(2023, 10, 11, 23, 50)
    c1, c2, bonus = Criterion.objects.filter(group__round=round).order_by("position")
    login(page, live_server, "canbo_a1")
    page.goto(f"{url}/kiem-tra/{round.pk}/")
    page.get_by_role("link", name="Phường A1").click()
    page.wait_for_load_state()
    expect(page.get_by_text("hạn cuối: 23:59 ngày 11/10/2023")).to_be_visible()
    page.fill(f"#points-{c1.pk}", "11")  # above the maximum
    page.fill(f"#note-{c1.pk}", "Đủ 12 báo cáo tháng")
    page.fill(f"#points-{c2.pk}", "4,5")
    expect(page.locator("#running-total")).to_have_text("15,5")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("Tiêu chí I.1: điểm vượt điểm tối đa 10.").first).to_be_visible()
    expect(page.locator(f"#note-{c1.pk}")).to_have_value("Đủ 12 báo cáo tháng")
    expect(page.locator(f"#points-{c2.pk}")).to_have_value("4,5")
    page.fill(f"#points-{c1.pk}", "9,5")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("Đã lưu điểm.")).to_be_visible()
    expect(page.locator(".missing")).to_contain_text("I.1")
    evidence = tmp_path / "bao-cao-thang.pdf"
    evidence.write_bytes(PDF)
    page.locator(f"input[form=evidence-{c1.pk}]").set_input_files(str(evidence))
    page.locator(f"button[form=evidence-{c1.pk}]").click()
    expect(page.get_by_text("Đã thêm minh chứng bao-cao-thang.pdf.")).to_be_visible()
    shot(page, "dossier")
    page.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.get_by_text("Đã gửi hồ sơ tự chấm điểm.")).to_be_visible()
    a1.refresh_from_db()
    assert a1.submitted_at is not None

    # --- the team pre-checks ------------------------------------------------------------------
    clock.at(2023, 10, 14, 9, 0)
    login(page, live_server, "to_kt")
    page.goto(f"{url}/kiem-tra/don-vi/{a1.pk}/to-kiem-tra/")
    page.fill(f"#points-{c1.pk}", "8")
    page.fill(f"#strengths-{c1.pk}", "Báo cáo đều")
    page.fill(f"#weaknesses-{c1.pk}", "Thiếu số liệu quý III")
    page.fill(f"#points-{c2.pk}", "4,5")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("Đã lưu điểm.")).to_be_visible()
    shot(page, "precheck")

    # --- on the day: Hoà Hương cross-inspects A1 once the session opens ------------------------
    clock.at(2023, 10, 17, 7, 20)
    login(page, live_server, "canbo_hh")
    page.goto(f"{url}/kiem-tra/{round.pk}/")
    expect(page.get_by_text("sẽ được công bố lúc 07:30 ngày 17/10/2023")).to_be_visible()
    assert page.goto(f"{url}/kiem-tra/don-vi/{a1.pk}/cham-cheo/").status == 404
    clock.at(2023, 10, 17, 8, 35)
    page.goto(f"{url}/kiem-tra/{round.pk}/")
    page.get_by_role("link", name="Chấm chéo Phường A1").click()
    page.fill(f"#points-{c1.pk}", "9")
    page.fill(f"#points-{c2.pk}", "4")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("Đã lưu điểm.")).to_be_visible()
    shot(page, "cross")
    assert Score.objects.get(unit=a1, criterion=c1, source="cross").by_unit == a3

    # --- the team reconciles ------------------------------------------------------------------
    clock.at(2023, 10, 17, 10, 0)
    for unit, points in ((a2, "7"), (a3, "6")):  # the other units' team scores (not the flow under test)
        dossier.scores_save(unit=unit, source="team", by=team_user, entries={c1.pk: dossier.Entry(points=points), c2.pk: dossier.Entry(points="3")})
    login(page, live_server, "btt_a")
    page.goto(f"{url}/kiem-tra/don-vi/{a1.pk}/doi-chieu/")
    card = page.locator(".reconcile-cards li").first
    card.locator("input[name=points]").fill("9")
    card.get_by_role("button", name="Đổi").click()
    expect(page.get_by_text("Tiêu chí I.1: thay đổi điểm của tổ kiểm tra phải ghi lý do.")).to_be_visible()
    card = page.locator(".reconcile-cards li").first
    expect(card.locator("input[name=points]")).to_have_value("9")
    card.locator("input[name=reason]").fill("Bổ sung báo cáo quý III tại buổi kiểm tra")
    card.get_by_role("button", name="Đổi").click()
    expect(page.get_by_text("Đã đổi điểm cuối cùng của tiêu chí I.1.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"I\.1 8 → 9 \(Bổ sung báo cáo quý III"))).to_be_visible()
    shot(page, "reconcile")

    # --- the committee classifies, ranks and downloads ----------------------------------------
    clock.at(2023, 10, 30, 15, 0)
    login(page, live_server, "btt_a")  # two weeks later: the session ended after 8 idle hours
    page.goto(f"{url}/kiem-tra/{round.pk}/ket-qua/")
    expect(page.get_by_text("Kết quả tạm thời")).to_be_visible()
    page.get_by_role("button", name="Ban Thường trực quyết định xếp loại").click()
    expect(page.get_by_text("Đã quyết định xếp loại và xếp hạng.")).to_be_visible()
    shot(page, "results")
    a1.refresh_from_db()
    assert (a1.decided_score, a1.decided_band, a1.decided_rank) == (Decimal("13.5"), "Vững mạnh", 1)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải Excel").click()
    assert info.value.suggested_filename == "ket-qua-kiem-tra-2023.xlsx"
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải thông báo kết luận (Word)").click()
    path = tmp_path / "ket-luan.docx"
    info.value.save_as(path)
    from docx import Document

    assert "THÔNG BÁO KẾT LUẬN" in "\n".join(p.text for p in Document(path).paragraphs)
