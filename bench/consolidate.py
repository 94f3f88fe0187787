"""Consolidated report build against a bare python-docx floor; targets: N=168 within 1.5x the floor, N=3,321 (--full) within 1.5 GB.

Benchmark of the consolidated report (issue 7).

    .venv/bin/python bench/consolidate.py 168 3321

For each N: a plan with an outline of 30 items (5 sections of 5 sub-items each, two indicators)
and N submitted reports of realistic Vietnamese text (about 150 words per item, in two
paragraphs) in a fresh SQLite database; then, each in its own process so that peak memory is
its own:
- build: the consolidated .docx exactly as `manage.py consolidate` makes it (reads the database,
  lays out headings, committee names, text, totals tables, missing/late lists, annex);
- floor: the same paragraphs appended to one python-docx document as XML elements in a plain
  loop, no database (lib.officedoc.floor_document).
Both are measured the same way: ROUNDS rounds, each starting one build process then one floor
process (interleaved, so a change of load on the machine hits both alike); each process does one
untimed warm-up run (python-docx's template, translation catalogues, query compilation: what a
long-running worker has already paid) and then RUNS timed runs, each started after gc.collect()
and ending with the .docx file written to disk. Prints N, the median and the minimum over all timed runs of build and floor,
the ratio of the medians and of the minima, the median cold (warm-up) run, and the peak memory
(max RSS) of each.
Targets on the 2-core machine: N=168 within 1.5x the floor; N=3,321 finishes within 1.5 GB.

    .venv/bin/python bench/consolidate.py --rounds 3 --runs 5 168
"""

import argparse
import gc
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sizes import full

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECTIONS, SUB_ITEMS = 5, 5  # 5 + 25 = 30 outline items
WORDS_PER_ITEM = 150
ROUNDS = 3  # build process + floor process, interleaved
RUNS = {168: 5}  # timed runs per process after the warm-up (default 5 up to N=1,000, else 2)
SENTENCES = [
    "Ban Thường trực Ủy ban MTTQ phường đã tổ chức quán triệt Nghị quyết Đại hội đến toàn thể cán bộ, hội viên và Nhân dân trên địa bàn.",
    "Công tác phối hợp với các tổ chức thành viên được duy trì thường xuyên, nội dung hoạt động ngày càng thiết thực, hiệu quả.",
    "Cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” tiếp tục được triển khai sâu rộng ở các khu dân cư.",
    "Trong kỳ, Mặt trận đã vận động Quỹ “Vì người nghèo” được hơn 120 triệu đồng, hỗ trợ xây dựng 3 căn nhà Đại đoàn kết.",
    "Việc giám sát và phản biện xã hội được thực hiện đúng quy định, tập trung vào những vấn đề Nhân dân quan tâm.",
    "Ban Công tác Mặt trận ở các khu phố phát huy vai trò nòng cốt trong việc nắm bắt tình hình tư tưởng của Nhân dân.",
    "Tuy nhiên, một số hoạt động còn mang tính hình thức, việc sơ kết, rút kinh nghiệm chưa kịp thời.",
    "Nguồn lực cho hoạt động của Mặt trận ở cơ sở còn hạn chế, đội ngũ cán bộ kiêm nhiệm nhiều việc.",
    "Thời gian tới, Ban Thường trực tiếp tục đổi mới nội dung, phương thức hoạt động, hướng mạnh về khu dân cư.",
    "Phong trào “Ngày Chủ nhật xanh” thu hút đông đảo đoàn viên, hội viên tham gia vệ sinh môi trường, trồng cây xanh.",
    "Mặt trận đã phối hợp tổ chức 14 hội nghị tiếp xúc cử tri, tổng hợp 37 ý kiến, kiến nghị gửi đến cơ quan có thẩm quyền.",
    "Công tác tuyên truyền được đẩy mạnh qua hệ thống loa truyền thanh, mạng xã hội và các buổi sinh hoạt khu dân cư.",
]


def item_paragraphs(rng: random.Random) -> list[str]:
    """About WORDS_PER_ITEM words in two paragraphs."""
    words, sentences = 0, []
    while words < WORDS_PER_ITEM:
        sentence = rng.choice(SENTENCES)
        sentences.append(sentence)
        words += len(sentence.split())
    half = len(sentences) // 2
    return [" ".join(sentences[:half]), " ".join(sentences[half:])]


def committee_name(i: int) -> str:
    return f"Ủy ban MTTQ Việt Nam xã Thử Nghiệm {i + 1:04d}"


def outline_titles() -> list[tuple[str, str, int]]:
    """(label, title, depth) in reading order."""
    roman = ["I.", "II.", "III.", "IV.", "V."]
    result = []
    for s in range(SECTIONS):
        result.append((roman[s], f"KẾT QUẢ THỰC HIỆN NHIỆM VỤ TRỌNG TÂM SỐ {s + 1}", 0))
        for k in range(SUB_ITEMS):
            result.append((f"{k + 1}.", f"Nội dung công tác {s + 1}.{k + 1}", 1))
    return result


def all_paragraphs(n: int) -> list[str]:
    """What the floor appends: the same headings, committee names and body paragraphs."""
    rng = random.Random(2024)
    texts_by_report = [[item_paragraphs(rng) for _ in outline_titles()] for _ in range(n)]
    result = []
    for index, (label, title, _depth) in enumerate(outline_titles()):
        result.append(f"{label} {title}")
        for c in range(n):
            result.append(committee_name(c) + ":")
            result.extend(texts_by_report[c][index])
    return result


# --- setup (parent process) ---------------------------------------------------------------
def setup_django(db_path: str, files_root: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["FILES_ROOT"] = files_root
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def make_data(n: int) -> int:
    from datetime import UTC, datetime

    from django.core.management import call_command

    from committees.models import Committee
    from plans.models import Plan
    from reports.models import Indicator, IndicatorValue, Outline, OutlineItem, ReportingDuty, SectionAnswer, Submission

    call_command("migrate", verbosity=0)
    root = Committee.objects.create(
        code="bench-tinh", name="Ủy ban MTTQ Việt Nam tỉnh Thử Nghiệm", level="Tỉnh", place="Thử Nghiệm"
    )
    children = Committee.objects.bulk_create(
        [Committee(code=f"bench-xa-{i}", name=committee_name(i), level="Xã", parent=root) for i in range(n)],
        batch_size=2000,
    )
    for child in children:
        child.path, child.depth = f"{root.path}{child.pk:06d}/", 1
    Committee.objects.bulk_update(children, ["path", "depth"], batch_size=2000)

    plan = Plan.objects.create(
        committee=root, state="issued", number=1, year=2025, title="Tổng kết 5 năm thực hiện cuộc vận động"
    )
    outline = Outline.objects.create(committee=root, title="Đề cương báo cáo")
    items, parent = [], None
    for position, (label, title, depth) in enumerate(outline_titles()):
        item = OutlineItem.objects.create(
            outline=outline, parent=None if depth == 0 else parent, position=position, label=label, title=title
        )
        if depth == 0:
            parent = item
        items.append(item)
    meetings = Indicator.objects.create(item=items[1], name="Số cuộc", unit="cuộc", position=0)
    people = Indicator.objects.create(item=items[1], name="Số lượt người dự", unit="lượt người", position=1)
    deadline = datetime(2025, 6, 14, 16, 59, 59, tzinfo=UTC)
    duty = ReportingDuty.objects.create(plan=plan, outline=outline, title="Báo cáo tổng kết", deadline=deadline)
    submitted = datetime(2025, 6, 10, 2, 0, tzinfo=UTC)
    subs = Submission.objects.bulk_create(
        [
            Submission(
                duty=duty,
                committee=c,
                state="submitted",
                first_submitted_at=submitted,
                submitted_at=submitted,
                version=1,
            )
            for c in children
        ],
        batch_size=2000,
    )
    rng = random.Random(2024)
    batch = []
    for sub in subs:
        for item in items:
            html = "".join(f"<p>{p}</p>" for p in item_paragraphs(rng))
            batch.append(SectionAnswer(submission=sub, item=item, html=html))
        if len(batch) >= 6000:
            SectionAnswer.objects.bulk_create(batch)
            batch = []
    SectionAnswer.objects.bulk_create(batch)
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(submission=s, indicator=ind, value=(i % 9) + 1)
            for i, s in enumerate(subs)
            for ind in (meetings, people)
        ],
        batch_size=5000,
    )
    return plan.pk


# --- measured children --------------------------------------------------------------------
def timed(work, runs: int) -> dict:
    """One untimed warm-up run, then `runs` timed ones. Each run starts after a full garbage
    collection, outside the timing: python-docx's objects form reference cycles, so the previous
    run's document would otherwise still be in memory (and its collection land in a later run)."""
    seconds = []
    for _ in range(1 + runs):
        gc.collect()
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return {"cold": seconds[0], "seconds": seconds[1:]}


def child_build(plan_id: int, out: str, runs: int) -> dict:
    from plans.models import Plan
    from reports.consolidation.builder import consolidate_to_files

    duty = Plan.objects.get(pk=plan_id).duties.select_related("plan", "plan__committee", "outline").get()
    return timed(lambda: consolidate_to_files(duty=duty, docx_path=out), runs)


def child_floor(n: int, out: str, runs: int) -> dict:
    from lib.officedoc import floor_document

    texts = all_paragraphs(n)  # generated before timing: the floor has no data to fetch

    def work():
        Path(out).write_bytes(floor_document(texts))  # like the build: ends with the file on disk

    return {**timed(work, runs), "paragraphs": len(texts)}


def run_child(args: list[str], env: dict) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(sizes: list[int], rounds: int, runs: int | None) -> None:
    print(
        f"{'N':>6} {'runs':>5} {'build s':>8} {'floor s':>8} {'ratio':>6} {'min build':>10} {'min floor':>10} "
        f"{'min ratio':>10} {'cold build':>11} {'cold floor':>11} {'build MB':>9} {'floor MB':>9}"
    )
    for n in sizes:
        n_runs = runs or RUNS.get(n, 5 if n <= 1000 else 2)
        workdir = tempfile.mkdtemp(prefix=f"bench-consolidate-{n}-")
        db_path, files_root = f"{workdir}/db.sqlite3", f"{workdir}/files"
        build_out, floor_out = f"{workdir}/tong-hop.docx", f"{workdir}/floor.docx"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}", "FILES_ROOT": files_root, "LOG_LEVEL": "WARNING"}
        setup_started = time.perf_counter()
        plan_id = run_child(["--make-data", str(n)], env)["plan_id"]
        setup_seconds = time.perf_counter() - setup_started
        builds, floors = [], []
        for _ in range(rounds):
            builds.append(run_child(["--child-build", str(plan_id), build_out, str(n_runs)], env))
            floors.append(run_child(["--child-floor", str(n), floor_out, str(n_runs)], env))
        build_s = [t for b in builds for t in b["seconds"]]
        floor_s = [t for f in floors for t in f["seconds"]]
        build_med, floor_med = statistics.median(build_s), statistics.median(floor_s)
        size_mb = os.path.getsize(build_out) / 1e6
        print(
            f"{n:>6} {len(build_s):>5} {build_med:>8.3f} {floor_med:>8.3f} {build_med / floor_med:>6.2f} "
            f"{min(build_s):>10.3f} {min(floor_s):>10.3f} {min(build_s) / min(floor_s):>10.2f} "
            f"{statistics.median(b['cold'] for b in builds):>11.3f} {statistics.median(f['cold'] for f in floors):>11.3f} "
            f"{max(b['peak_mb'] for b in builds):>9.0f} {max(f['peak_mb'] for f in floors):>9.0f}"
            f"   ({rounds} rounds x {n_runs} timed runs after a warm-up; docx {size_mb:.1f} MB, "
            f"{floors[0]['paragraphs']} paragraphs, data setup {setup_seconds:.0f} s)",
            flush=True,
        )
        for name in ("db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm", "tong-hop.docx", "floor.docx"):
            if os.path.exists(f"{workdir}/{name}"):
                os.unlink(f"{workdir}/{name}")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


if __name__ == "__main__":
    full()  # takes --full off the command line first
    argv = sys.argv[1:]
    if argv and argv[0].startswith("--") and argv[0] not in ("--rounds", "--runs"):
        mode, rest = argv[0], argv[1:]
        if mode == "--child-floor":
            result = child_floor(int(rest[0]), rest[1], int(rest[2]))
        else:
            setup_django(os.environ["DATABASE_URL"].removeprefix("sqlite:///"), os.environ["FILES_ROOT"])
            if mode == "--make-data":
                result = {"plan_id": make_data(int(rest[0]))}
            else:
                result = child_build(int(rest[0]), rest[1], int(rest[2]))
        result["peak_mb"] = peak_mb()
        print(json.dumps(result))
    else:
        parser = argparse.ArgumentParser(description="Benchmark of the consolidated report against its floor.")
        parser.add_argument(
            "sizes", nargs="*", type=int, default=[168, 3321] if full() else [168],
            help="numbers of reports (default 168; 168 and 3,321 with --full)",
        )
        parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"build+floor process pairs (default {ROUNDS})")
        parser.add_argument("--runs", type=int, help="timed runs per process (default 5 up to N=1,000, else 2)")
        options = parser.parse_args(argv)
        main(options.sizes, options.rounds, options.runs)
