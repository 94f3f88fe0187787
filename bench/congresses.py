"""Congress reads (short-list shares, pipeline page, the whole pipeline) over N communes and R short-list rows, national with --full; target: query counts that do not grow with N.

Benchmark of the congresses app at national size (issue 11).

    .venv/bin/python bench/congresses.py                 # 3,321 communes, 190,000 short-list rows, SQLite
    DATABASE_URL=postgres://.../empty_db .venv/bin/python bench/congresses.py

In a fresh database (a temporary SQLite file unless DATABASE_URL is set; that database must be
empty or a throw-away one: the bench migrates it and fills it): a central committee with 34
provinces and N communes, a 2025-2030 round with one congress per commune, each with its approval
case (2 levels, 7 documents) at a spread of stages, and R short-list rows spread over the
congresses. Then, each timed RUNS times (median and maximum printed, with the number of queries):
- shares of one congress (congresses.shortlist.selectors.shares: one aggregate + the targets);
- shares of every congress of the round at once (shares_by_congress: one grouped aggregate);
- one page of the pipeline dashboard (200 units: congresses.pipeline.selectors.pipeline);
- the whole pipeline as `manage.py congress_pipeline` prints it (chunks of 500).
Rows are created with bulk_create (the services are exercised by the tests; here only the reads
are measured).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sizes import full

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 5


def setup_django(db_path: str | None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")
    if db_path and not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(n_units: int, n_rows: int):
    import datetime
    import random

    from django.db import transaction
    from django.utils import timezone

    from approvals.models import Case, Decision, Item, Step
    from committees.models import Committee
    from congresses.models import Congress, Nominee
    from congresses.rounds.services import round_create

    rng = random.Random(11)
    with transaction.atomic():
        root = Committee.objects.create(code="bench-tw", name="Ủy ban Trung ương MTTQ Việt Nam", level="Trung ương")
        provinces = [
            Committee.objects.create(
                code=f"bench-p{i}", name=f"Ủy ban MTTQ Việt Nam tỉnh Số {i}", level="Tỉnh", parent=root
            )
            for i in range(34)
        ]
        communes = Committee.objects.bulk_create(
            [
                Committee(
                    code=f"bench-x{i}",
                    name=f"Ủy ban MTTQ Việt Nam xã Số {i}",
                    sort_name=f"xa so {i:05d}",
                    level="Xã",
                    parent=provinces[i % 34],
                    tier=Committee.Tier.COMMUNE,
                    depth=2,
                )
                for i in range(n_units)
            ],
            batch_size=1000,
        )
        for c in communes:
            c.path = f"{c.parent.path}{c.pk:06d}/"
        Committee.objects.bulk_update(communes, ["path"], batch_size=1000)
        rnd = round_create(committee=root, title="Đại hội cấp xã nhiệm kỳ 2025-2030 (bench)", preset="2025-2030")
        level = rnd.levels.get()
        now = timezone.now()
        cases = Case.objects.bulk_create(
            [
                Case(
                    subject=c,
                    title=f"Hồ sơ {c.name}",
                    owner_key=f"bench:{c.pk}",
                    submit_deadline=now,
                    approve_deadline=now,
                    sent_at=now if i % 4 else None,
                    locked_at=now if i % 4 == 3 else None,
                )
                for i, c in enumerate(communes)
            ],
            batch_size=1000,
        )
        steps = Step.objects.bulk_create(
            [
                Step(
                    case=case,
                    position=p,
                    label=label,
                    committee=committee,
                    reached_at=now if case.sent_at and (p == 1 or case.locked_at) else None,
                )
                for case, c in zip(cases, communes, strict=True)
                for p, label, committee in ((1, "Đảng ủy xã", None), (2, "Ban Thường trực tỉnh", c.parent))
            ],
            batch_size=2000,
        )
        items = Item.objects.bulk_create(
            [
                Item(
                    case=case,
                    key=d.key,
                    label=d.label,
                    required=d.required,
                    position=d.position,
                    version=1 if case.sent_at else 0,
                    submitted_at=now if case.sent_at else None,
                )
                for case in cases
                for d in rnd.documents.filter(required=True)
            ],
            batch_size=5000,
        )
        step_of = {(s.case_id, s.position): s for s in steps}
        Decision.objects.bulk_create(
            [
                Decision(item=item, step=step_of[(item.case_id, 1)], outcome="approved", item_version=1, at=now)
                for item in items
                if item.version and item.case_id % 2
            ],
            batch_size=5000,
        )
        congresses = Congress.objects.bulk_create(
            [
                Congress(round=rnd, level=level, committee=c, case=case, starts_on=datetime.date(2025, 9, 10))
                for c, case in zip(communes, cases, strict=True)
            ],
            batch_size=1000,
        )
        per = n_rows // len(congresses)
        batch = []
        for congress in congresses:
            for k in range(per):
                batch.append(
                    Nominee(
                        congress=congress,
                        position=k,
                        full_name="Nguyễn Văn An",
                        birth_date=datetime.date(1950 + rng.randrange(50), 1 + rng.randrange(12), 1),
                        gender=rng.choice(["male", "female"]),
                        ethnicity=rng.choice(["Kinh", "Kinh", "Kinh", "Khmer"]),
                        religion=rng.choice(["", "", "Phật giáo"]),
                        group="distinguished",
                        reelected=rng.random() < 0.5,
                        party_joined_on=None if rng.random() < 0.28 else datetime.date(2000, 1, 1),
                        proposed_post="member",
                    )
                )
            if len(batch) >= 20000:
                Nominee.objects.bulk_create(batch, batch_size=5000)
                batch = []
        Nominee.objects.bulk_create(batch, batch_size=5000)
    return rnd, congresses


def timed(fn):
    from django.db import connection, reset_queries

    times, queries = [], 0
    connection.force_debug_cursor = True
    for _ in range(RUNS):
        reset_queries()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
    connection.force_debug_cursor = False
    return statistics.median(times), max(times), queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3321 if full() else 390)
    parser.add_argument("--rows", type=int, default=190_000 if full() else 22_000)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-congresses-")
    setup_django(os.path.join(tmp, "bench.sqlite3"))
    import io

    from django.core.management import call_command
    from django.db import connection

    from congresses.models import Congress, Nominee
    from congresses.pipeline.selectors import pipeline, round_congresses
    from congresses.shortlist.selectors import shares, shares_by_congress

    start = time.perf_counter()
    rnd, congresses = build(args.units, args.rows)
    print(
        f"{connection.vendor}: built {len(congresses):,} congresses, {Nominee.objects.count():,} short-list rows in {time.perf_counter() - start:.1f} s"
    )
    one = Congress.objects.select_related("level").get(pk=congresses[len(congresses) // 2].pk)
    results = {
        "shares, one congress": timed(lambda: shares(one)),
        "shares, every congress (grouped)": timed(
            lambda: len(shares_by_congress(Congress.objects.filter(round=rnd), on=one.starts_on))
        ),
        "pipeline page (200 units)": timed(
            lambda: len(pipeline(congresses=round_congresses(rnd).filter(pk__in=[c.pk for c in congresses[:200]])))
        ),
        "congress_pipeline command (all)": timed(
            lambda: call_command("congress_pipeline", str(rnd.pk), stdout=io.StringIO())
        ),
    }
    for name, (median, worst, queries) in results.items():
        print(f"{name:<36} median {median:9.1f} ms   max {worst:9.1f} ms   {queries} queries")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
