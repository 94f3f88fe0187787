"""Database size per report, for the capacity plan (docs/scale.md).

Creates N communes, each with an officer, one duty of the consolidation bench's outline (30 items,
about 150 words of Vietnamese text per item, 2 indicators: bench/consolidate.py's generator), fills
every report and submits it through the portal's own service (submission_submit: the frozen version,
the event and the receipt emails, as in production), then reads PostgreSQL's sizes of every table
(data, indexes and TOAST) before and after, and divides by N.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mttq_size .venv/bin/python docs/measure_db_size.py 300

The database named in DATABASE_URL is dropped and created again.
"""

import os
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def total_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        return int(cursor.fetchone()[0])


def vacuum() -> None:
    from django.db import connection

    connection.ensure_connection()
    old = connection.connection.autocommit
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.connection.autocommit = old


def main(n: int) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL=postgres://.../mttq_size (it is dropped and created again)")
    recreate_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["CELERY_BROKER_URL"] = "memory://"  # the receipt emails stay rows: no worker here
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from bench.consolidate import committee_name, item_paragraphs, outline_titles
    from committees.models import Committee, Membership
    from plans.models import Plan
    from reports.models import Indicator, IndicatorValue, Outline, OutlineItem, ReportingDuty, SectionAnswer, Submission
    from reports.submissions.services import submission_submit

    call_command("migrate", verbosity=0)
    vacuum()
    empty = total_bytes()
    root = Committee.objects.create(code="tinh", name="Ủy ban MTTQ Việt Nam tỉnh Thử Nghiệm", level="Tỉnh")
    communes = [
        Committee.objects.create(code=f"xa-{i}", name=committee_name(i), level="Xã", parent=root) for i in range(n)
    ]
    User = get_user_model()
    officers = []
    for i, commune in enumerate(communes):
        user = User.objects.create_user(username=f"canbo{i}", email=f"xa{i}@mttq.example", password=None)
        Membership.objects.create(user=user, committee=commune, role=Membership.Role.OFFICER)
        officers.append(user)
    plan = Plan.objects.create(committee=root, state="issued", number=1, year=2025, title="Tổng kết 5 năm")
    outline = Outline.objects.create(committee=root, title="Đề cương báo cáo")
    items, parent = [], None
    for position, (label, title, depth) in enumerate(outline_titles()):
        item = OutlineItem.objects.create(
            outline=outline, parent=None if depth == 0 else parent, position=position, label=label, title=title
        )
        parent = item if depth == 0 else parent
        items.append(item)
    indicators = [
        Indicator.objects.create(item=items[1], name="Số cuộc", unit="cuộc", position=0),
        Indicator.objects.create(item=items[1], name="Số lượt người dự", unit="lượt người", position=1),
    ]
    duty = ReportingDuty.objects.create(
        plan=plan, outline=outline, title="Báo cáo tổng kết", deadline=timezone.now() + timedelta(days=30)
    )
    duty.committees.set(communes)
    vacuum()
    before = total_bytes()
    rng = random.Random(2024)
    for commune, officer in zip(communes, officers, strict=True):
        sub = Submission.objects.create(duty=duty, committee=commune)
        SectionAnswer.objects.bulk_create(
            [
                SectionAnswer(submission=sub, item=item, html="".join(f"<p>{p}</p>" for p in item_paragraphs(rng)))
                for item in items
            ]
        )
        IndicatorValue.objects.bulk_create([IndicatorValue(submission=sub, indicator=i, value=7) for i in indicators])
        submission_submit(submission=sub, by=officer)
    vacuum()
    after = total_bytes()
    per_report = (after - before) / n
    print(f"empty schema: {empty / 1e6:.1f} MB; {n} communes, users, plan, outline: {(before - empty) / 1e6:.1f} MB")
    print(f"{n} reports submitted once: {(after - before) / 1e6:.1f} MB, {per_report / 1e3:.1f} kB a report")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC LIMIT 6"
        )
        for name, size in cursor.fetchall():
            print(f"  {name}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
