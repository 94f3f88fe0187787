"""URLs of the submissions area: a committee's report, from writing to acceptance."""

from django.urls import path

from reports.submissions import views

urlpatterns = [
    path("cua-don-vi/", views.my_reports, name="reports-my-reports"),
    path("don-vi/<int:pk>/", views.submission_detail, name="reports-submission-detail"),
    path("don-vi/<int:pk>/soan/", views.submission_edit, name="reports-submission-edit"),
    path("don-vi/<int:pk>/luu/", views.submission_save_section, name="reports-submission-save-section"),
    path("don-vi/<int:pk>/nop/", views.submission_submit, name="reports-submission-submit"),
    path("don-vi/<int:pk>/xem-xet/", views.submission_review, name="reports-submission-review"),
    path("don-vi/<int:pk>/tra-lai/", views.submission_return, name="reports-submission-return"),
    path("don-vi/<int:pk>/tiep-nhan/", views.submission_accept, name="reports-submission-accept"),
    path("don-vi/<int:pk>/phien-ban/<int:number>/", views.submission_version, name="reports-submission-version"),
    path("don-vi/<int:pk>/minh-chung/", views.attachment_upload, name="reports-attachment-upload"),
    path("minh-chung/<int:pk>/", views.attachment_download, name="reports-attachment-download"),
    path("minh-chung/<int:pk>/xoa/", views.attachment_delete, name="reports-attachment-delete"),
    path("don-vi/<int:pk>/word/", views.submission_docx, name="reports-submission-docx"),
    path("don-vi/<int:pk>/nhap-word/", views.submission_import_word, name="reports-submission-import-word"),
]
