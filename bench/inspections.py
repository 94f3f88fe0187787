"""Inspection round pages (results, Excel export, one unit's reconciliation) at national size with --full; target: query counts that do not grow with the units.

Inspection benchmark: a national-size round measured through Django's test client (a benchmark,
not a test).

The round: the central committee inspects 3,321 communes (34 provinces) on a 40-criterion table
(36 scored criteria, 2 bonus and 2 deduction rows), four units a day (831 days) paired in cycles,
each unit with a self, a cross and a team score on every criterion (398,520 scores), a few vetoes and
final-score changes, the "nhiệm vụ" bands and a 20 % cap on the top band.

Measured per database: the results page (ranking and bands of all 3,321 units), its Excel export,
and one unit's reconciliation page: median and p95 time of the request as Django serves it (test
client, in process, no network), and the number of SQL queries (which must not grow with the units).

    .venv/bin/python bench/inspections.py                      # SQLite (temp file) then PostgreSQL
    .venv/bin/python bench/inspections.py --db sqlite --repeat 10
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/bench_inspections .venv/bin/python bench/inspections.py --db postgres

PostgreSQL: the database `bench_inspections` is dropped and created again on every run.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sizes import full

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_inspections"
PROVINCES, COMMUNES, CRITERIA, PER_DAY = (34, 3321, 40, 4) if full() else (4, 390, 40, 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=10, help="measured requests per page (after 2 warm-ups)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args.db, args.repeat)
    status = 0
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        status |= subprocess.call([sys.executable, __file__, "--child", "--db", db, "--repeat", str(args.repeat)])
    return status


def run_child(db: str, repeat: int) -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    tmpdir = None
    if db == "sqlite":
        tmpdir = tempfile.TemporaryDirectory(prefix="bench-inspections-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmpdir.name}/bench.sqlite3"
    else:
        from dashboard import recreate_postgres  # bench/dashboard.py, next to this script

        url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
        recreate_postgres(url)
        os.environ["DATABASE_URL"] = url

    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    import logging

    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    data = build()
    print(f"{db:8} data: {data['units']} units, {data['scores']} scores built in {time.perf_counter() - started:.0f} s", flush=True)
    measure(db, data, repeat)
    if tmpdir:
        tmpdir.cleanup()
    return 0


def build() -> dict:
    import datetime
    import random
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from committees.models import Committee, Membership, tier_for
    from inspections.models import Criterion, InspectionDay, Score, ScoreChange, ScoreGroup, Unit
    from inspections.setup import services
    from lib.vnsort import sort_key

    rnd = random.Random(2025)
    committees = []

    def add(name, level, parent=None):
        pk = len(committees) + 1
        path = (parent.path if parent else "") + f"{pk:06d}/"
        c = Committee(pk=pk, name=name, level=level, code=f"c{pk}", parent=parent, path=path, depth=path.count("/") - 1,
                      sort_name=sort_key(name), tier=tier_for(level, "front", parent.tier if parent else None))
        committees.append(c)
        return c

    with transaction.atomic():
        top = add("Ủy ban Trung ương MTTQ Việt Nam", "Trung ương")
        communes = []
        for p in range(PROVINCES):
            province = add(f"Ủy ban MTTQ tỉnh {p + 1}", "Tỉnh", top)
            per = COMMUNES // PROVINCES + (1 if p < COMMUNES % PROVINCES else 0)
            communes += [add(f"Ủy ban MTTQ xã {c + 1} tỉnh {p + 1}", "Xã", province) for c in range(per)]
        Committee.objects.bulk_create(committees, batch_size=1000)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Committee]):
                cursor.execute(sql)
        user = get_user_model().objects.create_user("bench_top", password=None)
        Membership.objects.create(user=user, committee=top, role="standing")

        round = services.round_create(committee=top, by=user, title="Kiểm tra toàn quốc", year=2025,
                                      deadline_stated=datetime.date(2025, 10, 12))
        services.round_update(round=round, by=user, top_band_cap_percent=20)
        kinds = ["regular"] * (CRITERIA - 4) + ["bonus", "bonus", "deduction", "deduction"]
        groups = [ScoreGroup.objects.create(round=round, position=g, label=f"G{g + 1}", title=f"Nhóm {g + 1}") for g in range(8)]
        criteria = Criterion.objects.bulk_create([
            Criterion(group=groups[i * 8 // CRITERIA], position=i, label=str(i + 1), title=f"Tiêu chí {i + 1}", kind=k,
                      max_points=Decimal(100) / (CRITERIA - 4) if k == "regular" else Decimal(5), evidence_required=i % 3 == 0)
            for i, k in enumerate(kinds)
        ])
        start = datetime.date(2025, 10, 13)
        days = InspectionDay.objects.bulk_create([
            InspectionDay(round=round, date=start + datetime.timedelta(days=d), place="Hội trường")
            for d in range((len(communes) + PER_DAY - 1) // PER_DAY)
        ])
        units = Unit.objects.bulk_create([
            Unit(round=round, committee=c, day=days[i // PER_DAY], position=i % PER_DAY) for i, c in enumerate(communes)
        ], batch_size=1000)
        by_day = {}
        for u in units:
            by_day.setdefault(u.day_id, []).append(u)
        for group in by_day.values():
            if len(group) >= 3:
                for i, u in enumerate(group):
                    u.cross_target = group[(i + 1) % len(group)]
        Unit.objects.bulk_update([u for u in units if u.cross_target_id], ["cross_target"], batch_size=1000)
        scores = []
        for u in units:
            level = Decimal(rnd.randint(40, 100)) / 100
            for c in criteria:
                team = (c.max_points * level).quantize(Decimal("0.01")) if c.kind == "regular" else Decimal(rnd.randint(0, 2))
                for source, extra in (("self", Decimal("0.3")), ("cross", Decimal("0.1")), ("team", 0)):
                    scores.append(Score(unit=u, criterion=c, source=source, points=min(c.max_points, team + extra)))
            if len(scores) > 20000:
                Score.objects.bulk_create(scores, batch_size=5000)
                scores = []
        Score.objects.bulk_create(scores, batch_size=5000)
        for u in rnd.sample(units, 30):
            Score.objects.create(unit=u, criterion=criteria[0], source="final", points=Decimal(1), by=user)
            ScoreChange.objects.create(unit=u, criterion=criteria[0], new_points=Decimal(1), reason="Bench", by=user)
        veto = round.vetoes.first()
        for u in rnd.sample(units, 20):
            u.vetoes.add(veto)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a bulk load (planner statistics)
    return {"round": round, "unit": units[len(units) // 2], "user": user, "units": len(units),
            "scores": Score.objects.filter(unit__round=round).count()}


def measure(db: str, data: dict, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(data["user"])
    pages = [
        ("results (3,321 units)", reverse("inspections-results", args=[data["round"].pk])),
        ("results Excel", reverse("inspections-results-xlsx", args=[data["round"].pk])),
        ("reconciliation (1 unit)", reverse("inspections-reconcile", args=[data["unit"].pk])),
    ]
    for label, url in pages:
        for _ in range(2):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        p95 = sorted(times)[max(0, int(round(0.95 * len(times))) - 1)]
        print(f"{db:8} {label:26} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  {len(queries)} queries", flush=True)


if __name__ == "__main__":
    sys.exit(main())
