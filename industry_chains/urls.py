from django.urls import path

from industry_chains.views import assessment, committees, duty, index, service, tickets

app_name = "industry_chains"

urlpatterns = [
    path("", index.IndustryChainsIndexView.as_view(), name="index"),
    path("chains/", index.IndustryChainListView.as_view(), name="industrychain_list"),
    path("departments/", index.DepartmentListView.as_view(), name="department_list"),
]
urlpatterns += committees.urlpatterns + duty.urlpatterns + tickets.urlpatterns + assessment.urlpatterns
urlpatterns += service.urlpatterns

# Top-level pages the smoke command opens as every demo user (no URL arguments).
SMOKE_PAGES = [
    "industry_chains:industrychain_list",
    "industry_chains:department_list",
    "industry_chains:ticket_list",
    "industry_chains:assessment",
    "industry_chains:chainmember_list",
    "industry_chains:chainenterprise_list",
    "industry_chains:dutyturn_list",
    "industry_chains:chainactivity_list",
    "industry_chains:departmenthandler_list",
    "industry_chains:expert_list",
    "industry_chains:expertvisit_list",
    "industry_chains:policy_list",
    "industry_chains:enterpriseresult_list",
]
