"""URLs of the outlines area (filled by that area)."""

urlpatterns: list = []
