"""The "forgot my password" page: Django's, except that the email goes through the outbox.

It lives here and not in committees (with the other login pages) because committees sits below the
outbox in the stack; mttq_portal/urls.py routes "mat-khau/quen/" (name "password_reset") here."""

import uuid

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .services import email_queue


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, except that the email is a row of the outbox, sent by a worker after the
    response: the request does no SMTP exchange, so a known address answers as fast as an unknown
    one. The link points at settings.SITE_URL, never at the Host header the request came with."""

    def save(self, request=None, **kwargs):
        protocol, domain = settings.SITE_URL.split("://", 1)
        email = self.cleaned_data["email"]
        request_key = uuid.uuid4().hex  # one row per request: asking again sends again
        for user in self.get_users(email):
            email_queue(
                key=f"password-reset:{user.pk}:{request_key}",
                to=getattr(user, user.get_email_field_name()),
                template="password_reset",
                context={
                    "user": user,
                    "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                    "protocol": protocol,
                    "domain": domain,
                },
            )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
