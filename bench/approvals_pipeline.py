"""Approval chain reads (pipeline, awaited actions, "waiting on me", the approval pages) over a round of dossiers, national with --full; target: query counts that do not grow with the dossiers.

Approval chain benchmark: a national round of dossiers, read through approvals.selectors (a
benchmark, not a test).

The round: 34 provinces and 3,321 communes; one dossier per commune with 7 documents and 3 levels
(the commune's Party committee, recorded by the commune; the province's standing committee; the
central one), in mixed states: not sent, at the Party committee, at the province with approvals
and a return, at the province with a resubmitted document, at the centre, locked. About 37,000
decisions. Rows are written with bulk_create (the services are what the tests exercise).

Measured per database, median and max of REPEAT runs after one warm-up, with the number of SQL
queries: pipeline_rows over the 3,321 dossiers, awaited_actions (the reminders' view of the round),
one province's "waiting on me" list with its rows, and the "Phê duyệt hồ sơ" page of that province's
standing committee and of the central one through Django's test client.

    .venv/bin/python bench/approvals_pipeline.py                 # SQLite (temp file) then PostgreSQL
    .venv/bin/python bench/approvals_pipeline.py --db sqlite --repeat 5
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/bench_approvals .venv/bin/python bench/approvals_pipeline.py --db postgres

PostgreSQL: the database `bench_approvals` is dropped and created again on every run.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sizes import full

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_approvals"
PROVINCES, COMMUNES, ITEMS = (34, 3321, 7) if full() else (4, 390, 7)
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=5, help="measured runs of each read (after 1 warm-up)")
    args = parser.parse_args()
    # Django is configured once per process: each database gets a fresh one.
    spawn = multiprocessing.get_context("spawn")
    failed = False
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        process = spawn.Process(target=run_child, args=(db, args.repeat))
        process.start()
        process.join()
        failed |= process.exitcode != 0
    return int(failed)


def run_child(db: str, repeat: int) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="mttq_portal.settings",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", "memory://"),
    )
    with tempfile.TemporaryDirectory(prefix="bench-approvals-") as folder:
        if db == "postgres":
            from dashboard import recreate_postgres  # bench/dashboard.py: drop and create the database

            os.environ["DATABASE_URL"] = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
            recreate_postgres(os.environ["DATABASE_URL"])
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        import logging

        import django

        django.setup()
        logging.getLogger("axes").setLevel(logging.WARNING)  # the bench's own logins
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        people = build()
        with connection.cursor() as cursor:  # planner statistics, as autovacuum would gather them
            cursor.execute("ANALYZE")
        print(f"[{db}] built in {time.perf_counter() - started:.1f} s; load average {os.getloadavg()[0]:.2f}")
        measure(db, repeat, people)
        print(f"[{db}] load average after: {os.getloadavg()[0]:.2f}")


def build():
    from django.contrib.auth import get_user_model

    from approvals.models import Case, Decision, Item, Step
    from committees.models import Committee, Membership

    centre = Committee.objects.create(code="tw", name="Ủy ban Trung ương MTTQ Việt Nam", level="Trung ương")
    provinces = [
        Committee.objects.create(code=f"t{p}", name=f"Ủy ban MTTQ tỉnh {p}", level="Tỉnh", parent=centre)
        for p in range(PROVINCES)
    ]
    communes = [
        Committee(
            code=f"t{n % PROVINCES}-x{n}", name=f"Ủy ban MTTQ xã {n}", level="Xã", parent=provinces[n % PROVINCES]
        )
        for n in range(COMMUNES)
    ]
    for commune in communes:
        commune.save()
    User = get_user_model()
    province_user = User.objects.create_user("btt.t0", password="x")
    centre_user = User.objects.create_user("btt.tw", password="x")
    Membership.objects.create(user=province_user, committee=provinces[0], role="standing")
    Membership.objects.create(user=centre_user, committee=centre, role="standing")

    t0 = datetime(2025, 6, 2, 8, 0, tzinfo=VN)
    cases = Case.objects.bulk_create(
        Case(
            subject=c,
            title=f"Hồ sơ duyệt Đại hội MTTQ {c.name}",
            owner_key=f"congress:{n}",
            link=f"/dai-hoi/{n}/",
            submit_deadline=t0 + timedelta(days=10),
            approve_deadline=t0 + timedelta(days=20),
            created_at=t0,
        )
        for n, c in enumerate(communes)
    )
    steps, items = [], []
    for n, case in enumerate(cases):
        province = provinces[n % PROVINCES]
        steps += [
            Step(case=case, position=1, label="Đảng ủy xã"),
            Step(case=case, position=2, label=f"Ban Thường trực {province.name}", committee=province),
            Step(case=case, position=3, label="Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam", committee=centre),
        ]
        items += [Item(case=case, key=f"tl-{i}", label=f"Tài liệu {i + 1}", position=i + 1) for i in range(ITEMS)]
    steps = Step.objects.bulk_create(steps)
    items = Item.objects.bulk_create(items)
    decisions, stage_of = [], {}
    for n, case in enumerate(cases):
        stage = n % 6  # 0 not sent, 1 Party, 2 province partway, 3 centre, 4 locked, 5 province resubmitted
        stage_of[case.pk] = stage
        case_steps, case_items = steps[3 * n : 3 * n + 3], items[ITEMS * n : ITEMS * (n + 1)]
        sent = t0 + timedelta(days=1, minutes=n)
        for item in case_items:
            item.version, item.submitted_at = 1, sent - timedelta(hours=1)
        if stage == 0:
            continue
        case.sent_at = sent
        case_steps[0].reached_at = sent
        reached = {1: 1, 2: 2, 3: 3, 4: 3, 5: 2}[stage]
        for position in range(2, reached + 1):
            case_steps[position - 1].reached_at = sent + timedelta(days=position)
        for position in range(1, reached):  # the levels passed approved everything
            for item in case_items:
                decisions.append(
                    Decision(
                        item=item,
                        step=case_steps[position - 1],
                        outcome="approved",
                        item_version=1,
                        at=sent + timedelta(days=position),
                    )
                )
        current = case_steps[reached - 1]
        at = sent + timedelta(days=reached, hours=3)
        if stage == 2:
            for item in case_items[:3]:
                decisions.append(Decision(item=item, step=current, outcome="approved", item_version=1, at=at))
            decisions.append(
                Decision(
                    item=case_items[3], step=current, outcome="returned", comment="Bổ sung.", item_version=1, at=at
                )
            )
        elif stage == 4:
            for item in case_items:
                decisions.append(Decision(item=item, step=current, outcome="approved", item_version=1, at=at))
            case.locked_at = at
        elif stage == 5:
            for item in case_items:
                outcome = "returned" if item is case_items[0] else "approved"
                decisions.append(
                    Decision(
                        item=item,
                        step=current,
                        outcome=outcome,
                        comment="Sửa." if outcome == "returned" else "",
                        item_version=1,
                        at=at,
                    )
                )
            case_items[0].version, case_items[0].submitted_at = 2, at + timedelta(days=1)
    Case.objects.bulk_update(cases, ["sent_at", "locked_at"], batch_size=1000)
    Step.objects.bulk_update(steps, ["reached_at"], batch_size=2000)
    Item.objects.bulk_update(items, ["version", "submitted_at"], batch_size=2000)
    Decision.objects.bulk_create(decisions, batch_size=2000)
    print(f"{len(cases)} dossiers, {len(steps)} levels, {len(items)} documents, {len(decisions)} decisions")
    return {"province": provinces[0], "province_user": province_user, "centre_user": centre_user}


def timed(repeat, fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times), len(ctx.captured_queries), result


def measure(db, repeat, people):
    from django.test import Client

    from approvals import selectors
    from approvals.models import Case

    def page(user):
        client = Client()
        client.force_login(user)

        def get():
            response = client.get("/phe-duyet/")
            assert response.status_code == 200
            return len(response.content)

        return get

    reads = [
        ("pipeline_rows, all dossiers", lambda: len(selectors.pipeline_rows(Case.objects.order_by("pk")))),
        ("awaited_actions, the round", lambda: len(selectors.awaited_actions())),
        (
            "one province: waiting on it + rows",
            lambda: len(selectors.pipeline_rows(selectors.cases_waiting_on(committee=people["province"]))),
        ),
        ("page /phe-duyet/, province", page(people["province_user"])),
        ("page /phe-duyet/, centre", page(people["centre_user"])),
    ]
    print(f"[{db}] {'read':<38} {'median ms':>10} {'max ms':>8} {'queries':>8}  result")
    for name, fn in reads:
        median, worst, queries, result = timed(repeat, fn)
        print(f"[{db}] {name:<38} {median:>10.0f} {worst:>8.0f} {queries:>8}  {result}")


if __name__ == "__main__":
    sys.exit(main())
