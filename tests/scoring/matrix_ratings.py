"""Permission-matrix rows for organisation ratings, 红旗支部 and designations (see test_permission_matrix)."""

from scoring.models import OrgRating, RatingCampaign
from tests.permissions import ALL_STAFF, CAN_ADD, ORG_A, only
from tests.scoring.factories import make_sheet


def campaign(world):
    return RatingCampaign.objects.create(year=2025, sheet=make_sheet())


def campaign_pk(world):
    return [campaign(world).pk]


def rating_a(world):
    return [OrgRating.objects.create(campaign=campaign(world), party_organization=world.org_a_child).pk]


ROWS: dict = {
    "scoring:ratingcampaign_list": (None, ALL_STAFF, "page"),
    "scoring:ratingcampaign_detail": (campaign_pk, ALL_STAFF, "page"),
    "scoring:ratingsheet_create": (None, only({"county_admin": 200}, default=403), "page"),
    "scoring:orgrating_list": (None, ALL_STAFF, "page"),
    "scoring:orgrating_detail": (rating_a, ORG_A, "page"),
    "scoring:redflag_list": (None, ALL_STAFF, "page"),
    "scoring:designation_list": (None, ALL_STAFF, "page"),
    "scoring:designation_create": (None, CAN_ADD, "page"),
}

POST_ONLY = {
    "scoring:ratingcampaign_create",
    "scoring:ratingcampaign_advance",
    "scoring:orgrating_guidance",
    "scoring:orgrating_self",
    "scoring:orgrating_inspect",
    "scoring:redflag_nominate",
    "scoring:improvementtask_done",
    "scoring:redflag_select",
}
