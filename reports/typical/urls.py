"""URLs of the typical passages (tiêu biểu), posted from the review page."""

from django.urls import path

from reports.typical import views

urlpatterns = [
    path("don-vi/<id:pk>/tieu-bieu/", views.typical_mark, name="reports-typical-mark"),
    path("tieu-bieu/<id:pk>/bo/", views.typical_unmark, name="reports-typical-unmark"),
]
