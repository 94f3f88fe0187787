from django.urls import path

from congresses.shortlist import views

urlpatterns = [
    path("don-vi/<int:pk>/trich-ngang/", views.shortlist, name="congresses-shortlist"),
    path("don-vi/<int:pk>/trich-ngang.xlsx", views.shortlist_xlsx, name="congresses-shortlist-xlsx"),
    path("don-vi/<int:pk>/trich-ngang.docx", views.shortlist_docx_view, name="congresses-shortlist-docx"),
    path("don-vi/<int:pk>/trich-ngang/tai-len/", views.shortlist_upload, name="congresses-shortlist-upload"),
    path("trich-ngang/<int:pk>/", views.nominee_edit, name="congresses-nominee-edit"),
    path("trich-ngang/<int:pk>/xoa/", views.nominee_delete, name="congresses-nominee-delete"),
]
