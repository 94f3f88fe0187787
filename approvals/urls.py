"""URLs of the approval chain (under /phe-duyet/)."""

from django.urls import path

from approvals import views

urlpatterns = [
    path("", views.inbox, name="approvals-inbox"),
    path("ho-so/<int:pk>/", views.case_detail, name="approvals-case-detail"),
    path("ho-so/<int:pk>/y-kien/", views.case_decide, name="approvals-case-decide"),
    path("ho-so/<int:pk>/cuoc-hop/", views.case_meeting, name="approvals-case-meeting"),
    path("ho-so/<int:pk>/gui/", views.case_send, name="approvals-case-send"),
    path("bien-ban/<int:pk>/", views.minutes_download, name="approvals-minutes"),
]
