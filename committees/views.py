from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from . import sessions
from .access import get_access, get_committee_for_user
from .forms import LoginForm
from .models import Committee


@login_required
def committee_detail(request, pk: int):
    committee = get_committee_for_user(request, pk)
    access = get_access(request.user)
    children = committee.children.order_by("kind", "sort_name", "pk") if access.can_review(committee) or access.can_manage(committee) else Committee.objects.none()
    return render(
        request,
        "committees/committee_detail.html",
        {"committee": committee, "ancestors": committee.ancestors(), "children": children},
    )


# --- login throttling (the request for a reset email: outbox/password_reset.py) --------------------------------------------------------
def locked_out(request, original_response=None, credentials=None):
    """The page of a login refused by the throttle (settings.AXES_LOCKOUT_CALLABLE): the site's
    login and the admin's. Says for how long, and that resetting the password by email also works."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "registration/locked_out.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the emailed link also lifts a login lock on that account."""

    def form_valid(self, form):
        from axes.utils import reset

        response = super().form_valid(form)
        reset(username=self.user.get_username())
        return response


class LoginView(auth_views.LoginView):
    """Django's login, with "Ghi nhớ đăng nhập" deciding how long the session lasts (sessions.py)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.start(self.request, remember=form.cleaned_data.get("remember", False))
        return response


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form sent from a page opened too long ago, or after logging in
    again elsewhere. Said in the portal's words; the browser's Back button returns to the typed text."""
    return render(request, "403_csrf.html", status=403)
