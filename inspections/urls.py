"""URLs of the inspections app (mounted at /kiem-tra/); each part keeps its own views."""

from django.urls import path

from .dossiers import views as dossiers
from .results import views as results
from .setup import views as setup

urlpatterns = [
    path("", setup.round_list, name="inspections-round-list"),
    path("moi/", setup.round_create, name="inspections-round-create"),
    path("<int:pk>/", setup.round_detail, name="inspections-round-detail"),
    path("<int:pk>/sua/", setup.round_edit, name="inspections-round-edit"),
    # the scoring table
    path("<int:pk>/bang-diem/", setup.table, name="inspections-table"),
    path("<int:pk>/bang-diem/sao-chep/", setup.table_copy, name="inspections-table-copy"),
    path("<int:pk>/bang-diem/nhap/", setup.table_import, name="inspections-table-import"),
    path("<int:pk>/bang-diem/nhom/moi/", setup.group_create, name="inspections-group-create"),
    path("nhom/<int:pk>/", setup.group_edit, name="inspections-group-edit"),
    path("nhom/<int:group_pk>/tieu-chi/moi/", setup.criterion_create, name="inspections-criterion-create"),
    path("tieu-chi/<int:pk>/", setup.criterion_edit, name="inspections-criterion-edit"),
    # bands and vetoes
    path("<int:pk>/xep-loai/", setup.bands, name="inspections-bands"),
    path("<int:pk>/xep-loai/dieu-kien/", setup.veto_create, name="inspections-veto-create"),
    path("dieu-kien/<int:pk>/xoa/", setup.veto_delete, name="inspections-veto-delete"),
    # schedule, agenda, pairs, team
    path("<int:pk>/lich/", setup.schedule_page, name="inspections-schedule"),
    path("<int:pk>/lich.docx", setup.schedule_docx, name="inspections-schedule-docx"),
    path("<int:pk>/lich.ics", setup.schedule_ics, name="inspections-schedule-ics"),
    path("<int:pk>/ngay/moi/", setup.day_create, name="inspections-day-create"),
    path("ngay/<int:pk>/", setup.day_edit, name="inspections-day-edit"),
    path("ngay/<int:pk>/ap-dung-chuong-trinh/", setup.agenda_apply, name="inspections-agenda-apply"),
    path("ngay/<int:pk>/kiem-tra-cheo/", setup.pairs, name="inspections-pairs"),
    path("<int:pk>/chuong-trinh/moi/", setup.agenda_item, name="inspections-template-item-create"),
    path("<int:pk>/ngay/<int:day_pk>/chuong-trinh/moi/", setup.agenda_item, name="inspections-agenda-item-create"),
    path("<int:pk>/chuong-trinh/<int:item_pk>/", setup.agenda_item, name="inspections-agenda-item-edit"),
    path("<int:pk>/to-kiem-tra/", setup.team, name="inspections-team"),
    # a unit's dossier
    path("don-vi/<int:pk>/", dossiers.dossier, name="inspections-dossier"),
    path("don-vi/<int:pk>/gui/", dossiers.dossier_submit, name="inspections-dossier-submit"),
    path("don-vi/<int:pk>/minh-chung/", dossiers.evidence_upload, name="inspections-evidence-upload"),
    path("don-vi/<int:pk>/minh-chung.zip", dossiers.evidence_zip, name="inspections-evidence-zip"),
    path("minh-chung/<int:pk>/", dossiers.evidence_download, name="inspections-evidence-download"),
    path("minh-chung/<int:pk>/xoa/", dossiers.evidence_delete, name="inspections-evidence-delete"),
    path("don-vi/<int:pk>/thuyet-minh/", dossiers.report, name="inspections-report"),
    path("don-vi/<int:pk>/thuyet-minh.docx", dossiers.report_docx, name="inspections-report-docx"),
    path("don-vi/<int:pk>/to-kiem-tra/", dossiers.precheck, name="inspections-precheck"),
    path("don-vi/<int:pk>/cham-cheo/", dossiers.cross, name="inspections-cross"),
    # reconciliation and results
    path("don-vi/<int:pk>/doi-chieu/", results.reconcile, name="inspections-reconcile"),
    path("<int:pk>/ket-qua/", results.results, name="inspections-results"),
    path("<int:pk>/ket-qua/quyet-dinh/", results.decide, name="inspections-decide"),
    path("<int:pk>/ket-qua.xlsx", results.results_xlsx, name="inspections-results-xlsx"),
    path("<int:pk>/ket-luan.docx", results.conclusion_docx, name="inspections-conclusion-docx"),
]
