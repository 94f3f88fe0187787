from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("don-vi/<id:pk>/", views.committee_detail, name="committees-detail"),
    path("don-vi/<id:pk>/lich-su-thay-doi/", views.committee_changes, name="committees-changes"),
    path("nguoi/<id:pk>/lich-su-thay-doi/", views.person_changes, name="committees-person-changes"),
    path("don-vi/<id:pk>/sap-xep/<slug:kind>/", views.committee_reorganise, name="committees-reorganise"),
    path("don-vi/sap-xep/nhap/", views.tree_import, name="committees-tree-import"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("mat-khau/doi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("mat-khau/doi/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # "mat-khau/quen/" (password_reset) queues its email in the outbox: outbox/password_reset.py.
    path("mat-khau/quen/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("mat-khau/dat-lai/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("mat-khau/dat-lai/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
