from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.i18n import set_language

import mttq_portal.health
import mttq_portal.operations
import outbox.password_reset
import reports.dashboards.views

admin.site.site_header = "Cổng báo cáo MTTQ – Quản trị"
admin.site.site_title = "Cổng báo cáo MTTQ"


def favicon(request):
    # resolved per request: with STATIC_COLLECTED=1 the hashed name exists only after collectstatic
    return redirect(static("favicon.ico"), permanent=True)


urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page says; the file is a static one (WhiteNoise).
    path("favicon.ico", favicon),
    # For the load balancer: the process answers; this process can serve (mttq_portal/health.py).
    path("healthz", mttq_portal.health.healthz, name="healthz"),
    path("readyz", mttq_portal.health.readyz, name="readyz"),
    # Queues and failed work, for the portal's administrators (inside the admin's networks).
    path("quan-tri/van-hanh/", mttq_portal.operations.operations, name="operations"),
    path("quan-tri/", admin.site.urls),
    path("ngon-ngu/", set_language, name="set_language"),
    path("ke-hoach/", include("plans.urls")),
    path("bao-cao/", include("reports.urls")),
    path("nhac-han/", include("reminders.urls")),
    path("phe-duyet/", include("approvals.urls")),
    path("kiem-tra/", include("inspections.urls")),
    path("dai-hoi/", include("congresses.urls")),
    path("", include("api.urls")),  # /api/v1/ (JSON, tokens) and the token page
    # The home page: my committees and roles, what is due, and (for reviewers) open plans.
    path("", reports.dashboards.views.home, name="home"),
    path("mat-khau/quen/", outbox.password_reset.PasswordResetView.as_view(), name="password_reset"),
    path("", include("committees.urls")),
]

handler404 = "api.views.not_found"  # JSON under /api/, the page elsewhere
