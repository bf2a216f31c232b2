from django.urls import path

from organizations import views
from organizations.views import areas, entities, support, survey

app_name = "organizations"

urlpatterns = [
    path("", views.OrganizationsIndexView.as_view(), name="index"),
    path("party-organizations/", views.PartyOrganizationListView.as_view(), name="partyorganization_list"),
    path("party-organizations/new/", views.PartyOrganizationCreateView.as_view(), name="partyorganization_create"),
    path("party-organizations/<int:pk>/", views.PartyOrganizationDetailView.as_view(), name="partyorganization_detail"),
    path(
        "party-organizations/<int:pk>/edit/",
        views.PartyOrganizationUpdateView.as_view(),
        name="partyorganization_update",
    ),
]
urlpatterns += areas.urlpatterns + entities.urlpatterns + survey.urlpatterns + support.urlpatterns
