from django.urls import path

from congresses.rounds import views

urlpatterns = [
    path("", views.round_list, name="congresses-round-list"),
    path("dot/moi/", views.round_create, name="congresses-round-create"),
    path("dot/<int:pk>/", views.round_detail, name="congresses-round-detail"),
    path("dot/<int:pk>/chi-tieu-co-cau/", views.targets_edit, name="congresses-targets-edit"),
    path("dot/<int:pk>/de-xuat/", views.candidate_add, name="congresses-candidate-add"),
    path("dot/<int:pk>/tai-lieu/", views.document_add, name="congresses-document-add"),
    path("tai-lieu-ho-so/<int:pk>/xoa/", views.document_remove, name="congresses-document-remove"),
    path("cap/<int:pk>/", views.level_edit, name="congresses-level-edit"),
    path("cap/<int:pk>/chuoi-phe-duyet/", views.chain_edit, name="congresses-chain-edit"),
    path("de-xuat/<int:pk>/", views.candidate_detail, name="congresses-candidate"),
    path("de-xuat/<int:pk>/kiem-tra/", views.candidate_refresh, name="congresses-candidate-refresh"),
    path("de-xuat/<int:pk>/chon/", views.candidate_choose, name="congresses-candidate-choose"),
]
