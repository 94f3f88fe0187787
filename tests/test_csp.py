"""Content-Security-Policy without 'unsafe-inline' for scripts: no template carries an inline script
or an on...= handler, every page sends the policy, and in Chromium the pages people use raise no
violation (a violation we cause ourselves is seen, so the check can fail)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from reports.models import Submission
from tests.conftest import local_dt

ROOT = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["']""", re.I)


def templates():
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted(p for folder in folders for p in folder.rglob("*.html") if ".venv" not in p.parts)


def test_no_template_has_an_inline_script_or_handler():
    wrong = []
    for path in templates():
        text = path.read_text()
        wrong += [f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in INLINE_SCRIPT.finditer(text)]
        wrong += [f"{path.relative_to(ROOT)}: {m.group(0)[:60]}" for m in HANDLER.finditer(text)]
    assert wrong == []


def test_the_checker_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/site.js"></script>')
    assert not INLINE_SCRIPT.search('<script id="c" type="application/json">{}</script>')
    assert HANDLER.search('<form onsubmit="return confirm(1)">')
    assert not HANDLER.search('<form data-confirm="Xóa?">')


@pytest.mark.django_db
def test_pages_send_the_policy_without_unsafe_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "frame-ancestors 'none'" in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pages_raise_no_violation_in_chromium(page, live_server, login_in_browser, issued_plan, personas):
    from tests.reports.dashboard_factories import set_state

    p = issued_plan
    set_state(p.sub_a2, Submission.State.SUBMITTED, submitted=local_dt(2022, 6, 13, 10, 0))
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(f"{live_server.url}/dang-nhap/")

    # The detector itself: an inline handler added to this page is refused and seen.
    # the report arrives on its own: wait for it (no timing), then the handler must not have run
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text, timeout=15000):
        page.evaluate("""() => { const b = document.createElement('button');
            b.setAttribute('onclick', 'window.ran = 1'); b.id = 'probe'; document.body.append(b); }""")
        page.click("#probe")
    assert page.evaluate("window.ran") is None
    violations.clear()

    login_in_browser(page, personas.officer.username)
    for path in [
        "/",
        f"/bao-cao/don-vi/{p.sub_a1.pk}/soan/",
        f"/bao-cao/don-vi/{p.sub_a1.pk}/nop/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    login_in_browser(page, personas.reviewer.username)
    for path in [
        "/",
        reverse("reports-dashboard-plan", args=[p.plan.pk]),
        reverse("plans-detail", args=[p.plan.pk]),
        reverse("reports-submission-review", args=[p.sub_a2.pk]),
        reverse("reports-outline-detail", args=[p.outline.pk]),
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    # The language switcher (data-autosubmit) still works without its inline handler.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_admin_raises_no_violation(page, live_server, tree):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("quantri_csp", "csp@mttq.example", "Mk-quan-tri-2024")
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(f"{live_server.url}/quan-tri/login/")
    page.fill("input[name=username]", "quantri_csp")
    page.fill("input[name=password]", "Mk-quan-tri-2024")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")
    for path in ["/quan-tri/", "/quan-tri/committees/committee/", f"/quan-tri/committees/committee/{tree.city_a.pk}/change/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert "Cổng báo cáo MTTQ" in page.title()
    assert violations == []
