from django.urls import path

from . import views

urlpatterns = [
    path("", views.outbox, name="reminders-outbox"),
    path("don-vi/<id:committee_id>/", views.outbox_committee, name="reminders-outbox-committee"),
    path("nhac-ngay/<str:scope_key>/", views.remind_now, name="reminders-remind-now"),
    path("lich-nhac/<str:scope_key>/", views.rule_edit, name="reminders-rule-edit"),
]
