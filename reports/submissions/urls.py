"""URLs of the submissions area: a committee's report, from writing to acceptance."""

from django.urls import path

from reports.submissions import views

urlpatterns = [
    path("cua-don-vi/", views.my_reports, name="reports-my-reports"),
    path("don-vi/<id:pk>/", views.submission_detail, name="reports-submission-detail"),
    path("don-vi/<id:pk>/soan/", views.submission_edit, name="reports-submission-edit"),
    path("don-vi/<id:pk>/luu/", views.submission_save_section, name="reports-submission-save-section"),
    path("don-vi/<id:pk>/nop/", views.submission_submit, name="reports-submission-submit"),
    path("don-vi/<id:pk>/xem-xet/", views.submission_review, name="reports-submission-review"),
    path("don-vi/<id:pk>/tra-lai/", views.submission_return, name="reports-submission-return"),
    path("don-vi/<id:pk>/tiep-nhan/", views.submission_accept, name="reports-submission-accept"),
    path("don-vi/<id:pk>/phien-ban/<id:number>/", views.submission_version, name="reports-submission-version"),
    path("don-vi/<id:pk>/minh-chung/", views.attachment_upload, name="reports-attachment-upload"),
    path("minh-chung/<id:pk>/", views.attachment_download, name="reports-attachment-download"),
    path("minh-chung/<id:pk>/xoa/", views.attachment_delete, name="reports-attachment-delete"),
    path("don-vi/<id:pk>/word/", views.submission_docx, name="reports-submission-docx"),
    path("don-vi/<id:pk>/nhap-word/", views.submission_import_word, name="reports-submission-import-word"),
]
