"""URLs of the duties part (mounted at /bao-cao/): a plan's reporting duties, issuing a plan with its
duties and extensions."""

from django.urls import path

from reports.duties import views

urlpatterns = [
    path("ke-hoach/<id:plan_pk>/yeu-cau/moi/", views.duty_create, name="reports-duty-create"),
    path("ke-hoach/<id:plan_pk>/yeu-cau/bo-sung/", views.duty_correct, name="reports-duty-correct"),
    path("yeu-cau/<id:pk>/sua/", views.duty_edit, name="reports-duty-edit"),
    path("yeu-cau/<id:pk>/xoa/", views.duty_delete, name="reports-duty-delete"),
    path("ke-hoach/<id:pk>/ban-hanh/", views.plan_issue, name="reports-plan-issue"),
    path("gia-han/<id:submission_pk>/", views.extension_create, name="reports-extension-create"),
]
