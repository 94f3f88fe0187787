"""How long a login lasts. Without "Ghi nhớ đăng nhập" (the default at login) the session ends when
the browser is closed, or after SESSION_IDLE_HOURS without a request (8 by default); with it, after
SESSION_REMEMBER_DAYS without a request (14). Each request moves the end forward; the session row is
rewritten at most once every REFRESH_SECONDS, so a busy page does not write on every request."""

import time

from django.conf import settings

REFRESH_SECONDS = 300
SEEN_KEY = "_seen"


def start(request, *, remember: bool) -> None:
    """Called at login."""
    request.session.set_expiry(settings.SESSION_REMEMBER_DAYS * 24 * 3600 if remember else 0)
    request.session[SEEN_KEY] = int(time.time())


class IdleSessionMiddleware:
    """Keeps an active session alive: rewriting the session moves its expiry (the database row and,
    for a remembered login, the cookie) another idle period ahead. An idle session past its expiry
    is empty when loaded: the person is asked to log in again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and SEEN_KEY in session:
            now = int(time.time())
            if now - session.get(SEEN_KEY, 0) >= REFRESH_SECONDS:
                session[SEEN_KEY] = now
        return self.get_response(request)
