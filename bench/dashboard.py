"""Dashboard benchmark: a national-size committee tree and 10 open plans, measured through
Django's test client (a benchmark, not a test).

The tree: the central committee, 9 central member organisations, 34 provinces, each with 4 member
organisations, and 3,321 communes: 3,500 reporting committees. The central committee has 10 issued
plans (one report each, from all 3,500, in mixed states; 4 past their deadline) with 3 indicators
(sum, max, average); one province has 3 plans of its own over its ~100 committees.

Measured per database: the plans overview and one plan's dashboard for the central committee and
for the province, plus the central plan drilled down to the province: median and p95 time of the
request as Django serves it (test client, in process, no network), and the number of SQL queries.

    .venv/bin/python bench/dashboard.py                      # SQLite (temp file) then PostgreSQL
    .venv/bin/python bench/dashboard.py --db sqlite --repeat 50
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/bench_dashboard .venv/bin/python bench/dashboard.py --db postgres

PostgreSQL: the database `bench_dashboard` is dropped and created again on every run.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_dashboard"
PROVINCES, COMMUNES, PROVINCE_ORGS, CENTRAL_ORGS, PLANS = 34, 3321, 4, 9, 10
TARGET_MS = 100  # p95 per page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=30, help="measured requests per page (after 3 warm-ups)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args.db, args.repeat)
    status = 0
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        status |= subprocess.call([sys.executable, __file__, "--child", "--db", db, "--repeat", str(args.repeat)])
    return status


# --- one database, in a fresh process (Django is configured once per process) ---------------
def run_child(db: str, repeat: int) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    tmpdir = None
    if db == "sqlite":
        tmpdir = tempfile.TemporaryDirectory(prefix="bench-dashboard-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir.name}/bench.sqlite3"
    else:
        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
        recreate_postgres(url)
        os.environ["DATABASE_URL"] = url

    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files not collected
    django.setup()
    import logging

    logging.getLogger("axes").setLevel(logging.WARNING)  # the bench's own logins, one per page
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    data = build()
    print(
        f"{db:8} data: {data['committees']} committees, {data['submissions']} reports, "
        f"{data['values']} values built in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    measure(db, data, repeat)
    if tmpdir:
        tmpdir.cleanup()
    return 0


def recreate_postgres(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- the data -------------------------------------------------------------------------------
def build() -> dict:
    import random
    from datetime import timedelta
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from committees.models import Committee, Membership, tier_for
    from lib.vnsort import sort_key
    from plans.models import Plan
    from reports.models import Indicator, IndicatorValue, Outline, OutlineItem, ReportingDuty, Submission

    rnd = random.Random(2025)
    now = timezone.now()
    committees: list[Committee] = []

    def add(name, level, parent=None, kind="front"):
        pk = len(committees) + 1
        path = (parent.path if parent else "") + f"{pk:06d}/"
        c = Committee(
            pk=pk,
            name=name,
            level=level,
            kind=kind,
            code=f"c{pk}",
            parent=parent,
            path=path,
            depth=path.count("/") - 1,
            emails=f"c{pk}@mttq.example",
            # What Committee.save() keeps (bulk_create does not call it).
            sort_name=sort_key(name),
            tier=tier_for(level, kind, parent.tier if parent else None),
        )
        committees.append(c)
        return c

    with transaction.atomic():
        top = add("Ủy ban Trung ương MTTQ Việt Nam", "Trung ương")
        for i in range(CENTRAL_ORGS):
            add(f"Tổ chức thành viên Trung ương {i + 1}", "Trung ương", top, "member_org")
        provinces = [add(f"Ủy ban MTTQ tỉnh {p + 1}", "Tỉnh", top) for p in range(PROVINCES)]
        for p, province in enumerate(provinces):
            for i in range(PROVINCE_ORGS):
                add(f"Hội {i + 1} tỉnh {p + 1}", "Tỉnh", province, "member_org")
            per = COMMUNES // PROVINCES + (1 if p < COMMUNES % PROVINCES else 0)
            for c in range(per):
                add(f"Ủy ban MTTQ xã {c + 1} tỉnh {p + 1}", "Xã", province)
        Committee.objects.bulk_create(committees, batch_size=1000)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Committee]):
                cursor.execute(sql)
        reporters = committees[1:]
        province = provinces[0]
        province_reporters = [c for c in reporters if c.path.startswith(province.path) and c.pk != province.pk]

        User = get_user_model()
        top_user = User.objects.create_user("bench_top", password=None)
        province_user = User.objects.create_user("bench_province", password=None)
        Membership.objects.create(user=top_user, committee=top, role="standing")
        Membership.objects.create(user=province_user, committee=province, role="standing")

        outline = Outline.objects.create(committee=top, title="Đề cương")
        item = OutlineItem.objects.create(outline=outline, title="Kết quả", label="I.")
        indicators = [
            Indicator.objects.create(item=item, name="Số cuộc", unit="cuộc", aggregation="sum", position=0),
            Indicator.objects.create(item=item, name="Số người dự nhiều nhất", aggregation="max", position=1),
            Indicator.objects.create(
                item=item, name="Tỷ lệ hài lòng", unit="%", aggregation="avg", decimal_places=1, position=2
            ),
        ]
        n_subs = n_values = 0

        def make_plan(owner, number, targets, deadline):
            nonlocal n_subs, n_values
            plan = Plan.objects.create(
                committee=owner,
                state="issued",
                title=f"Kế hoạch thử {number}",
                number=number,
                year=2025,
                issued_on=now.date(),
            )
            duty = ReportingDuty.objects.create(
                plan=plan, outline=outline, title=f"Báo cáo {number}", deadline=deadline
            )
            past = deadline < now
            subs = []
            for c in targets:
                r = rnd.random()
                s = Submission(duty=duty, committee=c)
                if r < 0.45 or (past and r < 0.8):
                    when = deadline - timedelta(days=rnd.randint(-5, 10))
                    if when > now:
                        when = now - timedelta(hours=1)
                    s.started_at = s.last_saved_at = when - timedelta(days=1)
                    s.first_submitted_at = s.submitted_at = when
                    s.version = 1
                    s.state = "accepted" if r < 0.2 else "submitted"
                    if s.state == "accepted":
                        s.accepted_at = when + timedelta(hours=5)
                elif r < 0.55:
                    s.state, s.returned_at = "returned", now - timedelta(days=1)
                    s.first_submitted_at = s.submitted_at = now - timedelta(days=2)
                elif r < 0.8:
                    s.state, s.started_at = "draft", now - timedelta(days=3)
                    s.last_saved_at = now - timedelta(hours=rnd.randint(1, 48))
                subs.append(s)
            Submission.objects.bulk_create(subs, batch_size=2000)
            n_subs += len(subs)
            done = Submission.objects.filter(duty=duty, state__in=["submitted", "accepted"]).values_list(
                "pk", flat=True
            )
            values = [
                IndicatorValue(submission_id=pk, indicator=ind, value=Decimal(rnd.randint(0, 500)))
                for pk in done
                for ind in indicators
            ]
            IndicatorValue.objects.bulk_create(values, batch_size=5000)
            n_values += len(values)
            return plan

        central = []
        for n in range(PLANS):
            deadline = now + timedelta(days=(-20 + 6 * n) if n < 4 else (3 + 7 * n))
            central.append(make_plan(top, n + 1, reporters, deadline))
        provincial = [
            make_plan(province, 100 + n, province_reporters, now + timedelta(days=5 - 10 * n)) for n in range(3)
        ]
    # Planner statistics, as autovacuum (PostgreSQL) would gather them after a load this size.
    # Without them PostgreSQL picks nested loops for the indicator totals (about 0.9 s a query).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "top": top,
        "province": province,
        "central_plan": central[0],
        "province_plan": provincial[0],
        "top_user": top_user,
        "province_user": province_user,
        "committees": len(committees),
        "submissions": n_subs,
        "values": n_values,
    }


# --- the measurements -------------------------------------------------------------------------
def measure(db: str, data: dict, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    pages = [
        ("top", data["top_user"], "plans overview", reverse("reports-dashboard-overview")),
        ("top", data["top_user"], "plan dashboard", reverse("reports-dashboard-plan", args=[data["central_plan"].pk])),
        (
            "top",
            data["top_user"],
            "plan > province",
            reverse("reports-dashboard-plan", args=[data["central_plan"].pk]) + f"?under={data['province'].pk}",
        ),
        ("province", data["province_user"], "plans overview", reverse("reports-dashboard-overview")),
        (
            "province",
            data["province_user"],
            "plan dashboard",
            reverse("reports-dashboard-plan", args=[data["province_plan"].pk]),
        ),
    ]
    for who, user, label, url in pages:
        client = Client()
        client.force_login(user)
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        n_queries = len(queries)  # now: the next request clears the connection's query log
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
        verdict = "ok" if p95 <= TARGET_MS else f"OVER {TARGET_MS} ms"
        print(
            f"{db:8} {who:9} {label:16} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
            f"queries {n_queries:2d}  ({repeat} requests) {verdict}",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
