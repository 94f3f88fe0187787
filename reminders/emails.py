"""Render an email from templates/emails/<name>-subject.txt, -body.txt and -body.html."""

from django.template.loader import render_to_string
from django.utils import translation


def render_email(name: str, context: dict, language: str = "vi") -> tuple[str, str, str]:
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html
