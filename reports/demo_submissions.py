"""Demo data of the submissions area: the wards' reports for plan 000 (An Bình, mid-term review,
deadline 14/6/2022) in varied states, with real-sounding content and numbers. Idempotent: it
fills only reports nobody has started, and does nothing once any report of the duty has a version.
Written straight to the rows (with the 2022 dates of the story); no email is queued."""

import datetime
from decimal import Decimal

from django.db import transaction

from committees.models import Membership
from plans.models import Plan

from .html import sanitize_html
from .models import (
    IndicatorValue,
    ReviewComment,
    SectionAnswer,
    Submission,
    SubmissionEvent,
    SubmissionVersion,
)
from .services_submissions import snapshot

S = Submission.State

TEXTS = {
    "Công tác triển khai": "<p>Ngay sau Đại hội, Ban Thường trực Ủy ban MTTQ phường xây dựng kế hoạch, tổ chức hội nghị "
    "quán triệt Nghị quyết Đại hội MTTQ các cấp đến toàn thể Ủy viên Ủy ban, Ban Công tác Mặt trận và các chi hội "
    "đoàn thể ở khu dân cư.</p>",
    "Hình thức": "<p>Tổ chức hội nghị trực tiếp kết hợp tuyên truyền trên hệ thống loa truyền thanh, trang thông tin "
    "điện tử của phường và các nhóm Zalo khu dân cư.</p>",
    "Số cuộc, số lượt người dự": "<p>Tổ chức {meetings} cuộc với {people} lượt người dự.</p>",
    "Thuận lợi": "<p>Được sự quan tâm lãnh đạo của Đảng ủy, sự phối hợp của Ủy ban nhân dân phường; đội ngũ cán bộ "
    "Mặt trận nhiệt tình, có kinh nghiệm.</p>",
    "Khó khăn": "<p>Dịch Covid-19 kéo dài ảnh hưởng đến việc tổ chức các hoạt động tập trung đông người; kinh phí "
    "hoạt động ở khu dân cư còn hạn chế.</p>",
}
# (offset in hours before the deadline; negative: after it) per state
PLAN = [
    ("submitted", 96),
    ("submitted", 50),
    ("submitted", 30),
    ("submitted", 5),
    ("late", -20),
    ("returned", 70),
    ("accepted", 120),
]


def _at(deadline, hours):
    return deadline - datetime.timedelta(hours=hours)


@transaction.atomic
def load() -> None:
    plan = Plan.objects.filter(committee__code="anbinh", kind=Plan.Kind.INTERIM_REVIEW).order_by("pk").first()
    if plan is None:
        return
    duty = plan.duties.order_by("pk").first()
    if duty is None or SubmissionVersion.objects.filter(submission__duty=duty).exists():
        return
    reviewer = (
        Membership.objects.filter(committee=plan.committee, role=Membership.Role.STANDING)
        .select_related("user")
        .first()
    )
    reviewer = reviewer.user if reviewer else None
    items = duty.outline.ordered_items()
    indicators = [ind for item in items for ind in item.indicators.all()]
    submissions = list(
        duty.submissions.filter(state=S.NOT_STARTED).select_related("committee").order_by("committee__name")
    )
    for n, (sub, (state, hours)) in enumerate(zip(submissions, PLAN, strict=False)):
        officer = (
            Membership.objects.filter(committee=sub.committee, role__in=["officer", "leader"])
            .select_related("user")
            .first()
        )
        by = officer.user if officer else None
        meetings, people = 8 + n * 3, 420 + n * 95
        for item in items:
            text = TEXTS.get(item.title)
            if text:
                SectionAnswer.objects.create(
                    submission=sub,
                    item=item,
                    html=sanitize_html(text.format(meetings=meetings, people=people)),
                    revision=1,
                    updated_by=by,
                )
        for ind in indicators:
            value = meetings if "cuộc" in ind.name.lower() and "người" not in ind.name.lower() else people
            IndicatorValue.objects.create(submission=sub, indicator=ind, value=Decimal(value), updated_by=by)
        at = _at(duty.deadline, hours)
        started = at - datetime.timedelta(days=3)
        Submission.objects.filter(pk=sub.pk).update(
            state=S.SUBMITTED,
            started_at=started,
            last_saved_at=at,
            submitted_at=at,
            first_submitted_at=at,
            submitted_by=by,
            version=1,
        )
        sub.refresh_from_db()
        SubmissionEvent.objects.create(submission=sub, action="started", actor=by, at=started)
        version = SubmissionVersion.objects.create(submission=sub, number=1, snapshot=snapshot(sub), created_by=by)
        SubmissionEvent.objects.create(
            submission=sub,
            action="submitted",
            actor=by,
            at=at,
            note="Lần nộp thứ 1" + (" – nộp muộn" if state == "late" else ""),
        )
        if state == "returned":
            later = at + datetime.timedelta(days=1)
            item = next((i for i in items if i.title == "Khó khăn"), items[0])
            ReviewComment.objects.create(
                submission=sub,
                version=version,
                item=item,
                author=reviewer,
                text="Đề nghị nêu rõ nguyên nhân và kiến nghị, đề xuất cụ thể.",
            )
            reason = "Mục I.3 còn chung chung; đề nghị bổ sung nguyên nhân khó khăn và số liệu Ngày hội Đại đoàn kết."
            Submission.objects.filter(pk=sub.pk).update(
                state=S.RETURNED, returned_at=later, return_reason=reason, reviewed_by=reviewer
            )
            SubmissionEvent.objects.create(submission=sub, action="returned", actor=reviewer, at=later, note=reason)
        elif state == "accepted":
            later = at + datetime.timedelta(days=2)
            Submission.objects.filter(pk=sub.pk).update(state=S.ACCEPTED, accepted_at=later, reviewed_by=reviewer)
            SubmissionEvent.objects.create(submission=sub, action="accepted", actor=reviewer, at=later)
    # The rest stay "not started" (and show as missing once the deadline has passed).
