"""Each part of the reports app (outlines, duties, submissions, dashboards, consolidation, typical passages,
approval level by level) keeps its own URL module; this file only joins them."""

from django.urls import include, path

urlpatterns = [
    path("", include("reports.outlines.urls")),
    path("", include("reports.duties.urls")),
    path("", include("reports.submissions.urls")),
    path("", include("reports.dashboards.urls")),
    path("", include("reports.consolidation.urls")),
    path("", include("reports.typical.urls")),
    path("", include("reports.approval.urls")),
]
