"""URLs of the consolidation area (filled by that area)."""

urlpatterns: list = []
