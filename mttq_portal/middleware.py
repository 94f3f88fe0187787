"""Site-wide middleware: the chosen language, and the admin's network check.

Vietnamese unless the person chose another language in the footer.

Django's LocaleMiddleware also follows the browser's Accept-Language, so an officer whose phone
is set to English would get English without asking. Here only the choice saved by the language
switcher (its cookie) counts."""

import ipaddress

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


def client_address(request) -> str:
    """The address of whoever sent the request: REMOTE_ADDR, or behind the TLS proxy
    (settings.TRUST_X_FORWARDED_FOR, on with HTTPS=1) the last X-Forwarded-For entry, the one our
    proxy added; the entries before it are whatever the client wrote. Used by the admin's network
    check and by the login throttle (AXES_CLIENT_IP_CALLABLE)."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


class AdminNetworkMiddleware:
    """The admin (/quan-tri/) exists only for settings.ADMIN_ALLOWED_NETWORKS: from anywhere else
    it answers 404, the login page included. Staff accounts are still required inside."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = [ipaddress.ip_network(n, strict=False) for n in settings.ADMIN_ALLOWED_NETWORKS]

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")) and not self.allowed(client_address(request)):
            raise Http404
        return self.get_response(request)

    def allowed(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        if ip.version == 6 and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        return any(ip in network for network in self.networks)


class ContentSecurityPolicyMiddleware:
    """Every page says where its scripts, styles, images and connections may come from: this site
    only, and no inline script or on...= handler (settings.CONTENT_SECURITY_POLICY). A page that
    carried one would have it refused by the browser; tests/test_csp.py checks the templates and
    walks pages in Chromium failing on any violation."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body is larger than any form takes (settings.MAX_REQUEST_MB:
    the largest file plus the form around it) before a byte of it is read, with a Vietnamese 413 page
    (JSON for the autosave). Anonymous or not. Behind a proxy, set its own limit to the same size
    (nginx: client_max_body_size)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = settings.MAX_REQUEST_MB * 1024 * 1024
        if declared > limit:
            message = _("Dữ liệu gửi lên lớn hơn %(mb)d MB cho phép, nên không được nhận. Tệp tối đa %(file)d MB.") % {
                "mb": settings.MAX_REQUEST_MB,
                "file": settings.UPLOAD_MAX_FILE_MB,
            }
            if request.content_type == "application/json":
                return JsonResponse({"ok": False, "error": message}, status=413)
            return render(request, "413.html", {"message": message}, status=413)
        return self.get_response(request)
