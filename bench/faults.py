"""Faults benchmark: what a crash or an outage costs, with real processes, each against a baseline
measured in the same run without the fault (the ratio printed). Target: nothing lost, nothing
sent twice but the one message in flight when a worker dies (a repeat carries the same Message-ID),
no error shown for work that was done, and the portal back to normal within its sweep intervals.

Each fault runs against a real Celery worker and a real beat (the project's own schedule), a real SMTP
server (aiosmtpd, in this process, that records each message's Message-ID and can be stopped), and, in
the PostgreSQL leg, a private Redis (its own port, so it can be stopped without disturbing anything else):
- kill -9 mid-send: 1.500 emails queued as a sweep queues them; the worker is killed with SIGKILL once a
  third has arrived, and a new one started. Printed: lost, delivered twice, seconds from the kill until
  the last one arrived (bounded by the claim timeout, 2 minutes, plus beat's minute).
- SMTP down: 300 emails queued while the mail server is down; every one is tried and kept (no attempt
  charged); the server comes back: seconds until all arrived (bounded by beat's minute), lost,
  delivered twice.
- broker down (PostgreSQL + Redis leg; the embedded broker is a folder): officers submit over HTTP
  (gunicorn as `make run` serves it) while Redis is stopped: the answers (must be the normal redirect,
  no 500) and their times; Redis comes back: seconds until every receipt email arrived, delivered twice.
- worker killed mid-build: a consolidated report of 400 reports; the worker is killed while it writes,
  a new one started. Printed: seconds from the kill until the build is done (the heartbeat's minute plus
  beat's minute plus the build), its attempts, and the temporary files left (must be none).

    .venv/bin/python bench/faults.py                  # SQLite (embedded broker) then PostgreSQL + Redis
    .venv/bin/python bench/faults.py --db postgres
About 8 minutes per database on the 2-core machine, most of it waiting for the sweeps' intervals.
"""

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_faults"
WAIT_LIMIT_S = 600  # a fault not recovered from within 10 minutes is reported as such


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--emails", type=int, default=1500, help="emails in the kill -9 fault")
    parser.add_argument("--reports", type=int, default=400, help="reports in the consolidation fault")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.emails, args.reports)
    status = 0
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        cmd = [sys.executable, __file__, "--child", db, "--emails", str(args.emails), "--reports", str(args.reports)]
        status |= subprocess.run(cmd, cwd=ROOT).returncode
    return status


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, what: str, limit: float = WAIT_LIMIT_S, every: float = 0.2):
    """Poll `condition` until it returns something truthy; raise after `limit` seconds."""
    deadline = time.monotonic() + limit
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"not within {limit:.0f} s: {what}")
        time.sleep(every)


# --- the parts ----------------------------------------------------------------------------
class Sink:
    """A real SMTP server on a fixed loopback port that can be stopped and started again; it keeps
    the Message-ID of every message it accepted. `delay`: seconds it takes over each message."""

    def __init__(self):
        self.port = free_port()
        self.ids: list[str] = []
        self.delay = 0.0
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.ids.append(message.get("Message-ID", ""))
        return "250 OK"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None

    def received(self, ids: set[str]) -> tuple[int, int]:
        """(how many of `ids` arrived at least once, how many arrivals were repeats)."""
        with self.lock:
            mine = [i for i in self.ids if i in ids]
        return len(set(mine)), len(mine) - len(set(mine))


class Redis:
    """A private redis-server (nothing on disk), so it can be stopped without touching the shared one."""

    def __init__(self):
        self.port = free_port()
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _connects(self.port), "redis-server starts", 30, 0.05)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def _connects(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


class Celery:
    """A worker (2 processes, as `make run` starts it) or beat, in its own process group."""

    def __init__(self, kind: str, env: dict):
        self.kind, self.env, self.proc = kind, env, None
        self.exits: list[str] = []  # exits nobody asked for, with the log's last error line
        self._wanted_down = True
        threading.Thread(target=self._supervise, daemon=True).start()

    def _supervise(self):
        """Restart a process that exits by itself, as systemd does in production (Restart=always,
        deploy/mttq-*.service): counted and printed, never hidden."""
        while True:
            time.sleep(1)
            proc = self.proc
            if proc is not None and not self._wanted_down and proc.poll() is not None:
                log = Path(self.env["VAR_DIR"]) / f"{self.kind}.log"
                text = log.read_text(errors="replace").splitlines() if log.exists() else []
                errors = [ln for ln in text if "Unrecoverable" in ln or "CRITICAL" in ln] or [
                    ln for ln in text if "Error" in ln
                ]
                self.exits.append(f"exit {proc.returncode}: {errors[-1][:200] if errors else 'no error logged'}")
                time.sleep(5)  # RestartSec=5
                if not self._wanted_down and self.proc is proc:
                    self.start()

    def start(self):
        cmd = [sys.executable, "-m", "celery", "-A", "mttq_portal", self.kind, "-l", "error"]
        if self.kind == "worker":
            cmd += ["--concurrency", "2", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        else:
            cmd += ["-s", str(Path(self.env["VAR_DIR"]) / "celerybeat-schedule")]
        log = open(Path(self.env["VAR_DIR"]) / f"{self.kind}.log", "ab")  # banners and errors, read on a failure
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, start_new_session=True, stdout=log, stderr=log)
        log.close()
        self._wanted_down = False

    def kill(self):
        """SIGKILL to the whole group: the main process and its pool, as an out-of-memory kill does."""
        self._wanted_down = True
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self._wanted_down = True
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


# --- the faults ----------------------------------------------------------------------------
def queue_emails(prefix: str, n: int) -> set[str]:
    """n emails queued as a sweep queues them (one batch, one task); returns their Message-IDs."""
    from django.db import transaction

    from outbox.models import Email
    from outbox.services import Outgoing, email_queue_many

    context = {
        "committee": {"name": "Ủy ban MTTQ phường Thử"},
        "duty": {"title": "Báo cáo sơ kết"},
        "plan": {"document_number": "01/KH-MTTQ-BTT"},
        "version": 1,
        "link": "/",
    }
    items = [
        Outgoing(key=f"{prefix}:{i}", to=f"canbo{i}@phuong.vn", template="submission-received", context=context)
        for i in range(n)
    ]
    with transaction.atomic():
        email_queue_many(items)
    return {
        f"<email-{pk}@mttq-portal>"
        for pk in Email.objects.filter(key__startswith=f"{prefix}:").values_list("pk", flat=True)
    }


def emails_state(prefix: str) -> dict:
    from django.db.models import Count

    from outbox.models import Email

    rows = Email.objects.filter(key__startswith=prefix).values("state").annotate(n=Count("pk"))
    return {row["state"]: row["n"] for row in rows}


def delivery_seconds(sink: Sink, prefix: str, n: int) -> float:
    """The baseline, in the same run: seconds from queueing n emails to the last one arriving, no fault."""
    started = time.monotonic()
    ids = queue_emails(prefix, n)
    wait_for(lambda: sink.received(ids)[0] == n, f"the {n} baseline emails delivered")
    return time.monotonic() - started


def fault_kill_mid_send(sink: Sink, worker: Celery, n: int) -> str:
    sink.delay = 0.01  # the relay's answer takes 10 ms: a kill lands in the middle of the batch
    baseline = delivery_seconds(sink, "faults-base-kill", n)
    ids = queue_emails("faults-kill", n)
    wait_for(lambda: sink.received(ids)[0] >= n // 3, "a third of the emails delivered")
    killed_at = time.monotonic()
    worker.kill()
    arrived_before = sink.received(ids)[0]
    worker.start()
    wait_for(lambda: sink.received(ids)[0] >= n - 1, "every email but the one in flight delivered")
    all_but_one = time.monotonic() - killed_at
    wait_for(lambda: sink.received(ids)[0] == n and emails_state("faults-kill:").get("sent") == n, "every email sent")
    recovered = time.monotonic() - killed_at
    delivered, twice = sink.received(ids)
    sink.delay = 0.0
    return (
        f"kill -9 mid-send: {n:,} emails, worker killed after {arrived_before:,} had arrived; all but the one in "
        f"flight arrived {all_but_one:.0f} s after the kill, all {delivered:,} {recovered:.0f} s after it (the same batch "
        f"without a fault: {baseline:.0f} s, ratio {recovered / baseline:.1f}); lost {n - delivered}, delivered twice {twice} "
        f"(target: 0 lost, at most 1 twice, the one in flight; all within 180 s)"
    )


def fault_smtp_down(sink: Sink, n: int) -> str:
    from outbox.models import Email

    baseline = delivery_seconds(sink, "faults-base-smtp", n)
    sink.stop()
    ids = queue_emails("faults-smtp", n)
    rows = Email.objects.filter(key__startswith="faults-smtp:")
    wait_for(
        lambda: rows.filter(state="pending").exclude(last_error="").count() == n,
        "every email tried and kept while the server is down",
    )
    sink.start()
    back_at = time.monotonic()
    wait_for(lambda: sink.received(ids)[0] == n and emails_state("faults-smtp:").get("sent") == n, "every email sent")
    recovered = time.monotonic() - back_at
    delivered, twice = sink.received(ids)
    attempts = max(rows.values_list("attempts", flat=True))
    return (
        f"SMTP down: {n} emails tried and kept while the server was down; all {delivered} arrived {recovered:.0f} s "
        f"after it came back (with the server up: {baseline:.0f} s from queueing to the last one, ratio "
        f"{recovered / baseline:.1f}), {attempts} attempt(s) charged each; lost {n - delivered}, delivered twice {twice} "
        f"(target: 0 and 0, within 60 s plus the sending)"
    )


def fault_broker_down(redis: Redis, sink: Sink, env: dict, officers: int = 20) -> str:
    from django.contrib.auth import get_user_model
    from django.db.models import F, Q, Value
    from django.db.models.functions import Concat

    from bench.rush import PASSWORD, Browser
    from bench.rush_data import build
    from mttq_portal.devrun import web_command
    from outbox.models import Email
    from reports.models import Submission

    data = build(officers)
    get_user_model().objects.filter(username__startswith="canbo").update(
        email=Concat(F("username"), Value("@phuong.vn"))
    )
    port = free_port()
    cmd = [c for c in web_command(sys.executable, "127.0.0.1", port) if c not in ("--access-logfile", "-")]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: _connects(port), "the web server answers", 60)
        browsers = []
        for officer in data["officers"]:
            b = Browser(port)
            b.request("GET", "/dang-nhap/")
            b.form("/dang-nhap/", {"username": officer["username"], "password": PASSWORD})
            sub = officer["submission"]
            for item in officer["items"]:
                body = json.dumps({"item": item, "html": "<p>Đơn vị đã tổ chức 3 hội nghị.</p>", "revision": 0})
                status, _, _ = b.request(
                    "POST", f"/bao-cao/don-vi/{sub}/luu/", body, {"Content-Type": "application/json"}
                )
                assert status == 200, f"autosave answered {status}"
            browsers.append((b, sub))

        def submit_all(group) -> tuple[list[int], list[float]]:
            statuses, times = [], []
            for logged_in, sub in group:
                b = Browser(port)  # a new connection: the server closes idle keep-alive ones after 2 s
                b.cookies = logged_in.cookies
                b.request("GET", f"/bao-cao/don-vi/{sub}/nop/")
                status, _, elapsed = b.form(f"/bao-cao/don-vi/{sub}/nop/", {})
                statuses.append(status)
                times.append(elapsed)
            return statuses, times

        half = len(browsers) // 2
        _, base_times = submit_all(browsers[:half])  # the baseline: the same submit with Redis up
        browsers = browsers[half:]
        redis.stop()
        statuses, times = submit_all(browsers)
    finally:
        server.terminate()
        server.wait(10)
    submitted = Submission.objects.filter(pk__in=[s for _, s in browsers], state="submitted").count()
    mine = Q()
    for _, sub in browsers:  # the receipts of the submits made while Redis was down
        mine |= Q(key__startswith=f"submission-received:{sub}:")
    rows = Email.objects.filter(mine)
    ids = {f"<email-{pk}@mttq-portal>" for pk in rows.values_list("pk", flat=True)}
    redis.start()
    back_at = time.monotonic()
    wait_for(
        lambda: len(ids) and sink.received(ids)[0] == len(ids), "every receipt email sent after the broker returned"
    )
    recovered = time.monotonic() - back_at
    delivered, twice = sink.received(ids)
    answers = ", ".join(f"{s}×{statuses.count(s)}" for s in sorted(set(statuses)))
    return (
        f"broker down: {len(browsers)} officers submitted while Redis was stopped: answers {answers}, "
        f"slowest {max(times) * 1000:.0f} ms (with Redis up: {max(base_times) * 1000:.0f} ms, ratio "
        f"{max(times) / max(base_times):.1f}); {submitted} recorded as submitted; their {len(ids)} receipt emails all "
        f"arrived {recovered:.0f} s after Redis came back; delivered twice {twice} "
        f"(target: no 5xx, all submitted, all delivered once, within 120 s)"
    )


def fault_worker_killed_mid_build(worker: Celery, reports: int) -> str:
    from bench.consolidate import make_data
    from reports.consolidation.services import consolidation_request, temporary_root
    from reports.models import ConsolidationBuild, ReportingDuty

    plan_id = make_data(reports)
    duty = ReportingDuty.objects.get(plan_id=plan_id)
    build, _ = consolidation_request(duty=duty, by=None)
    row = lambda: ConsolidationBuild.objects.get(pk=build.pk)  # noqa: E731
    wait_for(lambda: row().state == "running" and row().progress_done > 0, "the build is under way", every=0.05)
    killed_at = time.monotonic()
    worker.kill()
    progress = row()
    killed_progress = f"{progress.progress_done}/{progress.progress_total}"
    root = temporary_root()
    left_at_kill = len(os.listdir(root)) if os.path.isdir(root) else 0
    worker.start()
    wait_for(lambda: row().state in ("done", "failed"), "the build is done or failed")
    recovered = time.monotonic() - killed_at
    final = row()
    wait_for(lambda: not (os.path.isdir(root) and os.listdir(root)), "temporary files removed", 180)
    cleaned = time.monotonic() - killed_at
    # The baseline, in the same run: the same build with nothing killed.
    started = time.monotonic()
    again, _ = consolidation_request(duty=duty, by=None)
    wait_for(lambda: ConsolidationBuild.objects.get(pk=again.pk).state in ("done", "failed"), "the baseline build")
    baseline = time.monotonic() - started
    return (
        f"worker killed mid-build: {reports} reports, killed at {killed_progress}; build {final.state} "
        f"{recovered:.0f} s after the kill (the same build, nothing killed: {baseline:.0f} s, ratio "
        f"{recovered / baseline:.1f}), {final.attempts} attempts; temporary entries at the kill {left_at_kill}, none left {cleaned:.0f} s after it "
        f"(target: done within 180 s, nothing left behind)"
    )


# --- one database --------------------------------------------------------------------------
def child(db: str, n_emails: int, n_reports: int) -> int:
    tmp = tempfile.mkdtemp(prefix="bench-faults-")
    sink = Sink()
    redis = Redis() if db == "postgres" else None
    env = {
        "VAR_DIR": tmp,
        "DEBUG": "0",
        "LOG_LEVEL": "ERROR",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_TIMEOUT": "5",
        "CONSOLIDATION_TMP_DIR": os.path.join(tmp, "tmp"),
        "DJANGO_SETTINGS_MODULE": "mttq_portal.settings",
    }
    if db == "sqlite":
        env.update(DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3", CELERY_BROKER_URL="filesystem://")
    else:
        from bench.dashboard import recreate_postgres

        env["DATABASE_URL"] = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
        recreate_postgres(env["DATABASE_URL"])
        redis.start()
        env["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{redis.port}/0"
    os.environ.update(env)
    env = {**os.environ}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sink.start()
    worker, beat = Celery("worker", env), Celery("beat", env)
    worker.start()
    beat.start()
    lines = []
    try:
        lines.append(fault_kill_mid_send(sink, worker, n_emails))
        lines.append(fault_smtp_down(sink, 300))
        if redis:
            lines.append(fault_broker_down(redis, sink, env))
        else:
            lines.append("broker down: not applicable (the embedded broker is a folder on this machine)")
        lines.append(fault_worker_killed_mid_build(worker, n_reports))
    except Exception:
        for line in lines:
            print(f"{db:8} {line}", flush=True)
        for name in ("worker", "beat"):
            log = Path(tmp) / f"{name}.log"
            if log.exists():
                print(
                    f"--- last lines of the {name}'s log", *log.read_text(errors="replace").splitlines()[-30:], sep="\n"
                )
        raise
    finally:
        worker.stop()
        beat.stop()
        sink.stop() if sink.controller else None
        if redis and redis.proc.poll() is None:
            redis.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    for proc in (worker, beat):
        lines.append(
            f"{proc.kind} exited by itself {len(proc.exits)} times (restarted, as systemd does)"
            + "".join(f"; {e}" for e in proc.exits)
        )
    load = os.getloadavg()[0]
    for line in lines:
        print(f"{db:8} {line} (load average {load:.1f})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
