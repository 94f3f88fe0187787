"""demo.submissions.load(): varied states for plan 000's wards, idempotent."""

import pytest

from demo import submissions as demo_submissions
from reports.models import Submission, SubmissionVersion

pytestmark = pytest.mark.django_db


def test_does_nothing_without_plan_000(issued_plan):
    demo_submissions.load()
    assert not SubmissionVersion.objects.exists()


def test_fills_states_and_is_idempotent(issued_plan, tree):
    tree.city_a.code = "anbinh"
    tree.city_a.save()
    demo_submissions.load()
    states = dict(Submission.objects.filter(duty=issued_plan.duty).values_list("committee__code", "state"))
    # Three reports in the fixture, ordered by committee name: the org, ward A1, ward A2.
    assert states == {"tp-a-hnd": "submitted", "tp-a-p1": "submitted", "tp-a-p2": "submitted"}
    sub = Submission.objects.get(pk=issued_plan.sub_a1.pk)
    assert sub.answers.filter(html__contains="quán triệt").exists()
    assert sub.get_status() == Submission.Status.SUBMITTED_ON_TIME
    before = SubmissionVersion.objects.count()
    demo_submissions.load()
    assert SubmissionVersion.objects.count() == before == 3


def test_late_returned_and_accepted_states(issued_plan, tree, personas):
    from tests.conftest import make_committee

    tree.city_a.code = "anbinh"
    tree.city_a.save()
    for i in range(3, 8):  # more wards, as plan 000 has nine
        ward = make_committee(f"tp-a-p{i}", f"Ủy ban MTTQ Phường A{i}", "Phường", tree.city_a)
        Submission.objects.create(duty=issued_plan.duty, committee=ward)
    demo_submissions.load()
    statuses = [s.status for s in Submission.objects.filter(duty=issued_plan.duty).with_status()]
    assert statuses.count(Submission.Status.SUBMITTED_LATE) == 1
    assert statuses.count(Submission.Status.RETURNED) == 1
    assert statuses.count(Submission.Status.ACCEPTED) == 1
    assert statuses.count(Submission.Status.SUBMITTED_ON_TIME) == 4
    assert len(statuses) - 7 == 1  # the eighth is left not started / missing
    returned = Submission.objects.get(duty=issued_plan.duty, state="returned")
    assert returned.comments.exists() and returned.return_reason


def test_load_demo_gives_varied_dated_reports_for_wards_and_member_orgs():
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from reports.models import ConsolidationBuild, ReportingDuty, SubmissionEvent

    call_command("load_demo", force=True)
    call_command("load_demo", force=True)  # idempotent
    wards_duty, orgs_duty = ReportingDuty.objects.filter(plan__committee__code="anbinh", plan__year=2022).order_by("pk")
    wards = list(Submission.objects.filter(duty=wards_duty).with_status().select_related("committee"))
    statuses = sorted(s.status for s in wards)
    S = Submission.Status
    assert statuses.count(S.SUBMITTED_ON_TIME) == 4
    assert statuses.count(S.SUBMITTED_LATE) == 1
    assert statuses.count(S.RETURNED) == 1 and statuses.count(S.ACCEPTED) == 1
    assert sum(1 for s in wards if s.state == "not_started") == 2
    assert SubmissionVersion.objects.filter(submission__duty=wards_duty).count() == 7

    written = [s for s in wards if s.state != "not_started"]
    leaves = [i for i in wards_duty.outline.ordered_items() if not i.children.exists()]
    texts = {}
    for sub in written:
        # Submitted by a person, at the story's 2022 time; its version and events carry that time.
        assert sub.submitted_by is not None
        assert sub.submitted_at.year == 2022 and sub.first_submitted_at == sub.submitted_at
        version = sub.versions.get()
        assert version.created_at == sub.submitted_at
        event = sub.events.get(action=SubmissionEvent.Action.SUBMITTED)
        assert event.at == sub.submitted_at and event.actor == sub.submitted_by
        assert all(e.at.year == 2022 for e in sub.events.all())
        assert all(c.created_at.year == 2022 for c in sub.comments.all())
        # Most sections written, beyond section I; the text is the ward's own.
        answered = {a.item_id for a in sub.answers.all()}
        assert len(answered & {i.pk for i in leaves}) > len(leaves) * 0.6
        assert sub.answers.filter(item__title__startswith="Về ưu điểm").exists()
        assert sub.answers.filter(item__title__startswith="Kết quả tổ chức Ngày hội").exists()
        texts[sub.committee.code] = "".join(a.html for a in sub.answers.order_by("item__pk"))
    late = next(s for s in wards if s.status == S.SUBMITTED_LATE)
    assert timezone.localtime(late.submitted_at) > timezone.localtime(wards_duty.deadline)
    assert late.events.get(action="submitted").note == "Lần nộp thứ 1 – nộp muộn"
    # Different paragraphs per ward, not one text copied.
    assert len(set(texts.values())) == len(texts)
    firsts = {s.committee.code: s.answers.get(item__title="Công tác triển khai").html for s in written}
    assert len(set(firsts.values())) >= 3
    assert all("khu phố" in t for t in texts.values())
    # Some optional sections are left empty in some wards.
    relief = [s for s in written if s.answers.filter(item__title__startswith="Kết quả vận động, cứu trợ").exists()]
    assert 0 < len(relief) < len(written)

    orgs = {s.committee.code: s for s in Submission.objects.filter(duty=orgs_duty).with_status()}
    hnd, hlhpn = orgs["anbinh-hnd"], orgs["anbinh-hlhpn"]
    assert hnd.status == S.SUBMITTED_ON_TIME and hnd.submitted_by.username == "canbo.hnd"
    assert hnd.versions.get().created_at == hnd.submitted_at
    assert hnd.answers.filter(item__title__startswith="HOẠT ĐỘNG CỦA CÁC TỔ CHỨC THÀNH VIÊN", html__contains="VietGAP").exists()
    assert hlhpn.state == "draft" and not hlhpn.versions.exists() and hlhpn.answers.exists()
    assert hlhpn.last_saved_at < wards_duty.deadline + datetime.timedelta(days=1)
    assert sum(1 for s in orgs.values() if s.state == "not_started") == 3
    # The consolidation demo still builds on these reports.
    assert ConsolidationBuild.objects.filter(duty=wards_duty).exists()
