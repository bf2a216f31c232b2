from django.urls import path

from scoring.views import PARTS
from scoring.views.index import ScoringIndexView

app_name = "scoring"

urlpatterns = [
    path("", ScoringIndexView.as_view(), name="index"),
]
for _part in PARTS:
    urlpatterns += _part.urlpatterns

# Top-level pages the smoke command opens as every demo user (no URL arguments).
SMOKE_PAGES = [
    "scoring:index",
    "scoring:handbook",
    "scoring:monthlyresult_list",
    "scoring:quarterlyresult_list",
    "scoring:grid_start",
    "scoring:pointentry_list",
    "scoring:scoringmonth_list",
    "scoring:rewarditem_list",
    "scoring:scorecard_list",
    "scoring:posting_list",
    "scoring:ratingcampaign_list",
    "scoring:orgrating_list",
    "scoring:redflag_list",
    "scoring:designation_list",
    "scoring:notice_board",
    "scoring:posting_public_list",
    "scoring:scorecardtemplate_list",
    "scoring:redemption_list",
    "scoring:pointaccount_list",
]
