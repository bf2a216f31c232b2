"""Pages of the whole-county export (being built)."""

urlpatterns: list = []
