"""Permission-matrix rows for the survey pages and endpoints (see tests/test_permission_matrix.py)."""

from organizations.choices import EntityKind
from organizations.models import Entity, SurveyCampaign, SurveyRecord
from organizations.validators import uscc_check_char
from tests.permissions import ALL_STAFF, ORG_A

FIRST17 = "91370830MA3C00001"


def survey_record(world) -> SurveyRecord:
    """A running campaign with one record: an entity in area A covered by org A's child branch."""
    campaign, _ = SurveyCampaign.objects.get_or_create(year=2025, half=1)
    entity, _ = Entity.objects.get_or_create(
        credit_code=FIRST17 + uscc_check_char(FIRST17),
        defaults={
            "kind": EntityKind.ENTERPRISE,
            "name": "甲公司",
            "area": world.area_a,
            "party_organization": world.org_a_child,
        },
    )
    record, _ = SurveyRecord.objects.get_or_create(
        campaign=campaign, entity=entity, defaults={"area": world.area_a, "kind": entity.kind}
    )
    return record


ROWS: dict = {
    "organizations:surveycampaign_list": (None, ALL_STAFF, "page"),
    # Campaigns are county-wide; the records inside are scoped (other personas see an empty list).
    "organizations:surveycampaign_detail": (lambda w: [survey_record(w).campaign_id], ALL_STAFF, "page"),
    "organizations:surveycampaign_compare": (None, ALL_STAFF, "page"),
    "organizations:surveyrecord_detail": (lambda w: [survey_record(w).pk], ORG_A, "page"),
    "organizations:surveyrecord_update": (lambda w: [survey_record(w).pk], ORG_A, "page"),
    "api:surveycampaign-list": (None, ALL_STAFF, "api"),
    "api:surveycampaign-detail": (lambda w: [survey_record(w).campaign_id], ALL_STAFF, "api"),
    "api:surveycampaign-progress": (lambda w: [survey_record(w).campaign_id], ALL_STAFF, "api"),
    "api:surveyrecord-list": (None, ALL_STAFF, "api"),
    "api:surveyrecord-detail": (lambda w: [survey_record(w).pk], ORG_A, "api"),
}

# Tried in tests/organizations/test_survey.py: allowed persona, other organisation's secretary, anonymous.
POST_ONLY = {"organizations:surveycampaign_open", "organizations:surveycampaign_close"}
