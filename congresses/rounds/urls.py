from django.urls import path

from congresses.rounds import views

urlpatterns = [
    path("", views.round_list, name="congresses-round-list"),
    path("dot/moi/", views.round_create, name="congresses-round-create"),
    path("dot/<id:pk>/", views.round_detail, name="congresses-round-detail"),
    path("dot/<id:pk>/chi-tieu-co-cau/", views.targets_edit, name="congresses-targets-edit"),
    path("dot/<id:pk>/de-xuat/", views.candidate_add, name="congresses-candidate-add"),
    path("dot/<id:pk>/tai-lieu/", views.document_add, name="congresses-document-add"),
    path("tai-lieu-ho-so/<id:pk>/xoa/", views.document_remove, name="congresses-document-remove"),
    path("cap/<id:pk>/", views.level_edit, name="congresses-level-edit"),
    path("cap/<id:pk>/chuoi-phe-duyet/", views.chain_edit, name="congresses-chain-edit"),
    path("de-xuat/<id:pk>/", views.candidate_detail, name="congresses-candidate"),
    path("de-xuat/<id:pk>/kiem-tra/", views.candidate_refresh, name="congresses-candidate-refresh"),
    path("de-xuat/<id:pk>/chon/", views.candidate_choose, name="congresses-candidate-choose"),
]
