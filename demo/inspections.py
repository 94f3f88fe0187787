"""Demo inspection round of seed 002: Tam Kỳ city inspects its 13 wards and communes on 17-20/10/2023.

The days, units, sessions, place and agenda are those of plan 002; the scoring table is the
illustrative one (the real Tam Kỳ table is not public) and every score is illustrative too, chosen
so that the results page shows every band, a veto, a capped band and a tie broken by the rule.
Everything is written through the inspections services, at the dates of the plan. Idempotent: a
round linked to plan 002 is left alone.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from committees.models import Committee, Membership
from committees.people import set_full_name
from demo.committees import DEMO_PASSWORD
from demo.history import local
from demo.plans import PLAN_002
from inspections.dossiers import services as dossier
from inspections.models import Criterion, Round, Unit
from inspections.results import services as results
from inspections.setup import services as setup
from plans.models import Plan

PLACE = "Phòng họp cơ quan Ủy ban MTTQ Việt Nam thành phố (99 Hùng Vương, thành phố Tam Kỳ)"
DAYS = [
    (datetime.date(2023, 10, 17), ["An Phú", "Hoà Hương", "Phước Hoà"]),
    (datetime.date(2023, 10, 18), ["Tân Thạnh", "An Xuân", "An Mỹ"]),
    (datetime.date(2023, 10, 19), ["An Sơn", "Hoà Thuận", "Trường Xuân"]),
    (datetime.date(2023, 10, 20), ["Tam Thăng", "Tam Thanh", "Tam Phú", "Tam Ngọc"]),
]
# unit -> (team base score, bonus, deductions, how much the unit over-scores itself, veto)
SCORES = {
    "An Phú": (94, 2, 0, 1, None),
    "Hoà Hương": (84, 2, 1, 3, None),  # 85, tied with An Xuân: more deductions, ranked below
    "Phước Hoà": (78, 0, 0, 2, None),
    "Tân Thạnh": (90, 2.5, 0, 1, None),
    "An Xuân": (85, 0, 0, 2, None),
    "An Mỹ": (74, 0, 1, 4, None),
    "An Sơn": (72, 0, 0, 3, None),
    "Hoà Thuận": (88, 0, 0, 2, "kỷ luật"),  # a member disciplined: "không hoàn thành" whatever the score
    "Trường Xuân": (65, 0, 0, 5, None),
    "Tam Thăng": (58, 0, 0, 6, None),
    "Tam Thanh": (56, 0, 1, 4, None),
    "Tam Phú": (46, 0, 2, 8, None),
    "Tam Ngọc": (91, 0, 0, 2, "quỹ"),  # missed the fund target: no higher than "hoàn thành tốt"
}
TEAM_USER = ("vp.tamky", "Trần Thị Thu", "Văn phòng")
PDF = b"%PDF-1.4\n% minh chung minh hoa\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HALF = Decimal("0.5")


def _spread(criteria, target: Decimal) -> dict:
    """Points per regular criterion, each within its maximum, adding up to `target` (halves)."""
    total_max = sum(c.max_points for c in criteria)
    values = {c.pk: (c.max_points * target / total_max / HALF).to_integral_value(rounding="ROUND_FLOOR") * HALF for c in criteria}
    left = target - sum(values.values())
    while left > 0:
        for c in criteria:
            if left > 0 and values[c.pk] < c.max_points:
                values[c.pk] += HALF
                left -= HALF
    return values


def _team_user(tamky):
    username, name, title = TEAM_USER
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@mttq.example"})
    if created:
        set_full_name(user, name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.create(user=user, committee=tamky, role=Membership.Role.OFFICER, title=title)
    return user


def load() -> None:
    tamky = Committee.objects.get(code="tamky")
    plan = Plan.objects.filter(committee=tamky, title=PLAN_002["title"]).first()
    if Round.objects.filter(committee=tamky, year=2023).exists():
        return
    with transaction.atomic():
        _load(tamky, plan)


def _load(tamky, plan):
    chair = Membership.objects.filter(committee=tamky, role=Membership.Role.STANDING).select_related("user").first()
    by = chair.user if chair else None
    round = setup.round_create(
        committee=tamky, by=by, plan=plan, title="Kiểm tra, đánh giá công tác Mặt trận các xã, phường năm 2023", year=2023,
        band_preset="nhiem_vu", example_table=True, deadline_stated=datetime.date(2023, 10, 12),
        deadline_rule=Round.DeadlineRule.DAY_BEFORE, tie_break=Round.TieBreak.FEWER_DEDUCTIONS,
    )
    setup.round_update(round=round, by=by, signer_name="Nguyễn Ba",
                       example_label="Bảng điểm và điểm số minh họa (không phải số liệu thật của thành phố Tam Kỳ)")
    team_user = _team_user(tamky)
    days = []
    for date, names in DAYS:
        day = setup.day_save(round=round, by=by, date=date, place=PLACE)
        committees, problems = setup.committees_from_names(round=round, names=names)
        assert not problems, problems
        setup.units_set(day=day, by=by, committees=committees)
        setup.pairs_generate(day=day, by=by)
        days.append(day)
    setup.team_member_save(round=round, by=by, user=team_user, title="Thành viên tổ kiểm tra", days=days)
    if by is not None:
        setup.team_member_save(round=round, by=by, user=by, title="Tổ trưởng", days=days)
    criteria = list(Criterion.objects.filter(group__round=round).select_related("group"))
    regular = [c for c in criteria if c.kind == Criterion.Kind.REGULAR]
    bonus = next(c for c in criteria if c.kind == Criterion.Kind.BONUS)
    minus = next(c for c in criteria if c.kind == Criterion.Kind.DEDUCTION)
    vetoes = {"kỷ luật": round.vetoes.get(cap_band__isnull=True), "quỹ": round.vetoes.get(cap_band__isnull=False)}
    units = {u.committee.name: u for u in Unit.objects.filter(round=round).select_related("committee")}
    for i, (name, (base, plus, less, over, veto)) in enumerate(SCORES.items()):
        unit = next(u for full, u in units.items() if full.endswith(" " + name))
        officer = Membership.objects.filter(committee=unit.committee, role=Membership.Role.OFFICER).select_related("user").first()
        writer = officer.user if officer else by
        team = _spread(regular, Decimal(base))
        own = _spread(regular, min(Decimal(base + over), Decimal(100)))
        cross = _spread(regular, min(Decimal(base) + Decimal(over) / 2, Decimal(100)))
        if over >= 4:  # a unit that over-scores one criterion: the reconciliation page flags it
            first = regular[0]
            own[first.pk] = first.max_points

        def entries(values, note, plus=plus, less=less):
            rows = {pk: dossier.Entry(points=str(v), note=note) for pk, v in values.items()}
            rows[bonus.pk] = dossier.Entry(points=str(plus), note=note if plus else "")
            rows[minus.pk] = dossier.Entry(points=str(less), note=note if less else "")
            return rows

        before = local(datetime.date(2023, 10, 2 + i % 8), 9, 0)
        dossier.scores_save(unit=unit, source="self", by=writer, entries=entries(own, "Điểm tự chấm minh họa"), now=before)
        for c in criteria:
            if c.evidence_required and (c.kind == Criterion.Kind.REGULAR or (c is bonus and plus)):
                dossier.evidence_add(unit=unit, criterion=c, by=writer, now=before,
                                     upload=SimpleUploadedFile(f"minh-chung-{c.code}.pdf", PDF))
        dossier.report_save(unit=unit, by=writer, results="Kết quả minh họa: hoàn thành các chỉ tiêu chương trình phối hợp năm 2023.",
                            models="Mô hình minh họa: \"Khu dân cư văn minh, sạch đẹp\".", difficulties="Kinh phí hoạt động còn hạn chế.",
                            proposals="Đề nghị tăng cường tập huấn nghiệp vụ cho cán bộ chuyên trách.")
        dossier.dossier_submit(unit=unit, by=writer, now=before)
        unit.refresh_from_db()
        inspector = Unit.objects.get(cross_target=unit)
        dossier.scores_save(unit=unit, source="cross", by=None, by_unit=inspector, entries=entries(cross, "Chấm chéo minh họa"))
        dossier.scores_save(unit=unit, source="team", by=team_user, entries=entries(team, ""))
        if veto:
            results.vetoes_set(unit=unit, by=by, vetoes=[vetoes[veto]], note="Minh họa")
    results.round_decide(round=round, by=by, now=local(datetime.date(2023, 10, 30), 15, 0))
