"""URLs of the dashboards area: plans overview, one plan's dashboard, Excel out and in."""

from django.urls import path

from reports.dashboards import views

urlpatterns = [
    path("theo-doi/", views.dashboard_overview, name="reports-dashboard-overview"),
    path("theo-doi/ke-hoach/<id:pk>/", views.dashboard_plan, name="reports-dashboard-plan"),
    path(
        "theo-doi/ke-hoach/<id:pk>/tinh-hinh-nop.xlsx",
        views.dashboard_status_xlsx,
        name="reports-dashboard-status-xlsx",
    ),
    path(
        "theo-doi/ke-hoach/<id:pk>/so-lieu.xlsx",
        views.dashboard_indicators_xlsx,
        name="reports-dashboard-indicators-xlsx",
    ),
    path("bieu-mau-so-lieu/<id:pk>/tai-ve.xlsx", views.indicator_form_xlsx, name="reports-indicator-form-xlsx"),
    path("bieu-mau-so-lieu/<id:pk>/", views.indicator_form_upload, name="reports-indicator-form-upload"),
]
