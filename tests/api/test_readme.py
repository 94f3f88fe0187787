"""The README's API example works on the demo data: the token command and the curl request are
read from the README itself and run here (the command as written, the request through the test
client with the same path, query and header), so the README cannot drift from the API."""

import io
import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db
MARKER = "<!-- api-example:"


def readme_example() -> tuple[list[str], list[str], dict]:
    """(the token command's argv, the curl command's argv, the JSON shown after it)."""
    text = (Path(settings.BASE_DIR) / "README.md").read_text()
    after = text[text.index(MARKER) :]
    blocks = re.findall(r"```(\w+)\n(.*?)```", after, re.S)
    (lang, commands), (json_lang, shown) = blocks[0], blocks[1]
    assert lang == "sh" and json_lang == "json"
    token_line, curl_line = [line for line in commands.splitlines() if line.strip()]
    token_cmd = re.fullmatch(r"TOKEN=\$\((.*)\)", token_line).group(1)
    return shlex.split(token_cmd), shlex.split(curl_line), json.loads(shown)


def test_the_readme_example_answers_what_the_readme_shows(client):
    token_argv, curl_argv, shown = readme_example()
    assert token_argv[:3] == [".venv/bin/python", "manage.py", "api_token"]
    call_command("load_demo", force=True, stdout=io.StringIO())
    out = io.StringIO()
    call_command(*token_argv[2:], stdout=out)
    token = out.getvalue().strip()

    assert curl_argv[0] == "curl"
    header = curl_argv[curl_argv.index("-H") + 1].replace("$TOKEN", token)
    name, value = header.split(": ", 1)
    url = urlsplit(curl_argv[-1])
    assert url.netloc == "127.0.0.1:8000"  # make run's address
    response = client.get(f"{url.path}?{url.query}", headers={name: value})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == shown["count"]
    for got, want in zip(body["items"], shown["items"], strict=True):
        assert {k: got[k] for k in want if k != "..."} == {k: v for k, v in want.items() if k != "..."}
