"""The interactive docs (/api/v1/docs/) work in Chromium under the site's Content-Security-Policy:
swagger-ui's files come from the site, render every endpoint, and raise no violation (the
detector is checked on the same page: an inline handler is refused and seen). The token page
works at phone width."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_renders_without_a_csp_violation(page, live_server):
    violations, outside = [], []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.on("request", lambda r: not r.url.startswith(live_server.url) and outside.append(r.url))
    response = page.goto(f"{live_server.url}/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .opblock-summary-path")
    page.wait_for_load_state("networkidle")
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert any("/api/v1/submissions/{pk}/indicator-values/" in p for p in paths)
    assert violations == [] and outside == []

    # The detector itself, on this page: an inline handler is refused and the refusal seen.
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text, timeout=15000):
        page.evaluate("""() => { const b = document.createElement('button');
            b.setAttribute('onclick', 'window.ran = 1'); b.id = 'probe'; document.body.append(b); }""")
        page.click("#probe")
    assert page.evaluate("window.ran") is None


def test_the_token_page_at_phone_width(page, live_server, login_in_browser, personas, tmp_path):
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    login_in_browser(page, personas.officer.username)
    page.goto(live_server.url + reverse("api-tokens"))
    page.fill("input[name=name]", "Bảng điều khiển của tỉnh")
    page.click("#token-form button[type=submit]")
    token = page.locator("#new-token").inner_text().strip()
    assert token.startswith("mttq_")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.screenshot(path=str(tmp_path / "tokens.png"), full_page=True)
    page.once("dialog", lambda d: d.accept())  # "Thu hồi mã này?" (data-confirm)
    page.click('button:has-text("Thu hồi")')
    page.wait_for_selector("text=Đã thu hồi")
    assert violations == []
