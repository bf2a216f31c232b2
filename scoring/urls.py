from django.urls import path

from scoring.views.index import ScoringIndexView

app_name = "scoring"

urlpatterns = [
    path("", ScoringIndexView.as_view(), name="index"),
]

# Top-level pages the smoke command opens as every demo user (no URL arguments).
SMOKE_PAGES = ["scoring:index"]
