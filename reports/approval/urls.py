"""URLs of reports approved level by level (under /bao-cao/)."""

from django.urls import path

from reports.approval import views

urlpatterns = [
    path("don-vi/<id:pk>/phe-duyet/", views.approval_page, name="reports-approval"),
    path("don-vi/<id:pk>/phe-duyet/y-kien/", views.approval_decide, name="reports-approval-decide"),
    path("don-vi/<id:pk>/phe-duyet/mo-khoa/", views.approval_unlock, name="reports-approval-unlock"),
]
