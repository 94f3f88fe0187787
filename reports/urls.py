"""Each area of the reports app keeps its own URL module; this file only joins them."""

from django.urls import include, path

urlpatterns = [
    path("", include("reports.urls_outlines")),
    path("", include("reports.urls_submissions")),
    path("", include("reports.urls_dashboards")),
    path("", include("reports.urls_consolidation")),
]
