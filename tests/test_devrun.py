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


def test_site_is_served_by_gunicorn_with_several_processes_and_threads():
    """runserver's single process fell over under load; `make run` serves like production."""
    from mttq_portal.devrun import web_command

    command = web_command("python", "127.0.0.1", 8011)
    assert command[:4] == ["python", "-m", "gunicorn", "mttq_portal.wsgi"]
    assert command[command.index("--bind") + 1] == "127.0.0.1:8011"
    assert int(command[command.index("--workers") + 1]) >= 2
    assert int(command[command.index("--threads") + 1]) >= 4
    assert "runserver" not in command


def test_static_files_are_served_without_collectstatic_and_without_debug(client, settings):
    """What gunicorn serves under `make run`: WhiteNoise reads static/ through the finders."""
    assert not settings.DEBUG and settings.WHITENOISE_USE_FINDERS
    response = client.get("/static/css/submission_editor.css")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")


def test_email_links_follow_the_port_make_run_serves(monkeypatch):
    from mttq_portal import devrun

    monkeypatch.delenv("SITE_URL", raising=False)
    devrun.prepare_environment("127.0.0.1", 8001)
    assert os.environ["SITE_URL"] == "http://127.0.0.1:8001"
    monkeypatch.setenv("SITE_URL", "https://portal.example.vn")
    devrun.prepare_environment("127.0.0.1", 8001)
    assert os.environ["SITE_URL"] == "https://portal.example.vn"
