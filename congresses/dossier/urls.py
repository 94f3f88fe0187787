from django.urls import path

from congresses.dossier import views

urlpatterns = [
    path("don-vi/<id:pk>/ho-so/<slug:key>/tai-len/", views.document_upload, name="congresses-document-upload"),
    path("don-vi/<id:pk>/ho-so/gui/", views.dossier_send, name="congresses-dossier-send"),
    path("tai-lieu/<id:pk>/", views.document_download, name="congresses-document-download"),
]
