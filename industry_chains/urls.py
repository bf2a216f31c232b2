from django.urls import path

from industry_chains import views

app_name = "industry_chains"

urlpatterns = [
    path("", views.IndustryChainsIndexView.as_view(), name="index"),
    path("chains/", views.IndustryChainListView.as_view(), name="industrychain_list"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
]

# Top-level pages the smoke command opens as every demo user (no URL arguments).
SMOKE_PAGES = ["industry_chains:industrychain_list", "industry_chains:department_list"]
