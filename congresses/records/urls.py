from django.urls import path

from congresses.records import views

urlpatterns = [
    path("don-vi/<id:pk>/", views.congress_detail, name="congresses-congress"),
    path("don-vi/<id:pk>/ghi/<slug:part>/", views.congress_record, name="congresses-congress-record"),
    path("don-vi/<id:pk>/da-to-chuc/", views.congress_held, name="congresses-congress-held"),
    path("don-vi/<id:pk>/khach-moi-cung-cap/", views.guests_fill, name="congresses-guests-fill"),
    path("dai-bieu/<id:pk>/xoa/", views.attendee_delete, name="congresses-attendee-delete"),
    path("bai-hoc-kinh-nghiem/", views.lessons, name="congresses-lessons"),
]
