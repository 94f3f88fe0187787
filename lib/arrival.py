"""When a request reached the portal, before it waited for anything (a database lock, a busy
worker thread of the same process): `request.arrived_at`. At a deadline rush a submit can wait
seconds for its turn; "late" is decided by when the officer's request arrived, not by when the
server got round to it (reports.submissions.services.submission_submit)."""

from django.utils import timezone


class ArrivalTimeMiddleware:
    """First in settings.MIDDLEWARE, so that nothing before it (sessions, authentication) counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.arrived_at = timezone.now()
        return self.get_response(request)
