"""The live round: a plan of the city of An Bình whose reports are due a few days after the day
load_demo first runs, so that a new user sees the portal as it is used (the seeds' rounds all
ended years ago, and every dashboard of theirs says "quá hạn").

Made from the same outline as seed 000/001 and, like it, with two duties on that outline: the
wards' and the member organisations' ("all audiences" in one consolidated report). It is issued
to the committees as they are today, after the made-up reform of 01/07/2025 (demo/reform.py): the
three new wards An Bình Bắc, Trung and Nam, and the five member organisations, through
plan_issue_with_duties (notice emails queued, as a real issue does). Then the reports are at every
stage, each written through the services an officer and the standing committee use:

    An Bình Bắc    returned with a comment (canbo.p1, canbo.p2, moved from Phường 1-2, fix it)
    An Bình Trung  draft, just begun            Hội Nông dân            draft (canbo.hnd goes on)
    An Bình Nam    accepted                     Hội Liên hiệp Phụ nữ    submitted on time
                                                Liên đoàn Lao động      not started, deadline extended
                                                Hội Cựu chiến binh, Đoàn Thanh niên   not started

Every date is counted from the day of loading: issued 9 days before, the reports' work in the days
since (always before today), the deadline 5 days after. The services stamp "now"; the stamps are
moved back to those days (demo/history.py). The reminders the portal would already have sent by
now (the current step of its schedule, and today's digest) are recorded as the sweep records them,
so that `make run` does not mail them in its first minutes; every email is recorded, never sent
(demo/emails.py).

Idempotent: the round is found by its fixed title (LIVE_TITLE); once it exists nothing is done,
whatever day load_demo runs again.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from committees.models import Committee
from demo.emails import emails_recorded_not_sent, reminders_already_sent
from demo.history import local, redate_extension, redate_plan, redate_writing
from demo.plans import SIGN, plan_000
from demo.submissions import (
    accept,
    give_back,
    org_texts,
    reviewer_of,
    sign,
    submit,
    ward_texts,
    write,
    writer,
)
from plans.models import Plan
from plans.services import plan_create
from reports.duties.services import duty_save, extension_grant, local_deadline, plan_issue_with_duties
from reports.models import ReportingDuty, Submission

LIVE_TITLE = "Sơ kết công tác Mặt trận và tình hình thực hiện Nghị quyết Đại hội MTTQ Việt Nam các cấp"
DUTY_TITLE = "Báo cáo sơ kết của Ủy ban MTTQ các phường"
ORGS_DUTY_TITLE = "Báo cáo sơ kết của các tổ chức thành viên"
ISSUED_DAYS_AGO = 9
DEADLINE_IN_DAYS = 5
EXTENSION_DAYS = 3
EXTENSION_REASON = "Liên đoàn đang kiện toàn Ban Thường vụ sau khi Chủ tịch nghỉ hưu; xin lùi hạn 03 ngày."
SALT = "-live"  # other numbers and phrases than the same committee's 2022 report

# Per committee code: (state, started, last saved or submitted, reviewed); each moment is (days
# before the day of loading, hour, minute), always at least a day back. A committee not named
# here has not started. The organisations that write are the two with texts of their own
# (demo/submissions.py ORG).
REPORTS = {
    "anbinh-bac": ("returned", (6, 8, 30), (4, 9, 30), (3, 10, 15)),
    "anbinh-trung": ("draft", (1, 8, 40), (1, 11, 5), None),
    "anbinh-nam": ("accepted", (7, 7, 50), (5, 10, 0), (3, 16, 0)),
    "anbinh-hnd": ("draft", (2, 14, 10), (1, 16, 45), None),
    "anbinh-hlhpn": ("submitted", (5, 8, 5), (2, 15, 20), None),
    "anbinh-ldld": ("extended", None, None, (2, 10, 0)),
}
DRAFT_SHARE = {"anbinh-trung": 0.2, "anbinh-hnd": 0.5}  # how much of the report each draft has written so far


def live_plan() -> Plan | None:
    return Plan.objects.filter(committee__code="anbinh", title=LIVE_TITLE).order_by("pk").first()


def _fields(deadline_day: datetime.date, issued_on: datetime.date) -> dict:
    due = deadline_day.strftime("%d/%m/%Y")
    return dict(
        kind=Plan.Kind.INTERIM_REVIEW,
        title=LIVE_TITLE,
        issued_on=issued_on,
        preamble=(
            "Để đánh giá kết quả công tác Mặt trận và tình hình thực hiện Nghị quyết Đại hội Mặt trận Tổ quốc Việt Nam các cấp, "
            "Ban Thường trực Ủy ban MTTQ Việt Nam thành phố đề nghị Ủy ban MTTQ Việt Nam các phường và các tổ chức thành viên "
            "xây dựng báo cáo sơ kết với những nội dung cụ thể như sau:"
        ),
        purpose=(
            "1. Đánh giá đúng kết quả đạt được, chỉ ra những hạn chế, nguyên nhân và bài học kinh nghiệm trong tổ chức thực hiện.\n"
            "2. Đề xuất, kiến nghị những giải pháp phù hợp với tình hình thực tiễn của địa phương trong thời gian tới."
        ),
        content=(
            "Ủy ban MTTQ Việt Nam các phường và các tổ chức thành viên báo cáo theo đề cương đính kèm (đề cương báo cáo sơ kết), "
            "nêu rõ số cuộc, số lượt người dự và các kết quả nổi bật ở khu dân cư."
        ),
        milestones=f"Cấp phường, các tổ chức thành viên: gửi báo cáo trên Cổng báo cáo MTTQ chậm nhất ngày {due}",
        organisation=(
            "Ủy ban MTTQ Việt Nam các phường và các tổ chức thành viên xây dựng báo cáo sơ kết (không quá 10 trang) gửi về Ban Thường trực Ủy ban "
            f"Mặt trận Tổ quốc Việt Nam thành phố (trên Cổng báo cáo MTTQ) chậm nhất ngày {due}."
        ),
        closing_text=(
            "Trong quá trình thực hiện, nếu có gì vướng mắc, đề nghị Ủy ban MTTQ Việt Nam các phường, "
            "các tổ chức thành viên phản ánh về Ban Thường trực "
            "UBMTTQVN thành phố để có sự chỉ đạo chung./."
        ),
        recipients="Thường trực Thành ủy (B/c)\nBTT UBMTTQVN TP (T/h)\nUBMTTQVN 3 phường (T/h)\nCác tổ chức thành viên (T/h)\nLưu VP UBMTTQVN TP",
        signer_name="Nguyễn Hồng Hải",
        **SIGN,
    )


def _at(today: datetime.date, moment) -> datetime.datetime:
    days, hour, minute = moment
    return local(today - datetime.timedelta(days=days), hour, minute)


@transaction.atomic
def load() -> None:
    seed = plan_000()
    if seed is None or live_plan() is not None:
        return
    outline = seed.duties.order_by("pk").first().outline
    today = timezone.localdate()
    issued_on = today - datetime.timedelta(days=ISSUED_DAYS_AGO)
    deadline_day = today + datetime.timedelta(days=DEADLINE_IN_DAYS)
    city = Committee.objects.get(code="anbinh")
    reviewer = reviewer_of(city)
    with emails_recorded_not_sent():
        plan = plan_create(committee=city, by=reviewer, **_fields(deadline_day, issued_on))
        for title, targets in (
            (DUTY_TITLE, ReportingDuty.Targets.CHILDREN),
            (ORGS_DUTY_TITLE, ReportingDuty.Targets.MEMBER_ORGS),
        ):
            duty_save(
                plan=plan,
                by=reviewer,
                outline=outline,
                title=title,
                deadline=local_deadline(deadline_day),
                targets=targets,
                page_limit=10,
            )
        plan = plan_issue_with_duties(plan=plan, by=reviewer, issued_on=issued_on)
        redate_plan(plan, created=local(issued_on - datetime.timedelta(days=2), 15, 0), issued=local(issued_on, 9, 0))
        _reports(plan, today, reviewer)
        reminders_already_sent(scope_key=f"plan:{plan.pk}")


def _reports(plan: Plan, today: datetime.date, reviewer) -> None:
    subs = Submission.objects.filter(duty__plan=plan).select_related("committee", "duty__outline")
    for n, sub in enumerate(subs.order_by("duty_id", "committee__sort_name")):
        code = sub.committee.code
        if code not in REPORTS:
            continue
        state, started, done, reviewed = REPORTS[code]
        if state == "extended":
            extension = extension_grant(
                submission=sub,
                new_deadline=sub.deadline + datetime.timedelta(days=EXTENSION_DAYS),
                reason=EXTENSION_REASON,
                by=reviewer,
            )
            redate_extension(extension, at=_at(today, reviewed))
            continue
        items = sub.duty.outline.ordered_items()
        by = writer(sub.committee, n)
        if sub.committee.kind == Committee.Kind.MEMBER_ORG:
            texts, values = org_texts(sub.committee, n, SALT)
        else:
            texts, values = ward_texts(sub.committee, n, SALT)
        if state == "draft":
            keys = list(texts)[: max(1, round(len(texts) * DRAFT_SHARE[code]))]
            write(sub, items, {k: texts[k] for k in keys}, values, by)
            redate_writing(sub, started=_at(today, started), saved=_at(today, done))
            continue
        write(sub, items, texts, values, by)
        sign(sub, n, by, SALT)
        submit(sub, by, started=_at(today, started), at=_at(today, done))
        if state == "returned":
            give_back(sub, items, reviewer, at=_at(today, reviewed))
        elif state == "accepted":
            accept(sub, reviewer, at=_at(today, reviewed))


def live_statuses() -> dict[str, str]:
    """{committee code: status} of the live round's reports (for the tests and a quick look)."""
    plan = live_plan()
    if plan is None:
        return {}
    return dict(Submission.objects.filter(duty__plan=plan).with_status().values_list("committee__code", "status"))
