"""`make run` reports problems a new user can fix in one line, not a traceback."""

import os
import socket
import subprocess
import sys

from django.conf import settings


def run_devrun(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "mttq_portal.devrun", *args],
        cwd=settings.BASE_DIR, env={**os.environ, **env}, capture_output=True, text=True, timeout=60,
    )


def test_broken_database_url_is_one_line():
    result = run_devrun("--port", "8799", DATABASE_URL="foo://bar")
    assert result.returncode == 1
    assert result.stderr.startswith("LỖI: cấu hình không dùng được") and "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unreachable_database_is_one_line():
    result = run_devrun("--port", "8799", DATABASE_URL="postgres://nobody@127.0.0.1:9/x")
    assert result.returncode == 1
    assert "không kết nối được cơ sở dữ liệu" in result.stderr and "Traceback" not in result.stderr


def test_port_taken_is_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = run_devrun("--port", str(port))
    assert result.returncode == 1
    assert f"cổng {port} đang được dùng" in result.stderr and "PORT=" in result.stderr
    assert "Traceback" not in result.stderr
