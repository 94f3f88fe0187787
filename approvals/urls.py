"""URLs of the approval chain (under /phe-duyet/)."""

from django.urls import path

from approvals import views

urlpatterns = [
    path("ho-so/<int:pk>/", views.case_detail, name="approvals-case-detail"),
]
