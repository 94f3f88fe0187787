"""Each part of the congresses app keeps its own URL module; this file only joins them."""

from django.urls import include, path

urlpatterns = [
    path("", include("congresses.rounds.urls")),
    path("", include("congresses.shortlist.urls")),
    path("", include("congresses.records.urls")),
    path("", include("congresses.dossier.urls")),
    path("", include("congresses.pipeline.urls")),
]
