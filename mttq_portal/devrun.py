"""`make run`: migrate, load the demo data, then run the site, a Celery worker and Celery beat
together until Ctrl-C. Problems a new user can fix (a busy port, a broken DATABASE_URL) are
reported in one line, not a traceback.

The site is served by gunicorn, as in production (several processes, each with several threads:
a slow request, a big upload or a burst of submits does not stop the others), not by runserver's
single process. Static files are collected first, as in production (STATIC_COLLECTED=1:
hashed names, gzip copies), and WhiteNoise serves them from STATIC_ROOT with a year of caching:
a phone on a slow connection downloads them once (WhiteNoise's finders mode serves neither the
hashed names nor the compressed copies). SQLite copes with the concurrent writers: WAL, a 30 s
busy timeout and BEGIN IMMEDIATE (settings.DATABASES)."""

import argparse
import io
import os
import signal
import socket
import subprocess
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mttq_portal.settings")


def fail(message: str) -> None:
    sys.stderr.write(f"LỖI: {message}\n")
    sys.exit(1)


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


WEB_WORKERS = 2
WEB_THREADS = 8


def web_command(python: str, host: str, port: int) -> list[str]:
    """gunicorn with WEB_WORKERS processes of WEB_THREADS threads each."""
    return [
        python,
        "-m",
        "gunicorn",
        "mttq_portal.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(WEB_WORKERS),
        "--worker-class",
        "gthread",
        "--threads",
        str(WEB_THREADS),
        "--timeout",
        "120",  # a big upload or a Word import on a slow machine
        "--graceful-timeout",
        "5",  # Ctrl-C stops within devrun's 10 s
        "--access-logfile",
        "-",
    ]


def prepare_environment(host: str, port: int) -> None:
    """Links in emails lead to where this run serves the site (make run PORT=8001), unless SITE_URL
    says otherwise; the web, worker and beat processes inherit it."""
    os.environ.setdefault("SITE_URL", f"http://{host}:{port}")


def prepare_static_environment() -> None:
    """Serve collected static files, as production does (settings.STATIC_COLLECTED); the web
    process inherits the variable. Before django.setup(): settings read it once."""
    os.environ.setdefault("STATIC_COLLECTED", "1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    prepare_environment(args.host, args.port)
    prepare_static_environment()

    try:
        import django

        django.setup()
    except Exception as exc:  # settings read environment variables: say which one is wrong
        fail(
            f"cấu hình không dùng được ({exc.__class__.__name__}: {exc}). Kiểm tra DATABASE_URL, CELERY_BROKER_URL, EMAIL_URL."
        )

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if not port_is_free(args.host, args.port):
        fail(f"cổng {args.port} đang được dùng. Dừng chương trình đang chiếm cổng đó, hoặc chạy: make run PORT=8001")
    try:
        connection.ensure_connection()
    except Exception as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        fail(f"không kết nối được cơ sở dữ liệu ({first_line}). Sửa DATABASE_URL, hoặc bỏ biến này để dùng SQLite.")
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    if settings.STATIC_COLLECTED:
        call_command("collectstatic", interactive=False, verbosity=0)  # hashed names + .gz (WhiteNoise)
    demo_output = io.StringIO()
    call_command("load_demo", force=True, stdout=demo_output)  # a development database
    connection.close()

    python = sys.executable
    embedded_broker = settings.CELERY_BROKER_URL.startswith("filesystem")
    worker = [python, "-m", "celery", "-A", "mttq_portal", "worker", "-l", "info", "--concurrency", "2"]
    if embedded_broker:
        worker += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    commands = {
        "web": web_command(python, args.host, args.port),
        "worker": worker,
        "beat": [
            python,
            "-m",
            "celery",
            "-A",
            "mttq_portal",
            "beat",
            "-l",
            "info",
            "-s",
            settings.CELERY_BEAT_SCHEDULE_FILENAME,
        ],
    }
    children = {
        name: subprocess.Popen(cmd, cwd=settings.BASE_DIR, start_new_session=True) for name, cmd in commands.items()
    }
    url = f"http://{args.host}:{args.port}/"
    time.sleep(4)  # let the worker and beat print their banners first, so this stays readable
    print(
        f"\n{demo_output.getvalue()}\nCổng báo cáo MTTQ đang chạy: {url}\n"
        f"Web (gunicorn: {WEB_WORKERS} tiến trình × {WEB_THREADS} luồng), Celery worker và Celery beat "
        "đã khởi động. Ctrl-C để dừng cả ba.\n",
        flush=True,
    )

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, proc in children.items():
            if proc.poll() is not None:
                sys.stderr.write(
                    f"LỖI: tiến trình {name} đã dừng (mã {proc.returncode}); dừng các tiến trình còn lại.\n"
                )
                stopping, exit_code = True, 1
                break
        time.sleep(0.5)
    for proc in children.values():
        if proc.poll() is None:
            proc.terminate()  # each stops its own children (Celery's pool) cleanly
    deadline = time.time() + 10
    for proc in children.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    print("Đã dừng web, worker và beat.")
    sys.exit(exit_code)


if __name__ == "__main__":
    main()
