from django.urls import path

from congresses.shortlist import views

urlpatterns = [
    path("don-vi/<id:pk>/trich-ngang/", views.shortlist, name="congresses-shortlist"),
    path("don-vi/<id:pk>/trich-ngang.xlsx", views.shortlist_xlsx, name="congresses-shortlist-xlsx"),
    path("don-vi/<id:pk>/trich-ngang.docx", views.shortlist_docx_view, name="congresses-shortlist-docx"),
    path("don-vi/<id:pk>/trich-ngang/tai-len/", views.shortlist_upload, name="congresses-shortlist-upload"),
    path("trich-ngang/<id:pk>/", views.nominee_edit, name="congresses-nominee-edit"),
    path("trich-ngang/<id:pk>/xoa/", views.nominee_delete, name="congresses-nominee-delete"),
]
