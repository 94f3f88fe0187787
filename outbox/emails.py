"""Render an email from templates/emails/<name>-subject.txt, -body.txt and -body.html, in the
recipient's language: never in the language of whoever's request queued it."""

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation


def recipient_language(address: str) -> str:
    """The language emails to `address` are written in.

    The portal stores no per-person language: the footer's switcher only sets a cookie in the
    browser of whoever clicked (mttq_portal/middleware.py ChosenLanguageMiddleware), and that is
    the sender's choice, not the recipient's. So every email is in the site's language,
    Vietnamese (settings.LANGUAGE_CODE). A stored preference would be read here."""
    return settings.LANGUAGE_CODE


def render_email(name: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject on one line, text body, html body), all three rendered in `language`."""
    with translation.override(language):
        subject = " ".join(_render_plain(f"emails/{name}-subject.txt", context).split())
        text = _render_plain(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def _render_plain(template_name: str, context: dict) -> str:
    """A plain-text template without HTML escaping: "Đoàn & Hội" stays so in a subject or text body
    (only the .html body is escaped)."""
    return get_template(template_name).template.render(Context(context, autoescape=False))
