from django.urls import path

from industry_chains import views

app_name = "industry_chains"

urlpatterns = [
    path("", views.IndustryChainsIndexView.as_view(), name="index"),
    path("chains/", views.IndustryChainListView.as_view(), name="industrychain_list"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
]
