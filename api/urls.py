from django.urls import path

from . import views
from .v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("tai-khoan/ma-truy-cap-api/", views.token_list, name="api-tokens"),
    path("tai-khoan/ma-truy-cap-api/<id:pk>/thu-hoi/", views.token_revoke, name="api-token-revoke"),
]
