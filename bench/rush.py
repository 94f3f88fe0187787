"""Deadline rush: N officers open, autosave and submit in the last minute, over HTTP to gunicorn; target: p95 for N at most 3x the p95 for N/10, nothing marked late.

Deadline-rush benchmark: N ward officers, already logged in, each open their report, autosave
three sections and submit it, their starts spread over the last 60 seconds before the deadline;
against the site served as `make run` serves it (gunicorn, 2 processes x 8 threads: mttq_portal.devrun)
over HTTP on loopback. Then, separately, N logins in one minute.

Printed per database: p50/p95 of every request for 30 officers (the baseline, same run) and for
300, the ratio of the p95s (target: at most 3), how many reports were submitted, marked late
(all started before the deadline: must be 0), with more than one version, and server errors.

    .venv/bin/python bench/rush.py                 # SQLite (the embedded default) then PostgreSQL
    .venv/bin/python bench/rush.py --db sqlite --officers 300
"""

import argparse
import http.client
import http.cookies
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from sizes import full

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_rush"
PASSWORD = "Mk-bench-rush-2026"
SPREAD_S = int(os.environ.get("BENCH_SPREAD_S", 60 if full() else 15))  # the quick run: 1/4 the officers in 1/4 the time
TARGET_RATIO = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--officers", type=int, default=300 if full() else 80, help="300 with --full, else 80")
    args = parser.parse_args()
    status = 0
    for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
        status |= run(db, args.officers)
    return status


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(db: str, n: int) -> int:
    tmp = tempfile.TemporaryDirectory(prefix="bench-rush-")
    env = {**os.environ, "VAR_DIR": tmp.name, "DJANGO_SETTINGS_MODULE": "mttq_portal.settings", "DEBUG": "0"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp.name}/db.sqlite3"
        env["CELERY_BROKER_URL"] = "filesystem://"
    else:
        from bench.dashboard import recreate_postgres

        env["DATABASE_URL"] = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG)
        env["CELERY_BROKER_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")  # a Redis db of its own
        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
        recreate_postgres(env["DATABASE_URL"])
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    setup = subprocess.run(
        [python, __file__.replace("rush.py", "rush_data.py"), str(n + n // 10)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    port = free_port()
    from mttq_portal.devrun import web_command

    cmd = [c for c in web_command(python, "127.0.0.1", port) if c not in ("--access-logfile", "-")]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/dang-nhap/")
                break
            except OSError:
                time.sleep(0.2)
        officers = data["officers"]
        small, large = officers[: n // 10], officers[n // 10 :][:n]
        login_times = logins(port, small + large)
        base = rush(port, small)
        big = rush(port, large)
    finally:
        server.terminate()
        server.wait(10)
    check = json.loads(
        subprocess.run(
            [python, __file__.replace("rush.py", "rush_data.py"), "check"], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    )
    p95 = lambda xs: statistics.quantiles(xs, n=20)[18] if len(xs) > 1 else xs[0]  # noqa: E731
    ratio = p95(big["times"]) / p95(base["times"])
    load = os.getloadavg()[0]
    print(
        f"{db:8} {len(small)} officers: p50 {statistics.median(base['times']) * 1000:.0f} ms, p95 {p95(base['times']) * 1000:.0f} ms; "
        f"{len(large)} officers: p50 {statistics.median(big['times']) * 1000:.0f} ms, p95 {p95(big['times']) * 1000:.0f} ms; "
        f"ratio {ratio:.1f} (target {TARGET_RATIO:.0f}: {'met' if ratio <= TARGET_RATIO else 'NOT met'}); "
        f"{len(login_times)} logins: p95 {p95(login_times) * 1000:.0f} ms; "
        f"submitted {check['submitted']}/{len(officers)}, late {check['late']}, several versions {check['multi_version']}, "
        f"errors {base['errors'] + big['errors']} (load average {load:.1f})",
        flush=True,
    )
    tmp.cleanup()
    return 0


class Browser:
    """One officer's browser: cookies, the CSRF token, timed requests."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.setdefault("X-CSRFToken", self.cookies.get("csrftoken", ""))
            headers.setdefault("Referer", "http://127.0.0.1/")
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, content, elapsed

    def form(self, path, fields):
        fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        return self.request("POST", path, urlencode(fields), {"Content-Type": "application/x-www-form-urlencoded"})


def logins(port, officers):
    """Every officer logs in, all within one minute; returns the POST times."""
    times, lock = [], threading.Lock()

    def one(officer, delay):
        time.sleep(delay)
        b = Browser(port)
        b.request("GET", "/dang-nhap/")
        status, _, elapsed = b.form("/dang-nhap/", {"username": officer["username"], "password": PASSWORD})
        officer["cookies"] = b.cookies
        with lock:
            times.append(elapsed)

    threads = [threading.Thread(target=one, args=(o, random.uniform(0, SPREAD_S))) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def rush(port, officers):
    times, errors, lock = [], [0], threading.Lock()

    def one(officer, delay):
        time.sleep(delay)
        b = Browser(port)
        b.cookies = dict(officer["cookies"])
        sub = officer["submission"]
        mine = []
        status, page, t = b.request("GET", f"/bao-cao/don-vi/{sub}/soan/")
        mine.append((status, t))
        items = list(dict.fromkeys(int(x) for x in re.findall(rb'data-item="(\d+)"', page)))[:3] or officer["items"]
        for i, item in enumerate(items):
            body = json.dumps({"item": item, "html": f"<p>Đơn vị đã tổ chức {i + 3} hội nghị.</p>", "revision": 0})
            status, _, t = b.request(
                "POST", f"/bao-cao/don-vi/{sub}/luu/", body, {"Content-Type": "application/json"}
            )
            mine.append((status, t))
        status, _, t = b.request("GET", f"/bao-cao/don-vi/{sub}/nop/")
        mine.append((status, t))
        status, _, t = b.form(f"/bao-cao/don-vi/{sub}/nop/", {})
        mine.append((status, t))
        with lock:
            times.extend(t for _, t in mine)
            errors[0] += sum(1 for s, _ in mine if s >= 500)

    threads = [threading.Thread(target=one, args=(o, random.uniform(0, SPREAD_S))) for o in officers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"times": times, "errors": errors[0]}


if __name__ == "__main__":
    sys.exit(main())
