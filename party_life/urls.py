from django.urls import path

from party_life.views import PARTS
from party_life.views.index import PartyLifeIndexView

app_name = "party_life"

urlpatterns = [
    path("", PartyLifeIndexView.as_view(), name="index"),
]
for _part in PARTS:
    urlpatterns += _part.urlpatterns

# Top-level pages the smoke command opens as every demo user (no URL arguments).
SMOKE_PAGES = [
    "party_life:index",
    "party_life:meeting_list",
    "party_life:compliance",
    "party_life:member_dues",
    "party_life:duespayment_list",
    "party_life:lapsed",
]
