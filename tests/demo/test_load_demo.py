"""load_demo: written through the services, idempotent, and with one live round due in a few days."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from committees.access import get_access
from demo.live import DEADLINE_IN_DAYS, LIVE_TITLE, live_plan
from outbox.models import Email
from plans.models import Plan
from reminders.sweep import reminders_sweep
from reports.models import Submission, SubmissionEvent

pytestmark = pytest.mark.django_db
S = Submission.Status
User = get_user_model()


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_load_demo_twice_gives_the_same_rows():
    call_command("load_demo", force=True)
    first = _counts()
    call_command("load_demo", force=True)
    assert _counts() == first
    assert first["plans.Plan"] == 6 and first["reports.SubmissionVersion"] > 0 and first["outbox.Email"] > 0


def test_the_live_round_is_due_in_a_few_days_with_reports_at_every_stage():
    call_command("load_demo", force=True)
    plan = live_plan()
    assert plan.state == Plan.State.ISSUED and plan.committee.code == "anbinh"
    seed = Plan.objects.get(committee__code="anbinh", issued_on__year=2022)
    wards_duty, orgs_duty = plan.duties.order_by("pk")
    # The outline of 000/001, for the wards and the member organisations alike ("all audiences").
    assert wards_duty.outline == orgs_duty.outline == seed.duties.order_by("pk").first().outline
    now = timezone.now()
    for duty in (wards_duty, orgs_duty):
        deadline_day = timezone.localtime(duty.deadline).date()
        assert duty.deadline > now and deadline_day == timezone.localdate() + datetime.timedelta(days=DEADLINE_IN_DAYS)
    # Issued to the committees as they are today: the three wards of the made-up reform, not the nine.
    wards = {s.committee.code: s for s in wards_duty.submissions.with_status().select_related("committee")}
    assert sorted(wards) == ["anbinh-bac", "anbinh-nam", "anbinh-trung"]
    orgs = {s.committee.code: s for s in orgs_duty.submissions.with_status().select_related("committee")}
    assert len(orgs) == 5 and all(s.committee.kind == "member_org" for s in orgs.values())
    subs = [*wards.values(), *orgs.values()]
    statuses = [s.status for s in subs]
    for status in (S.NOT_STARTED, S.DRAFT, S.SUBMITTED_ON_TIME, S.RETURNED, S.ACCEPTED):
        assert status in statuses, status
    assert S.MISSING not in statuses and S.SUBMITTED_LATE not in statuses
    assert any(s.extended_deadline for s in subs)
    # What happened, happened before now and after the plan was issued.
    events = SubmissionEvent.objects.filter(submission__duty__plan=plan)
    assert events.exists() and all(plan.issued_at <= e.at < now for e in events)
    # The demo officers have something to do: canbo.p1 and canbo.p2 (moved from Phường 1-2 to
    # An Bình Bắc) a report returned to fix, canbo.hnd a draft to finish.
    bac, hnd = wards["anbinh-bac"], orgs["anbinh-hnd"]
    assert bac.state == "returned" and bac.comments.exists()
    assert hnd.state == "draft" and hnd.answers.exists()
    for username, sub in (("canbo.p1", bac), ("canbo.p2", bac), ("canbo.hnd", hnd)):
        assert get_access(User.objects.get(username=username)).can_write_report(sub.committee), username
    # The made-up label is in the wards' names, not in what their officers wrote.
    assert "giả định" in bac.committee.name and not bac.answers.filter(html__contains="giả định").exists()


def test_the_live_round_is_not_made_again_on_a_later_day():
    call_command("load_demo", force=True)
    plan = live_plan()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        call_command("load_demo", force=True)
    assert Plan.objects.filter(title=LIVE_TITLE).count() == 1 and live_plan() == plan


def test_the_seed_rounds_keep_their_own_dates():
    call_command("load_demo", force=True)
    seed = Plan.objects.get(committee__code="anbinh", issued_on__year=2022)
    assert seed.issued_at.year == 2022 and seed.created_at.year == 2022
    for sub in Submission.objects.filter(duty__plan=seed).exclude(state="not_started"):
        assert sub.started_at.year == 2022 and all(e.at.year == 2022 for e in sub.events.all())
        assert all(a.updated_at.year == 2022 for a in sub.answers.all())


@pytest.mark.parametrize("hour", [6, 9, 22])  # before and after the digests' hour (07:30), Vietnam time
def test_no_demo_email_is_ever_sent(hour):
    """Whatever the hour of loading (the demo once mailed the Sóc Trăng levels' digest when loaded
    after 07:30, a test that passed in the night and failed in the morning)."""
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(hour))), tick=False
    ):
        no_demo_email_is_sent()


def no_demo_email_is_sent():
    call_command("load_demo", force=True)
    # The services queued what the portal sends (receipts, notices, returns...), recorded, not sent.
    kinds = set(Email.objects.values_list("kind", flat=True))
    assert {"plan-issued", "submission-received", "submission-returned", "submission-accepted"} <= kinds
    assert not Email.objects.filter(state=Email.State.PENDING).exists()
    assert set(Email.objects.values_list("state", flat=True)) == {Email.State.NOT_SENT}
    assert not Email.objects.filter(sent_at__isnull=False).exists()
    assert not Email.objects.due().exists()
    # The first sweep of `make run` finds the live round's reminders of today already recorded.
    before = Email.objects.count()
    reminders_sweep(now=timezone.now())
    assert Email.objects.count() == before
    assert mail.outbox == []


# --- safety: not on a production database, never re-elevating an account ---------------------
def test_load_demo_refuses_with_debug_off_unless_forced(settings):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert not get_user_model().objects.filter(username="quantri").exists()
    settings.DEBUG = True
    call_command("load_demo")
    assert get_user_model().objects.get(username="quantri").is_superuser


def test_an_existing_account_with_a_demo_username_is_never_elevated():
    from django.contrib.auth import get_user_model

    from committees.models import Membership
    from demo.committees import DEMO_PASSWORD

    User = get_user_model()
    own = User.objects.create_user("quantri", email="that@person.vn", password="Rieng-cua-toi-2025")
    call_command("load_demo", force=True)
    own.refresh_from_db()
    assert not own.is_staff and not own.is_superuser
    assert own.check_password("Rieng-cua-toi-2025") and not own.check_password(DEMO_PASSWORD)

    # An account the first run made, changed since by an administrator: a second run leaves it so.
    officer = User.objects.get(username="canbo.p1")
    officer.set_password("Doi-roi-2025")
    officer.save()
    Membership.objects.filter(user=officer).delete()
    boss = User.objects.get(username="btt.anbinh")
    boss.is_staff = False
    boss.save()
    call_command("load_demo", force=True)
    officer.refresh_from_db()
    assert officer.check_password("Doi-roi-2025") and not Membership.objects.filter(user=officer).exists()
    assert not User.objects.get(username="btt.anbinh").is_staff
    assert not User.objects.get(username="quantri").is_superuser
