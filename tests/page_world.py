"""The world of the page access probe (tests/test_access_probe_pages.py): one of every kind of object
a page of the portal shows, all of them ward A1's (or, for what only a standing committee holds,
city A's), each carrying a marker text "MẬT-A-<kind>" that nobody outside ward A1 and city A's
standing committee may ever read. Ward A2 (the other ward's officer) owes none of it, so that any
marker on a page of its officer is a leak. Built through the services where they exist, at one
frozen moment (BUILT_AT) before the inspection day and the report deadline."""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import local_dt, make_committee, make_user
from tests.congresses.conftest import answer_all
from tests.congresses.test_shortlist import ROW

BUILT_AT = local_dt(2023, 10, 5, 9, 0)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MARK = "MẬT-A-"
MARKS: set[str] = set()  # every marker the world wrote


def mark(kind: str) -> str:
    MARKS.add(MARK + kind)
    return MARK + kind


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _reports(tree, personas, w):
    from plans.models import Milestone, Plan, PlanAttachment, PlanRevision, Recipient
    from plans.services import plan_snapshot
    from reports.models import Extension, Indicator, Outline, OutlineItem, ReportingDuty, Submission
    from reports.submissions import services as submissions
    from reports.typical.services import typical_mark

    reviewer, officer = personas.reviewer, personas.officer
    w.outline = Outline.objects.create(committee=tree.city_a, title=f"Đề cương {mark('outline')}", created_by=reviewer)
    w.item = OutlineItem.objects.create(outline=w.outline, position=0, label="I.", title=mark("outline-item"))
    w.indicator = Indicator.objects.create(item=w.item, name=mark("indicator"), unit="cuộc", position=0)
    w.plan = Plan.objects.create(
        committee=tree.city_a,
        kind=Plan.Kind.OTHER,
        state=Plan.State.ISSUED,
        number=41,
        year=2023,
        issued_on=datetime.date(2023, 9, 1),
        title=f"Kế hoạch {mark('plan')}",
        purpose=mark("plan-purpose"),
        created_by=reviewer,
        issued_by=reviewer,
        issued_at=local_dt(2023, 9, 1, 9, 0),
    )
    Milestone.objects.create(plan=w.plan, level_label="Cấp phường", description=mark("milestone"), position=0)
    Recipient.objects.create(plan=w.plan, name=mark("recipient"), position=0)
    w.plan_attachment = PlanAttachment(
        plan=w.plan, original_name=f"{mark('plan-file')}.pdf", size=len(PDF), uploaded_by=reviewer
    )
    w.plan_attachment.file.save("ke-hoach.pdf", ContentFile(PDF), save=False)
    w.plan_attachment.save()
    w.plan_revision = PlanRevision.objects.create(
        plan=w.plan, version=1, snapshot=plan_snapshot(w.plan), note=mark("plan-revision"), created_by=reviewer
    )
    w.duty = ReportingDuty.objects.create(
        plan=w.plan,
        outline=w.outline,
        title=f"Báo cáo {mark('duty')}",
        deadline=local_dt(2023, 12, 29, 23, 59),
        approval_tiers=["district"],
    )
    w.duty.committees.set([tree.ward_a1])
    w.sub = Submission.objects.create(duty=w.duty, committee=tree.ward_a1)
    # A second duty A1 has not started: the plan's reminders have someone to chase.
    w.open_duty = ReportingDuty.objects.create(
        plan=w.plan, outline=w.outline, title=f"Báo cáo {mark('open-duty')}", deadline=local_dt(2023, 12, 30, 23, 59)
    )
    w.open_duty.committees.set([tree.ward_a1])
    w.open_sub = Submission.objects.create(duty=w.open_duty, committee=tree.ward_a1)
    submissions.section_save(submission=w.sub, item=w.item, html=f"<p>{mark('answer')}</p>", revision=0, by=officer)
    submissions.indicator_values_save(submission=w.sub, raw_values={w.indicator.pk: "7"}, by=officer)
    w.attachment = submissions.attachment_add(
        submission=w.sub, uploaded_file=pdf(f"{mark('evidence')}.pdf"), by=officer
    )
    submissions.submission_submit(submission=w.sub, by=officer)
    w.sub.refresh_from_db()
    w.comment = submissions.review_comment_add(submission=w.sub, by=reviewer, text=mark("review-comment"))
    w.typical = typical_mark(submission=w.sub, item=w.item, by=reviewer, text=mark("answer"))
    Extension.objects.create(
        submission=w.sub, new_deadline=local_dt(2024, 1, 5, 23, 59), reason=mark("extension"), granted_by=reviewer
    )

    # City A's own report to the province, pre-filled from the consolidation of its wards.
    province_btt = make_user("btt_tinh", tree.province, "standing")
    upward_plan = Plan.objects.create(
        committee=tree.province,
        kind=Plan.Kind.OTHER,
        state=Plan.State.ISSUED,
        number=7,
        year=2023,
        issued_on=datetime.date(2023, 9, 1),
        title="Kế hoạch của tỉnh",
        created_by=province_btt,
        issued_by=province_btt,
        issued_at=local_dt(2023, 9, 1, 9, 0),
    )
    upward_duty = ReportingDuty.objects.create(
        plan=upward_plan, outline=w.outline, title="Báo cáo của thành phố", deadline=local_dt(2023, 12, 30, 23, 59)
    )
    upward_duty.committees.set([tree.city_a])
    w.upward = Submission.objects.create(duty=upward_duty, committee=tree.city_a)
    submissions.section_save(
        submission=w.upward, item=w.item, html="<p>Thành phố đã tổ chức 12 hội nghị.</p>", revision=0, by=reviewer
    )


def _consolidation(w, personas):
    from reports.consolidation.services import consolidation_run
    from reports.models import ConsolidationBuild

    build = ConsolidationBuild.objects.create(duty=w.duty, requested_by=personas.reviewer, include_drafts=True)
    consolidation_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.state == ConsolidationBuild.State.DONE, build.error
    w.build = build


def _inspections(tree, personas, w):
    from inspections.dossiers import services as dossiers
    from inspections.models import Criterion, Unit
    from inspections.setup import services

    reviewer = personas.reviewer
    w.ward_a3 = make_committee("tp-a-p3", "Ủy ban MTTQ Phường A3", "Phường", tree.city_a)
    w.officer_a3 = make_user("canbo_a3", w.ward_a3, "officer")
    ward_a4 = make_committee("tp-a-p4", "Ủy ban MTTQ Phường A4", "Phường", tree.city_a)
    officer_a4 = make_user("canbo_a4", ward_a4, "officer")
    w.round = services.round_create(
        committee=tree.city_a,
        by=reviewer,
        title=f"Kiểm tra {mark('inspection-round')}",
        year=2023,
        example_table=True,
        deadline_stated=datetime.date(2023, 10, 12),
    )
    w.day = services.day_save(
        round=w.round, by=reviewer, date=datetime.date(2023, 10, 17), place=mark("inspection-place")
    )
    services.units_set(day=w.day, by=reviewer, committees=[tree.ward_a1, w.ward_a3, ward_a4])
    services.pairs_generate(day=w.day, by=reviewer)
    w.team_user = make_user("to_kiem_tra", tree.city_a, "officer")
    services.team_member_save(round=w.round, by=reviewer, user=w.team_user, title="Thành viên", days=[w.day])
    w.unit = Unit.objects.get(round=w.round, committee=tree.ward_a1)
    w.unit_a3 = Unit.objects.get(round=w.round, committee=w.ward_a3)
    inspector = Unit.objects.get(cross_target=w.unit)  # the unit that scores A1 on the day
    w.cross_officer = w.officer_a3 if inspector.committee_id == w.ward_a3.pk else officer_a4
    w.group = w.round.groups.order_by("position").first()
    w.criterion = Criterion.objects.filter(group=w.group).order_by("position").first()
    w.veto = services.veto_save(round=w.round, by=reviewer, label=mark("veto"), cap_band=w.round.bands.last())
    w.agenda_item = w.round.agenda_items.filter(day=None).order_by("position").first()
    dossiers.scores_save(
        unit=w.unit,
        source="self",
        by=personas.officer,
        entries={w.criterion.pk: dossiers.Entry(points="1", note=mark("self-score"))},
    )
    dossiers.report_save(
        unit=w.unit, by=personas.officer, results=mark("unit-report"), models="", difficulties="", proposals=""
    )
    w.inspection_evidence = dossiers.evidence_add(
        unit=w.unit, criterion=w.criterion, by=personas.officer, upload=pdf(f"{mark('inspection-evidence')}.pdf")
    )


def _congresses(tree, personas, w):
    from congresses.dossier import services as dossier
    from congresses.records import services as records
    from congresses.rounds.services import candidate_add, pilot_choose, round_create
    from congresses.shortlist.services import nominee_save

    reviewer, officer = personas.reviewer, personas.officer
    w.congress_round = round_create(
        committee=tree.city_a, title=f"Đại hội {mark('congress-round')}", preset="2024-2029", by=reviewer
    )
    w.candidate = candidate_add(round=w.congress_round, committee=tree.ward_a1, by=reviewer)
    answer_all(w.candidate, by=reviewer)
    w.congress = pilot_choose(candidate=w.candidate, reason=mark("pilot-reason"), by=reviewer)
    w.level = w.congress.level
    w.round_document = w.congress_round.documents.order_by("position").first()
    w.nominee = nominee_save(
        congress=w.congress,
        raw={**ROW, "current_position": mark("nominee")},
        by=officer,
    )
    w.attendee = records.attendee_add(
        congress=w.congress, kind="guest", full_name="Trần Văn Khách", title=mark("attendee")
    )
    for document in w.congress_round.documents.filter(required=True):
        w.document_version = dossier.document_upload(
            congress=w.congress, key=document.key, upload=pdf(f"{document.key}.pdf"), by=officer
        )
    dossier.dossier_send(congress=w.congress, by=officer)
    w.congress.refresh_from_db()
    w.case = w.congress.case


def _approvals(personas, w):
    from approvals import services as approvals
    from approvals.selectors import case_state

    step = case_state(w.case).current_step  # the ward's Party committee: recorded by the ward
    w.meeting = approvals.meeting_record(
        case=w.case,
        step=step,
        held_on=datetime.date(2023, 10, 4),
        conclusions=mark("meeting"),
        minutes=pdf(f"{mark('minutes')}.pdf"),
        by=personas.officer,
    )


def _the_rest(tree, personas, w):
    from django.contrib.auth import get_user_model

    from api.services import api_token_create
    from committees.models import Membership
    from reminders.models import ReminderRule

    w.rule = ReminderRule.objects.create(scope_key=f"plan:{w.plan.pk}", days_before="9,4", updated_by=personas.reviewer)
    membership = Membership.objects.get(user=personas.officer, committee=tree.ward_a1)
    membership.title = mark("member-title")  # recorded in the change history of A1 and its officer
    membership.save()
    w.token, _raw = api_token_create(user=personas.officer, name=mark("api-token"))
    # The portal's administrator: the only one who opens the operations and tree-import pages.
    w.superuser = get_user_model().objects.create_superuser("quan_tri", "quan_tri@mttq.example", "x")


def build(tree, personas) -> SimpleNamespace:
    import time_machine

    w = SimpleNamespace()
    with time_machine.travel(BUILT_AT, tick=False):
        _reports(tree, personas, w)
        _consolidation(w, personas)
        _inspections(tree, personas, w)
        _congresses(tree, personas, w)
        _approvals(personas, w)
        _the_rest(tree, personas, w)
    return w
