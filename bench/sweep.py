"""Reminder sweep: one sweep over N open duties and the sending of its emails; target: the sweep of 3,500 (--full) within 5 s.

Reminder sweep benchmark: one sweep over 3,500 open duties (a national round: 3,500 committees
that have not reported, each with its own address and an officer's: 7,000 reminder emails), then
the sending of those emails to a local SMTP sink (aiosmtpd on loopback, as in the tests).

Printed per database: the sweep's wall time (target 5 s), how many reminder rows and emails it
queued, the digest first, and the sending: emails per second through the outbox's every-minute
task to the SMTP sink. The ratio is against a sweep of 350 duties measured in the same run (ten
times fewer: a set-based sweep grows at most linearly).

    .venv/bin/python bench/sweep.py                       # SQLite (temp file) then PostgreSQL
    .venv/bin/python bench/sweep.py --db sqlite
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/bench_sweep .venv/bin/python bench/sweep.py --db postgres
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sizes import full

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_sweep"
TARGET_S = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duties", type=int, default=3500 if full() else 350, help="3,500 with --full, else 350")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args.db, args.duties)
    status = 0
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        status |= subprocess.call([sys.executable, __file__, "--child", "--db", db, "--duties", str(args.duties)])
    return status


def run_child(db: str, n: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")
    tmpdir = tempfile.TemporaryDirectory(prefix="bench-sweep-")
    os.environ["VAR_DIR"] = tmpdir.name
    # the broker each setting really has: kombu's filesystem transport embedded, Redis in production
    # (nothing consumes the messages here: the sending below runs the every-minute task itself)
    os.environ["CELERY_BROKER_URL"] = "filesystem://" if db == "sqlite" else os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir.name}/bench.sqlite3"
    else:
        from bench.dashboard import recreate_postgres

        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
        recreate_postgres(url)
        os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    t_small, counts_small = sweep(build(n // 10, prefix="s"))
    t_large, counts_large = sweep(build(n, prefix="l"))
    print(
        f"{db:8} sweep of {counts_large['duties']:,} open duties: {t_large:.2f} s "
        f"(target {TARGET_S:.0f} s: {'met' if t_large <= TARGET_S else 'NOT met'}); "
        f"{counts_large['reminders']:,} reminders, {counts_large['emails']:,} emails queued, "
        f"{counts_large['digests']} digest; {counts_small['duties']:,} duties: {t_small:.2f} s; "
        f"ratio {t_large / t_small:.1f} for 10x the duties",
        flush=True,
    )
    send(db, counts_large["emails"] + counts_small["emails"])
    tmpdir.cleanup()
    return 0


def build(n: int, *, prefix: str):
    """A standing committee with `n` committees below it, each owing one report due tomorrow."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from committees.models import Committee, Membership
    from lib.vnsort import sort_key
    from plans.models import Plan
    from reports.models import Outline, ReportingDuty, Submission

    now = timezone.now()
    with transaction.atomic():
        top = Committee.objects.create(name=f"Ủy ban {prefix}", level="Tỉnh", code=f"{prefix}-top", emails=f"{prefix}@x.vn")
        user = get_user_model().objects.create_user(f"{prefix}-btt", email=f"btt-{prefix}@x.vn")
        Membership.objects.create(user=user, committee=top, role="standing")
        below = [
            Committee(
                name=f"Ủy ban MTTQ xã {i}",
                level="Xã",
                code=f"{prefix}{i}",
                parent=top,
                path=f"{top.path}{i:09d}/",
                depth=1,
                tier="commune",
                sort_name=sort_key(f"Ủy ban MTTQ xã {i}"),
                emails=f"{prefix}{i}@x.vn",
            )
            for i in range(n)
        ]
        Committee.objects.bulk_create(below, batch_size=1000)
        below = list(Committee.objects.filter(parent=top))
        users = get_user_model().objects.bulk_create(
            [get_user_model()(username=f"{prefix}-cb{c.pk}", email=f"cb{c.pk}@x.vn") for c in below], batch_size=1000
        )
        Membership.objects.bulk_create(
            [Membership(user=u, committee=c, role="officer") for u, c in zip(users, below, strict=True)], batch_size=1000
        )
        outline = Outline.objects.create(committee=top, title="Đề cương")
        plan = Plan.objects.create(committee=top, state="issued", title="Kế hoạch", number=1, year=2026, issued_on=now.date())
        duty = ReportingDuty.objects.create(plan=plan, outline=outline, title="Báo cáo", deadline=now + timedelta(hours=20))
        Submission.objects.bulk_create([Submission(duty=duty, committee=c) for c in below], batch_size=2000)
    return plan


def sweep(plan):
    from datetime import time as clock

    from django.utils import timezone

    from outbox.models import Email
    from reminders.models import Digest, Reminder
    from reminders.sweep import reminders_sweep

    now = timezone.localtime().replace(hour=9, minute=0)  # after the digest hour, the deadline tomorrow
    assert now.time() > clock(7, 30)
    scope = f"plan:{plan.pk}"
    before = Email.objects.count()
    started = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(reminders_sweep, now=now)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    else:
        reminders_sweep(now=now)
    elapsed = time.perf_counter() - started
    return elapsed, {
        "duties": plan.duties.first().submissions.count(),
        "reminders": Reminder.objects.filter(scope_key=scope).count(),
        "emails": Email.objects.count() - before,
        "digests": Digest.objects.filter(standing_committee=plan.committee).count(),
    }


def send(db: str, total: int) -> None:
    """Deliver the queued emails to an SMTP sink on loopback through the outbox's due-email task."""
    from aiosmtpd.controller import Controller
    from django.conf import settings

    from outbox.models import Email
    from outbox.services import emails_send_due

    class Sink:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.received += 1
            return "250 OK"

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    started = time.perf_counter()
    first_kind = emails_send_due_first_kind()
    rounds = 0
    while Email.objects.filter(state="pending").exists() and rounds < 100:
        emails_send_due()
        rounds += 1
    elapsed = time.perf_counter() - started
    controller.stop()
    print(
        f"{db:8} sending: {Sink.received:,} of {total:,} emails in {elapsed:.1f} s ({Sink.received / elapsed:.0f}/s) "
        f"in {rounds} run(s) of the every-minute task; first sent: {first_kind}",
        flush=True,
    )


def emails_send_due_first_kind() -> str:
    from outbox.models import Email

    return Email.objects.due().order_by("next_attempt_at").values_list("kind", flat=True).first() or "-"


if __name__ == "__main__":
    sys.exit(main())
