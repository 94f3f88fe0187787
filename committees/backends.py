"""The login throttle's authentication backend (django-axes, settings AXES_*)."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, which refuses the login of a locked-out account or address before any
    password is checked. Every login page (the site's, the admin's) passes the request to
    authenticate(); a call without one (Client.login in tests, a shell) has no address to count
    and is left to the next backend instead of failing with AxesBackendRequestParameterRequired."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
