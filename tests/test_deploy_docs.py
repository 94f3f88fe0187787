"""The production documents tell the truth: every variable settings.py reads is in the README's
table and in deploy/portal.env.example; the README's production section links docs/scale.md; the
systemd units start what exists."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEST_ONLY = {"TEST_SQLITE_NAME"}


def settings_variables() -> set[str]:
    text = (ROOT / "mttq_portal" / "settings.py").read_text()
    names = set(re.findall(r'(?:environ\.get|envbool|envint|env\.get)\(\s*"([A-Z][A-Z0-9_]+)"', text))
    names |= set(re.findall(r'(?:environ|env)\["([A-Z][A-Z0-9_]+)"\]', text))
    if "dj_database_url.config(" in text:
        names.add("DATABASE_URL")  # read by dj_database_url itself
    return names - TEST_ONLY


def readme_table_variables() -> set[str]:
    """Every `NAME` in the rows of the README's configuration table, less the defaults written there."""
    text = (ROOT / "README.md").read_text()
    table = text.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)} - {"INFO"}


def test_every_variable_settings_reads_is_in_the_readme_table():
    found = settings_variables()
    assert {"S3_BUCKET", "CACHE_URL", "DATABASE_URL", "CELERY_QUEUE"} <= found  # the parsing works
    assert found - readme_table_variables() == set()


def test_the_env_example_carries_every_variable_of_the_readme():
    example = (ROOT / "deploy" / "portal.env.example").read_text()
    present = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.M))
    assert readme_table_variables() - present == set()
    # systemd takes everything after "=" as the value: no comment after a value
    assert [line for line in example.splitlines() if re.match(r"^[A-Z_]+=.*\s#", line)] == []


def test_readme_production_section_links_the_scale_page():
    text = (ROOT / "README.md").read_text()
    production = text.split("## Production", 1)[1].split("\n## ", 1)[0]
    assert "docs/scale.md" in production and (ROOT / "docs" / "scale.md").exists()
    scale = (ROOT / "docs" / "scale.md").read_text()
    for unit in ("mttq-web.service", "mttq-worker.service", "mttq-beat.service", "nginx.conf"):
        assert unit in scale and (ROOT / "deploy" / unit).exists()


def test_units_start_the_portal_with_the_shared_environment():
    for unit in ("mttq-web.service", "mttq-worker.service", "mttq-beat.service"):
        text = (ROOT / "deploy" / unit).read_text()
        assert "EnvironmentFile=/etc/mttq/portal.env" in text
    assert "mttq_portal.wsgi" in (ROOT / "deploy" / "mttq-web.service").read_text()
    assert " beat " in (ROOT / "deploy" / "mttq-beat.service").read_text()
