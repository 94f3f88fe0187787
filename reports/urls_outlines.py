"""URLs of the outlines area (mounted at /bao-cao/): outlines and their editor; the reporting duties
of a plan, issuing a plan with its duties (`plans-issue`) and per-committee extensions."""

from django.urls import path

from . import views_duties, views_outlines

urlpatterns = [
    path("de-cuong/", views_outlines.outline_list, name="reports-outline-list"),
    path("de-cuong/nhap/", views_outlines.outline_import, name="reports-outline-import"),
    path("de-cuong/moi/", views_outlines.outline_create, name="reports-outline-create"),
    path("de-cuong/<int:pk>/", views_outlines.outline_detail, name="reports-outline-detail"),
    path("de-cuong/<int:pk>/sua/", views_outlines.outline_edit, name="reports-outline-edit"),
    path("de-cuong/<int:pk>/sao-chep/", views_outlines.outline_copy, name="reports-outline-copy"),
    path("de-cuong/<int:pk>/xoa/", views_outlines.outline_delete, name="reports-outline-delete"),
    path("de-cuong/<int:pk>/them-muc/", views_outlines.item_add, name="reports-outline-item-add"),
    path("de-cuong/muc/<int:pk>/sua/", views_outlines.item_edit, name="reports-outline-item-edit"),
    path("de-cuong/muc/<int:pk>/thao-tac/", views_outlines.item_action, name="reports-outline-item-action"),
    path("de-cuong/muc/<int:pk>/chi-tieu/", views_outlines.indicator_add, name="reports-outline-indicator-add"),
    path("de-cuong/chi-tieu/<int:pk>/xoa/", views_outlines.indicator_delete, name="reports-outline-indicator-delete"),
    path("ke-hoach/<int:plan_pk>/yeu-cau/moi/", views_duties.duty_create, name="reports-duty-create"),
    path("yeu-cau/<int:pk>/sua/", views_duties.duty_edit, name="reports-duty-edit"),
    path("yeu-cau/<int:pk>/xoa/", views_duties.duty_delete, name="reports-duty-delete"),
    path("ke-hoach/<int:pk>/ban-hanh/", views_duties.plan_issue, name="plans-issue"),
    path("gia-han/<int:submission_pk>/", views_duties.extension_create, name="reports-extension-create"),
]
