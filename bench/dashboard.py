"""Dashboards (plans overview, plan dashboard, plan > province) on a national tree: p95 <= 100 ms a page; national / 9-ward p95 <= 3, province / 9-ward <= 1.5.

Measured through Django's test client (in process, no network), one request of every page a
round (a change of load hits all pages alike): median and p95 of the request, and the number of
SQL queries (constant in the number of committees).

The trees, built in one database in the same run:
- national (--full): the central committee, 9 central member organisations, 34 provinces, each with
  4 member organisations, and 3,321 communes: 3,500 reporting committees. By default (the quick
  run of `make bench`) 4 provinces with the same ~100 committees each: 420 committees.
  The central committee has 10 issued plans (one report each from every committee, in mixed
  states; 4 past their deadline) with 3 indicators (sum, max, average); province 1 has 3 plans of
  its own over its ~100 committees. The open plans' reports are approved level by level (an
  approvals case with two levels for every report sent: the dashboards show where each waits).
- small: one city with 9 wards and 10 plans: the reference for the ratios printed per page
  (national p95 / 9-ward p95, province p95 / 9-ward p95).
- --history: 10 closed rounds (10 closed plans each, as many reports) before the open one: about
  350,000 reports with --full; the pages of the open round must cost the same.

    .venv/bin/python bench/dashboard.py                      # quick: SQLite then PostgreSQL
    .venv/bin/python bench/dashboard.py --full --history     # national size, with history
    .venv/bin/python bench/dashboard.py --db sqlite --repeat 50
    BENCH_FULL=1 make bench                                  # (or make bench FULL=1)

PostgreSQL: the database `bench_dashboard` (BENCH_POSTGRES_URL) is dropped and created again.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sizes

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_dashboard"
COMMUNES_PER_PROVINCE = 3321 / 34
CENTRAL_ORGS, PROVINCE_ORGS, PLANS, WARDS, ROUNDS = 9, 4, 10, 9, 10
TARGET_MS = 100  # p95 per page
TARGET_NATIONAL_RATIO, TARGET_PROVINCE_RATIO = 3.0, 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=30, help="measured requests per page (after 3 warm-ups)")
    parser.add_argument("--history", action="store_true", help="add 10 closed rounds of plans and reports")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    full = sizes.full()  # --full or BENCH_FULL=1: national size (34 provinces)
    args = parser.parse_args()
    if args.child:
        return run_child(args.db, args.repeat, full, args.history)
    status = 0
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        cmd = [sys.executable, __file__, "--child", "--db", db, "--repeat", str(args.repeat)]  # BENCH_FULL inherited
        cmd += ["--history"] if args.history else []
        status |= subprocess.call(cmd)
    return status


# --- one database, in a fresh process (Django is configured once per process) ---------------
def run_child(db: str, repeat: int, full: bool, history: bool) -> int:
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
    data = build(provinces=34 if full else 4, history=history)
    print(
        f"{db:8} data: {data['committees']} committees, {data['submissions']:,} reports "
        f"({data['history_submissions']:,} in {ROUNDS if history else 0} closed rounds), "
        f"{data['values']:,} values built in {time.perf_counter() - started:.0f} s "
        f"(load average {load_average()})",
        flush=True,
    )
    ok = measure(db, data, repeat)
    if tmpdir:
        tmpdir.cleanup()
    return 0 if ok else 1


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


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
def build(*, provinces: int, history: bool) -> dict:
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
    communes = round(COMMUNES_PER_PROVINCE * provinces)

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

    counts = {"submissions": 0, "values": 0, "history_submissions": 0}

    with transaction.atomic():
        top = add("Ủy ban Trung ương MTTQ Việt Nam", "Trung ương")
        for i in range(CENTRAL_ORGS):
            add(f"Tổ chức thành viên Trung ương {i + 1}", "Trung ương", top, "member_org")
        province_nodes = [add(f"Ủy ban MTTQ tỉnh {p + 1}", "Tỉnh", top) for p in range(provinces)]
        for p, province in enumerate(province_nodes):
            for i in range(PROVINCE_ORGS):
                add(f"Hội {i + 1} tỉnh {p + 1}", "Tỉnh", province, "member_org")
            per = communes // provinces + (1 if p < communes % provinces else 0)
            for c in range(per):
                add(f"Ủy ban MTTQ xã {c + 1} tỉnh {p + 1}", "Xã", province)
        national = len(committees)
        # The small tree: a city of 9 wards, a root of its own.
        city = add("Ủy ban MTTQ thành phố Nhỏ", "Thành phố")
        wards = [add(f"Ủy ban MTTQ phường {w + 1}", "Phường", city) for w in range(WARDS)]
        Committee.objects.bulk_create(committees, batch_size=1000)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Committee]):
                cursor.execute(sql)
        reporters = committees[1:national]
        province = province_nodes[0]
        province_reporters = [c for c in reporters if c.path.startswith(province.path) and c.pk != province.pk]

        User = get_user_model()
        users = {}
        for name, committee in (("bench_top", top), ("bench_province", province), ("bench_city", city)):
            users[name] = User.objects.create_user(name, password=None)
            Membership.objects.create(user=users[name], committee=committee, role="standing")

        outline = Outline.objects.create(committee=top, title="Đề cương")
        item = OutlineItem.objects.create(outline=outline, title="Kết quả", label="I.")
        indicators = [
            Indicator.objects.create(item=item, name="Số cuộc", unit="cuộc", aggregation="sum", position=0),
            Indicator.objects.create(item=item, name="Số người dự nhiều nhất", aggregation="max", position=1),
            Indicator.objects.create(
                item=item, name="Tỷ lệ hài lòng", unit="%", aggregation="avg", decimal_places=1, position=2
            ),
        ]

        def make_plan(owner, number, targets, deadline, *, closed=False, year=2025):
            plan = Plan.objects.create(
                committee=owner,
                state="closed" if closed else "issued",
                title=f"Kế hoạch thử {number}",
                number=number,
                year=year,
                issued_on=(deadline - timedelta(days=60)).date(),
                closed_at=deadline + timedelta(days=30) if closed else None,
            )
            duty = ReportingDuty.objects.create(
                plan=plan, outline=outline, title=f"Báo cáo {number}", deadline=deadline
            )
            past = deadline < now
            subs = []
            for c in targets:
                r = rnd.random()
                s = Submission(duty=duty, committee=c)
                if closed and r < 0.85 or r < 0.45 or (past and r < 0.8):
                    when = deadline - timedelta(days=rnd.randint(-5, 10))
                    if when > now:
                        when = now - timedelta(hours=1)
                    s.started_at = s.last_saved_at = when - timedelta(days=1)
                    s.first_submitted_at = s.submitted_at = when
                    s.version = 1
                    s.state = "accepted" if r < 0.2 or closed else "submitted"
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
            counts["history_submissions" if closed else "submissions"] += len(subs)
            done = Submission.objects.filter(duty=duty, state__in=["submitted", "accepted"]).values_list(
                "pk", flat=True
            )
            values = [
                IndicatorValue(submission_id=pk, indicator=ind, value=Decimal(rnd.randint(0, 500)))
                for pk in done
                for ind in indicators
            ]
            IndicatorValue.objects.bulk_create(values, batch_size=5000)
            counts["values"] += len(values)
            if not closed:
                add_chains(duty)
            return plan

        def add_chains(duty):
            """The open plans' reports are approved level by level (reports.approval): every report
            sent has its approvals case, with two levels (its parent, then the root of its tree);
            half of those waiting have passed the first level; the accepted ones are locked."""
            from approvals.models import Case, Step

            ReportingDuty.objects.filter(pk=duty.pk).update(approval_tiers=["district", "province"])
            sent = list(
                Submission.objects.filter(duty=duty, first_submitted_at__isnull=False).only(
                    "pk", "committee_id", "state", "first_submitted_at", "accepted_at"
                )
            )
            cases = Case.objects.bulk_create(
                [
                    Case(
                        subject_id=s.committee_id,
                        title=f"Báo cáo {s.pk}",
                        owner_key=f"report:{s.pk}",
                        sent_at=s.first_submitted_at,
                        locked_at=s.accepted_at if s.state == "accepted" else None,
                    )
                    for s in sent
                ],
                batch_size=2000,
            )
            steps = []
            for s, case in zip(sent, cases, strict=True):
                committee = committees[s.committee_id - 1]
                root = committees[int(committee.path[:6]) - 1]
                passed = s.state == "accepted" or rnd.random() < 0.5
                steps.append(
                    Step(
                        case=case,
                        position=1,
                        label="Cấp trên",
                        committee_id=committee.parent_id or root.pk,
                        reached_at=s.first_submitted_at,
                    )
                )
                steps.append(
                    Step(
                        case=case,
                        position=2,
                        label="Cấp gốc",
                        committee_id=root.pk,
                        reached_at=s.first_submitted_at if passed else None,
                    )
                )
                s.approval_case_id = case.pk
            Step.objects.bulk_create(steps, batch_size=2000)
            Submission.objects.bulk_update(sent, ["approval_case_id"], batch_size=2000)

        if history:
            # Ten closed rounds before this one, a year apart: the same plans, every report in.
            for r in range(ROUNDS, 0, -1):
                for n in range(PLANS):
                    deadline = now - timedelta(days=365 * r - 20 * n)
                    make_plan(top, n + 1, reporters, deadline, closed=True, year=2025 - r)
                for n in range(3):
                    deadline = now - timedelta(days=365 * r - 30 * n)
                    make_plan(province, 100 + n, province_reporters, deadline, closed=True, year=2025 - r)
        central, small = [], []
        for n in range(PLANS):
            deadline = now + timedelta(days=(-20 + 6 * n) if n < 4 else (3 + 7 * n))
            central.append(make_plan(top, n + 1, reporters, deadline))
            small.append(make_plan(city, n + 1, wards, deadline))
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
        "city": city,
        "central_plan": central[0],
        "province_plan": provincial[0],
        "small_plan": small[0],
        "users": users,
        "committees": len(committees),
        **counts,
    }


# --- the measurements -------------------------------------------------------------------------
def measure(db: str, data: dict, repeat: int) -> bool:
    """Every page, then the ratios to the 9-ward tree. True when every target is met."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    def plan_url(plan, under=None):
        url = reverse("reports-dashboard-plan", args=[plan.pk])
        return url + (f"?under={under.pk}" if under else "")

    overview = reverse("reports-dashboard-overview")
    users = data["users"]
    # (tree, page, user, url); the small tree has no level below its wards: its plan dashboard is
    # the reference for "plan > province" too (a page of rows, one a committee).
    pages = [
        ("national", "plans overview", users["bench_top"], overview),
        ("national", "plan dashboard", users["bench_top"], plan_url(data["central_plan"])),
        ("national", "plan > province", users["bench_top"], plan_url(data["central_plan"], data["province"])),
        ("province", "plans overview", users["bench_province"], overview),
        ("province", "plan dashboard", users["bench_province"], plan_url(data["province_plan"])),
        ("9 wards", "plans overview", users["bench_city"], overview),
        ("9 wards", "plan dashboard", users["bench_city"], plan_url(data["small_plan"])),
    ]
    p95s = {}
    ok = True
    clients, n_queries, times = [], [], [[] for _ in pages]
    for _tree, _label, user, url in pages:
        client = Client()
        client.force_login(user)
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        n_queries.append(len(queries))  # now: the next request clears the connection's query log
        clients.append(client)
    # Round by round, one request of every page: a change of load on the machine (other
    # processes) hits every page alike, so the ratios between pages hold better than the times.
    for _ in range(repeat):
        for i, (_tree, _label, _user, url) in enumerate(pages):
            t0 = time.perf_counter()
            clients[i].get(url)
            times[i].append((time.perf_counter() - t0) * 1000)
    for i, (tree, label, _user, _url) in enumerate(pages):
        ts = sorted(times[i])
        p95 = ts[min(len(ts) - 1, int(round(0.95 * len(ts))) - 1)]
        p95s[(tree, label)] = p95
        ok &= p95 <= TARGET_MS
        verdict = "ok" if p95 <= TARGET_MS else f"OVER {TARGET_MS} ms"
        print(
            f"{db:8} {tree:9} {label:16} median {statistics.median(ts):6.1f} ms  p95 {p95:6.1f} ms  "
            f"queries {n_queries[i]:2d}  ({repeat} requests) {verdict}",
            flush=True,
        )
    # The cost follows what is shown: each page against the same page of the 9-ward tree.
    for tree, label, target in (
        ("national", "plans overview", TARGET_NATIONAL_RATIO),
        ("national", "plan dashboard", TARGET_NATIONAL_RATIO),
        ("national", "plan > province", TARGET_NATIONAL_RATIO),
        ("province", "plans overview", TARGET_PROVINCE_RATIO),
        ("province", "plan dashboard", TARGET_PROVINCE_RATIO),
    ):
        small = "plans overview" if label == "plans overview" else "plan dashboard"
        ratio = p95s[(tree, label)] / p95s[("9 wards", small)]
        ok &= ratio <= target
        verdict = "ok" if ratio <= target else f"OVER {target:g}x"
        print(f"{db:8} ratio {tree:9} {label:16} / 9 wards {small:15} {ratio:4.2f}x (target <= {target:g}x) {verdict}")
    print(f"{db:8} load average after: {load_average()}", flush=True)
    return ok


if __name__ == "__main__":
    sys.exit(main())
