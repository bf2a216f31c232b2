"""Pages of the members area: selections."""

# (url name, title, one-line description) shown on the area's index page.
INDEX_LINKS: list[tuple[str, str, str]] = []

urlpatterns: list = []
