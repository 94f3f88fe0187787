"""Plans (mounted at /ke-hoach/). Issuing a plan together with its reporting duties is
`reports-plan-issue`, served by reports (reports/duties/urls.py), which sits above plans."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.plan_list, name="plans-list"),
    path("moi/", views.plan_create, name="plans-create"),
    path("<id:pk>/", views.plan_detail, name="plans-detail"),
    path("<id:pk>/sua/", views.plan_edit, name="plans-edit"),
    path("<id:pk>/dieu-chinh/", views.plan_correct, name="plans-correct"),
    path("<id:pk>/phien-ban/<id:version>/", views.plan_revision, name="plans-revision"),
    path("<id:pk>/xoa/", views.plan_delete, name="plans-delete"),
    path("<id:pk>/ket-thuc/", views.plan_close, name="plans-close"),
    path("<id:pk>/tai-ve.docx", views.plan_docx, name="plans-docx"),
    path("<id:pk>/tep-dinh-kem/", views.plan_attachment_upload, name="plans-attachment-upload"),
    path("tep-dinh-kem/<id:pk>/", views.plan_attachment_download, name="plans-attachment-download"),
    path("tep-dinh-kem/<id:pk>/xoa/", views.plan_attachment_delete, name="plans-attachment-delete"),
]
