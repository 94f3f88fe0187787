from django.urls import path

from congresses.pipeline import views

urlpatterns = [
    path("dot/<id:pk>/tien-do/", views.pipeline_page, name="congresses-pipeline"),
]
