"""Pages of the generated work report (being built)."""

urlpatterns: list = []
