"""URLs of the inspections app (mounted at /kiem-tra/); each part keeps its own views."""

from django.urls import path

from .dossiers import views as dossiers
from .results import views as results
from .setup import views as setup

urlpatterns = [
    path("", setup.round_list, name="inspections-round-list"),
    path("moi/", setup.round_create, name="inspections-round-create"),
    path("<id:pk>/", setup.round_detail, name="inspections-round-detail"),
    path("<id:pk>/sua/", setup.round_edit, name="inspections-round-edit"),
    # the scoring table
    path("<id:pk>/bang-diem/", setup.table, name="inspections-table"),
    path("<id:pk>/bang-diem/sao-chep/", setup.table_copy, name="inspections-table-copy"),
    path("<id:pk>/bang-diem/nhap/", setup.table_import, name="inspections-table-import"),
    path("<id:pk>/bang-diem/nhom/moi/", setup.group_create, name="inspections-group-create"),
    path("nhom/<id:pk>/", setup.group_edit, name="inspections-group-edit"),
    path("nhom/<id:group_pk>/tieu-chi/moi/", setup.criterion_create, name="inspections-criterion-create"),
    path("tieu-chi/<id:pk>/", setup.criterion_edit, name="inspections-criterion-edit"),
    # bands and vetoes
    path("<id:pk>/xep-loai/", setup.bands, name="inspections-bands"),
    path("<id:pk>/xep-loai/dieu-kien/", setup.veto_create, name="inspections-veto-create"),
    path("dieu-kien/<id:pk>/xoa/", setup.veto_delete, name="inspections-veto-delete"),
    # schedule, agenda, pairs, team
    path("<id:pk>/lich/", setup.schedule_page, name="inspections-schedule"),
    path("<id:pk>/lich.docx", setup.schedule_docx, name="inspections-schedule-docx"),
    path("<id:pk>/lich.ics", setup.schedule_ics, name="inspections-schedule-ics"),
    path("<id:pk>/ngay/moi/", setup.day_create, name="inspections-day-create"),
    path("ngay/<id:pk>/", setup.day_edit, name="inspections-day-edit"),
    path("ngay/<id:pk>/ap-dung-chuong-trinh/", setup.agenda_apply, name="inspections-agenda-apply"),
    path("ngay/<id:pk>/kiem-tra-cheo/", setup.pairs, name="inspections-pairs"),
    path("<id:pk>/chuong-trinh/moi/", setup.agenda_item, name="inspections-template-item-create"),
    path("<id:pk>/ngay/<id:day_pk>/chuong-trinh/moi/", setup.agenda_item, name="inspections-agenda-item-create"),
    path("<id:pk>/chuong-trinh/<id:item_pk>/", setup.agenda_item, name="inspections-agenda-item-edit"),
    path("<id:pk>/to-kiem-tra/", setup.team, name="inspections-team"),
    # a unit's dossier
    path("don-vi/<id:pk>/", dossiers.dossier, name="inspections-dossier"),
    path("don-vi/<id:pk>/gui/", dossiers.dossier_submit, name="inspections-dossier-submit"),
    path("don-vi/<id:pk>/minh-chung/", dossiers.evidence_upload, name="inspections-evidence-upload"),
    path("don-vi/<id:pk>/minh-chung.zip", dossiers.evidence_zip, name="inspections-evidence-zip"),
    path("minh-chung/<id:pk>/", dossiers.evidence_download, name="inspections-evidence-download"),
    path("minh-chung/<id:pk>/xoa/", dossiers.evidence_delete, name="inspections-evidence-delete"),
    path("don-vi/<id:pk>/thuyet-minh/", dossiers.report, name="inspections-report"),
    path("don-vi/<id:pk>/thuyet-minh.docx", dossiers.report_docx, name="inspections-report-docx"),
    path("don-vi/<id:pk>/to-kiem-tra/", dossiers.precheck, name="inspections-precheck"),
    path("don-vi/<id:pk>/cham-cheo/", dossiers.cross, name="inspections-cross"),
    # reconciliation and results
    path("don-vi/<id:pk>/doi-chieu/", results.reconcile, name="inspections-reconcile"),
    path("<id:pk>/ket-qua/", results.results, name="inspections-results"),
    path("<id:pk>/ket-qua/quyet-dinh/", results.decide, name="inspections-decide"),
    path("<id:pk>/ket-qua.xlsx", results.results_xlsx, name="inspections-results-xlsx"),
    path("<id:pk>/ket-luan.docx", results.conclusion_docx, name="inspections-conclusion-docx"),
]
