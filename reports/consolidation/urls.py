"""URLs of the consolidation area."""

from django.urls import path

from reports.consolidation import views

urlpatterns = [
    path("tong-hop/ke-hoach/<id:plan_id>/", views.consolidation_page, name="reports-consolidation"),
    path("tong-hop/ke-hoach/<id:plan_id>/bat-dau/", views.consolidation_start, name="reports-consolidation-start"),
    path("tong-hop/<id:build_id>/trang-thai/", views.consolidation_status, name="reports-consolidation-status"),
    path(
        "tong-hop/<id:build_id>/tai-ve/<str:fmt>/", views.consolidation_download, name="reports-consolidation-download"
    ),
    path(
        "tong-hop/<id:build_id>/dien-san/<id:submission_id>/",
        views.consolidation_prefill,
        name="reports-consolidation-prefill",
    ),
]
