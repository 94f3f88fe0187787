"""Weak phone connection (1.6 Mbit/s down, 750 kbit/s up, 150 ms): bytes of first and repeat visits, time to type in the editor; targets editor first <= 250 KB and usable <= 3 s, repeat <= 30 KB, no source maps.

The site is served as `make run` serves it (mttq_portal.devrun: gunicorn, collected static files
under hashed names with gzip copies, WhiteNoise) on a temporary VAR_DIR with the demo data.
Headless Chromium (Playwright, /usr/bin/chromium) throttled by the DevTools protocol
(Network.emulateNetworkConditions) opens, each in a fresh browser profile (empty cache):
the officer's home page, the officer's report editor, and the reviewer's dashboard of a plan;
then each again in the same profile (the repeat visit: static files come from the cache).

Printed per page: bytes transferred (encodedDataLength of every response: headers and bodies as
they travelled, compressed), the requests made, and for the editor the time from the start of
the navigation until the rich-text editor accepts typing (a typed letter appears in it). Also:
the headers of one static file, and any source map shipped.

    .venv/bin/python bench/weak_connection.py
    CHROMIUM=/path/to/chromium .venv/bin/python bench/weak_connection.py
"""

import http.client
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# What the issue asks: a 3G-like phone connection (bytes per second for the protocol).
NETWORK = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
TARGET_EDITOR_FIRST_KB, TARGET_EDITOR_USABLE_S, TARGET_REPEAT_KB = 250, 3.0, 30
OFFICER, REVIEWER = "canbo.p1", "btt.anbinh"
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def serve(tmp: str) -> tuple[subprocess.Popen, int, dict]:
    """Migrate, collect the static files and load the demo data as devrun does, then start the
    same gunicorn command."""
    from mttq_portal.devrun import web_command

    env = {
        **os.environ,
        "VAR_DIR": tmp,
        "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
        "STATIC_COLLECTED": "1",
        "STATIC_ROOT": f"{tmp}/static",
        "DJANGO_SETTINGS_MODULE": "mttq_portal.settings",
        "DEBUG": "0",
    }
    for name in ("CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL"):
        env.pop(name, None)  # the embedded defaults, as `make run` has them
    python = sys.executable
    for args in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"], ["load_demo", "--force"]):
        subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    cmd = [c for c in web_command(python, "127.0.0.1", port) if c not in ("--access-logfile", "-")]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/dang-nhap/")
            if conn.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.2)
    return server, port, env


def source_maps(static_root: Path) -> list[str]:
    """Source maps shipped: .map files, or files that still point at one."""
    found = [str(p.relative_to(static_root)) for p in static_root.rglob("*.map")]
    for p in static_root.rglob("*"):
        if p.suffix in (".js", ".css") and b"sourceMappingURL=" in p.read_bytes():
            found.append(f"{p.relative_to(static_root)} (sourceMappingURL)")
    return found


class Visit:
    """One page load through a throttled DevTools session: bytes and requests."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.emulateNetworkConditions", NETWORK)
        self.bytes = 0
        self.requests = 0
        self.cdp.on("Network.loadingFinished", self._finished)

    def _finished(self, event):
        """A response loaded; one from the browser's cache has no bytes and is not counted."""
        if event.get("encodedDataLength", 0) > 0:
            self.bytes += event["encodedDataLength"]
            self.requests += 1

    def reset(self):
        self.bytes = self.requests = 0


def login(context, base: str, username: str) -> None:
    """Log in through the form with the context's own request client (shares its cookies): the
    browser's cache stays empty for the first visit measured."""
    login_url = f"{base}/dang-nhap/"
    html = context.request.get(login_url).text()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = context.request.post(
        login_url,
        form={"csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD},
        headers={"Referer": login_url},
    )
    assert response.ok and "dang-nhap" not in response.url, (username, response.url)


def measure(browser, base: str, username: str, find_url, editor: bool = False) -> dict:
    """First visit (fresh profile) and repeat visit of the page find_url(page) points at."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    context.set_default_timeout(30000)
    login(context, base, username)
    page = context.new_page()
    url = find_url(context)
    visit = Visit(context, page)
    result = {"url": url.replace(base, "")}
    for which in ("first", "repeat"):
        visit.reset()
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        if editor:
            box = page.locator(".rt-editor").first
            box.wait_for(state="visible")
            box.click()
            page.keyboard.type("x")
            page.wait_for_function("() => document.querySelector('.rt-editor').textContent.includes('x')")
            result[f"{which}_usable_s"] = time.perf_counter() - started
        page.wait_for_load_state("load")
        page.wait_for_load_state("networkidle")
        result[f"{which}_kb"] = visit.bytes / 1000
        result[f"{which}_requests"] = visit.requests
    context.close()
    return result


def main() -> int:
    from playwright.sync_api import sync_playwright

    global DEMO_PASSWORD
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")
    import django

    django.setup()
    from demo.committees import DEMO_PASSWORD
    from tests.conftest import CHROMIUM_ARGS, chromium_path  # how the browser tests launch Chromium

    tmp = tempfile.TemporaryDirectory(prefix="bench-weak-")
    server, port, env = serve(tmp.name)
    base = f"http://127.0.0.1:{port}"
    ok = True
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)

            def link(path: str, pattern: str, needs: str = ""):
                """The first link on `path` matching `pattern` whose page contains `needs`."""

                def find(context) -> str:
                    html = context.request.get(base + path).text()
                    for href in re.findall(pattern, html):
                        if not needs or needs in context.request.get(base + href).text():
                            return base + href
                    raise AssertionError(f"no link {pattern} on {path}")

                return find

            pages = [
                ("officer", "home page", OFFICER, lambda context: base + "/", False),
                ("officer", "report editor", OFFICER, link("/", r'href="(/[^"]*/soan/)"', needs="rt-editor"), True),
                ("reviewer", "plan dashboard", REVIEWER, link("/bao-cao/theo-doi/", r'href="(/[^"]*theo-doi/ke-hoach/\d+/)"'), False),
            ]
            print(f"weak connection: 1.6 Mbit/s down, 750 kbit/s up, 150 ms (load average {load_average()})")
            for who, label, username, find, editor in pages:
                r = measure(browser, base, username, find, editor)
                line = (
                    f"{who:8} {label:15} first visit {r['first_kb']:6.1f} KB ({r['first_requests']:2d} requests)  "
                    f"repeat {r['repeat_kb']:5.1f} KB ({r['repeat_requests']:2d} requests)"
                )
                ok &= r["repeat_kb"] <= TARGET_REPEAT_KB
                if editor:
                    line += f"  usable after {r['first_usable_s']:.2f} s (repeat {r['repeat_usable_s']:.2f} s)"
                    ok &= r["first_kb"] <= TARGET_EDITOR_FIRST_KB and r["first_usable_s"] <= TARGET_EDITOR_USABLE_S
                print(f"{line}  {r['url']}", flush=True)
            browser.close()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/dang-nhap/")
        html = conn.getresponse().read().decode()
        css = re.search(r'href="(/static/[^"]+\.css)"', html).group(1)
        conn.request("GET", css, headers={"Accept-Encoding": "gzip, br"})
        response = conn.getresponse()
        response.read()
        print(
            f"static file {css}: Cache-Control: {response.getheader('Cache-Control')}; "
            f"Content-Encoding: {response.getheader('Content-Encoding')}"
        )
        maps = source_maps(Path(env["STATIC_ROOT"]))
        ok &= not maps
        print(f"source maps shipped: {', '.join(maps) if maps else 'none'}")
    finally:
        server.terminate()
        server.wait(10)
        tmp.cleanup()
    print(
        f"targets: editor first visit <= {TARGET_EDITOR_FIRST_KB} KB and usable <= {TARGET_EDITOR_USABLE_S:g} s, "
        f"repeat visits <= {TARGET_REPEAT_KB} KB, no source maps: {'met' if ok else 'NOT met'} "
        f"(load average {load_average()})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
