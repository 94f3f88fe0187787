"""One small world in which every API endpoint has an object to be asked about: city A's plan for
wards A1, A2 and the member organisation (tests.conftest.issued_plan), a second plan of city A owed
by ward A1 alone, city A's inspection round (tests.inspections.conftest.rnd) and the province's
congress round with ward A1 as a pilot."""

from types import SimpleNamespace

from tests.conftest import local_dt, make_user


def a1_only_plan(tree, personas, outline):
    """A plan of city A whose one duty only ward A1 owes: nobody else below city A sees it."""
    from plans.models import Plan
    from reports.models import ReportingDuty, Submission

    plan = Plan.objects.create(
        committee=tree.city_a,
        kind=Plan.Kind.OTHER,
        state=Plan.State.ISSUED,
        number=30,
        year=2022,
        issued_on=local_dt(2022, 7, 1).date(),
        title="Kế hoạch riêng của phường A1",
        created_by=personas.reviewer,
        issued_by=personas.reviewer,
        issued_at=local_dt(2022, 7, 1, 9, 0),
    )
    duty = ReportingDuty.objects.create(
        plan=plan, outline=outline, title="Báo cáo riêng phường A1", deadline=local_dt(2022, 8, 1, 23, 59)
    )
    duty.committees.set([tree.ward_a1])
    return SimpleNamespace(plan=plan, duty=duty, sub=Submission.objects.create(duty=duty, committee=tree.ward_a1))


def congress_round(tree, *, committee=None, by=None):
    """The province's 2024-2029 round (or `committee`'s, made by `by`), ward A1 its chosen pilot."""
    from committees.models import Membership
    from congresses.rounds.services import candidate_add, pilot_choose, round_create
    from tests.congresses.conftest import answer_all

    province_btt = by or make_user("btt_tinh", tree.province, Membership.Role.STANDING)
    rnd = round_create(
        committee=committee or tree.province,
        title="Đại hội điểm nhiệm kỳ 2024-2029",
        preset="2024-2029",
        by=province_btt,
    )
    candidate = candidate_add(round=rnd, committee=tree.ward_a1, by=province_btt)
    answer_all(candidate, by=province_btt)
    congress = pilot_choose(candidate=candidate, reason="Đủ tiêu chí", by=province_btt)
    return SimpleNamespace(round=rnd, congress=congress, province_btt=province_btt)
