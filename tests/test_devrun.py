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
    """Tests and manage.py commands (no STATIC_COLLECTED): WhiteNoise reads static/ through the finders."""
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


def test_make_run_serves_collected_static_files(monkeypatch):
    """`make run` collects the static files as production does (hashed names, gzip copies)."""
    from mttq_portal import devrun

    monkeypatch.delenv("STATIC_COLLECTED", raising=False)
    devrun.prepare_static_environment()
    assert os.environ["STATIC_COLLECTED"] == "1"


def test_collected_static_files_are_hashed_compressed_cached_for_a_year_and_without_source_maps(tmp_path, settings):
    """What a phone downloads once: every file under a hashed name with a gzip copy, served by
    WhiteNoise with a year of caching; no source map shipped (nor pointed at)."""
    from django.core.management import call_command
    from django.test import RequestFactory
    from django.test.utils import override_settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    with override_settings(STORAGES=storages, STATIC_ROOT=tmp_path, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", interactive=False, verbosity=0)
        assert not list(tmp_path.rglob("*.map"))
        shipped = [p for p in tmp_path.rglob("*") if p.suffix in (".js", ".css")]
        assert shipped and not [p for p in shipped if b"sourceMappingURL=" in p.read_bytes()]
        hashed = next(tmp_path.glob("vendor/bootstrap/bootstrap.min.*.css"))
        assert hashed.with_name(hashed.name + ".gz").exists()
        whitenoise = WhiteNoiseMiddleware(get_response=lambda request: None)
        request = RequestFactory().get(f"/static/vendor/bootstrap/{hashed.name}", HTTP_ACCEPT_ENCODING="gzip")
        response = whitenoise(request)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]


def test_pages_are_compressed_for_browsers_that_ask(client):
    """A report editor is 112 KB of HTML, 15 KB gzipped: pages go compressed (GZipMiddleware)."""
    plain = client.get("/dang-nhap/")
    packed = client.get("/dang-nhap/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 2
