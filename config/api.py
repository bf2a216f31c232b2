"""The one DRF router: every area registers its viewsets here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core.api.views import NotificationViewSet, TokenView, me
from industry_chains.api import ROUTES as INDUSTRY_CHAIN_ROUTES
from industry_chains.api.views import DepartmentViewSet, IndustryChainViewSet
from members.api import certification, people, selections
from organizations.api import entities, support, survey
from organizations.api.views import AreaViewSet, PartyOrganizationViewSet
from party_life.api import ROUTES as PARTY_LIFE_ROUTES
from scoring.api import ROUTES as SCORING_ROUTES

router = DefaultRouter()
router.register("areas", AreaViewSet, basename="area")
router.register("party-organizations", PartyOrganizationViewSet, basename="partyorganization")
router.register("industry-chains", IndustryChainViewSet, basename="industrychain")
router.register("departments", DepartmentViewSet, basename="department")
router.register("notifications", NotificationViewSet, basename="notification")
AREA_ROUTES = [
    *entities.ROUTES,
    *survey.ROUTES,
    *support.ROUTES,
    *people.ROUTES,
    *certification.ROUTES,
    *selections.ROUTES,
    *SCORING_ROUTES,
    *INDUSTRY_CHAIN_ROUTES,
    *PARTY_LIFE_ROUTES,
]
for prefix, viewset, basename in AREA_ROUTES:
    router.register(prefix, viewset, basename=basename)

app_name = "api"

urlpatterns = [
    path("", include(router.urls)),
    path("me/", me, name="me"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
