"""URLs of the submissions area (filled by that area)."""

urlpatterns: list = []
