"""URLs of the dashboards area (filled by that area)."""

urlpatterns: list = []
