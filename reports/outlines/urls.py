"""URLs of the outlines part (mounted at /bao-cao/): outlines and their editor."""

from django.urls import path

from reports.outlines import views

urlpatterns = [
    path("de-cuong/", views.outline_list, name="reports-outline-list"),
    path("de-cuong/nhap/", views.outline_import, name="reports-outline-import"),
    path("de-cuong/moi/", views.outline_create, name="reports-outline-create"),
    path("de-cuong/<id:pk>/", views.outline_detail, name="reports-outline-detail"),
    path("de-cuong/<id:pk>/sua/", views.outline_edit, name="reports-outline-edit"),
    path("de-cuong/<id:pk>/sao-chep/", views.outline_copy, name="reports-outline-copy"),
    path("de-cuong/<id:pk>/xoa/", views.outline_delete, name="reports-outline-delete"),
    path("de-cuong/<id:pk>/them-muc/", views.item_add, name="reports-outline-item-add"),
    path("de-cuong/muc/<id:pk>/sua/", views.item_edit, name="reports-outline-item-edit"),
    path("de-cuong/muc/<id:pk>/thao-tac/", views.item_action, name="reports-outline-item-action"),
    path("de-cuong/muc/<id:pk>/chi-tieu/", views.indicator_add, name="reports-outline-indicator-add"),
    path("de-cuong/chi-tieu/<id:pk>/xoa/", views.indicator_delete, name="reports-outline-indicator-delete"),
]
