from django.urls import path

from scoring import views

app_name = "scoring"

urlpatterns = [
    path("", views.ScoringIndexView.as_view(), name="index"),
]

# Top-level pages the smoke command opens as every demo user (no URL arguments).
SMOKE_PAGES = []
