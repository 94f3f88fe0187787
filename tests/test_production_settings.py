"""Production settings: `check --deploy` is clean with the README's production variables, and the
secret key is never the public development one when DEBUG is off."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Values for the README's "export ..." placeholders ("..."): realistic, never a server we reach.
VALUES = {
    "DATABASE_URL": "postgres://mttq:secret@db.internal:5432/mttq",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp://portal:secret@mail.internal:587/?tls=True",
    "SECRET_KEY": secrets.token_urlsafe(50),
}


def readme_production_env() -> dict[str, str]:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"^export (.+?)(?:\n(?!\s)|\Z)", text, re.M | re.S).group(1)
    pairs = re.findall(r"([A-Z_]+)=(\S+)", block.replace("\\\n", " "))
    assert {"SECRET_KEY", "HTTPS", "ALLOWED_HOSTS"} <= {k for k, _ in pairs}
    return {k: (VALUES[k] if v.endswith("...") else v) for k, v in pairs}


def run(code_or_args, env, tmp_path):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "HTTPS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": "mttq_portal.settings", "VAR_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_readme_production_settings(tmp_path):
    env = readme_production_env()
    assert env["HTTPS"] == "1"
    out = run(["manage.py", "check", "--deploy"], env, tmp_path)
    assert out.returncode == 0, out.stderr
    assert "WARNINGS" not in out.stderr + out.stdout and "no issues" in out.stdout


def test_https_settings_turn_on_hsts_redirect_and_secure_cookies(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    out = run(code, {**readme_production_env()}, tmp_path)
    assert out.stdout.split() == ["True", "31536000", "True", "True"], out.stderr


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    code = "from django.conf import settings; settings.SECRET_KEY"
    for key in ["", "dev-only-insecure-key-change-me-in-production", "short"]:
        env = {**readme_production_env(), "SECRET_KEY": key}
        out = run(code, env, tmp_path)
        assert out.returncode != 0 and "SECRET_KEY must be set" in out.stderr, (key, out.stderr[-300:])


def test_without_debug_and_without_a_key_one_machine_makes_its_own_and_keeps_it(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run(code, {}, tmp_path)
    second = run(code, {}, tmp_path)
    key = first.stdout.strip()
    assert first.returncode == 0, first.stderr
    assert key == second.stdout.strip() and len(key) >= 50
    assert key != settings.DEVELOPMENT_SECRET_KEY
    assert (tmp_path / "secret_key").read_text().strip() == key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    # with DEBUG on (a developer's machine) the public key is fine
    assert run(code, {"DEBUG": "1"}, tmp_path).stdout.strip() == settings.DEVELOPMENT_SECRET_KEY


def test_the_system_check_does_not_depend_on_the_time_of_day(db):
    """Found by a fresh-clone CI run at 17:00 UTC: Django flags a fixed default (fields.W161) when the
    check runs within 10 seconds of it, and the inspection sessions end at 17:00 by default."""
    import datetime

    import time_machine
    from django.core import checks

    from inspections.models import InspectionDay

    with time_machine.travel(datetime.datetime(2026, 12, 3, 17, 0, 3, tzinfo=datetime.UTC), tick=False):
        raw = InspectionDay._meta.get_field("afternoon_end").check()
        reported = [m.id for m in checks.run_checks(include_deployment_checks=True) if not m.is_silenced()]
    assert [m.id for m in raw] == ["fields.W161"]  # the field alone would be flagged at that moment
    assert "fields.W161" not in reported
