"""REST API: schema, token auth, pagination, filters, scope."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import make_entity


def test_the_openapi_schema_describes_every_registered_endpoint(county_admin, as_user):
    response = as_user(county_admin).get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "红色引擎 API"
    for path in ["/api/party-organizations/", "/api/party-organizations/{id}/", "/api/areas/", "/api/me/"]:
        assert path in schema["paths"], path


def test_the_docs_page_is_served_without_any_cdn(county_admin, as_user):
    page = as_user(county_admin).get(reverse("api:docs")).content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower() and "unpkg" not in page


def test_a_token_from_the_token_endpoint_authenticates_and_is_scoped(world, secretary):
    response = APIClient().post(reverse("api:token"), {"username": "charlie", "password": "Secret#2026"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=secretary).key == token
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    names = {row["name"] for row in client.get(reverse("api:partyorganization-list")).json()["results"]}
    assert names == {"甲公司党委", "甲公司第一党支部"}
    assert client.get(reverse("api:partyorganization-detail", args=[world.org_b.pk])).status_code == 404


def test_a_wrong_password_gets_no_token(world, secretary):
    response = APIClient().post(reverse("api:token"), {"username": "charlie", "password": "wrong"})
    assert response.status_code == 400


def test_lists_are_paginated_and_filtered(world, county_admin):
    client = APIClient()
    client.force_authenticate(county_admin)
    page = client.get(reverse("api:partyorganization-list"), {"page_size": 2}).json()
    assert page["count"] == 5 and len(page["results"]) == 2 and page["next"]
    filtered = client.get(reverse("api:partyorganization-list"), {"area": world.area_b.pk}).json()
    assert {row["name"] for row in filtered["results"]} == {"乙镇党委", "乙公司党支部"}
    searched = client.get(reverse("api:partyorganization-list"), {"q": "第一"}).json()
    assert [row["name"] for row in searched["results"]] == ["甲公司第一党支部"]


def test_the_api_is_read_only_for_the_tree(world, county_admin):
    client = APIClient()
    client.force_authenticate(county_admin)
    response = client.post(reverse("api:partyorganization-list"), {"name": "x"})
    assert response.status_code == 405


def test_me_reports_the_role_and_scope(secretary, as_user):
    data = as_user(secretary).get(reverse("api:me")).json()
    assert data["role"] == "org_secretary" and data["scope"] == "甲公司党委"


def test_the_list_page_query_count_does_not_grow_with_rows(world, county_admin, as_user, django_assert_max_num_queries):
    from tests.factories import make_org

    client = as_user(county_admin)
    client.get(reverse("organizations:partyorganization_list"))  # warm session and caches
    for index in range(20):
        make_org(world.org_a, f"批量支部{index}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organizations:partyorganization_list"))
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("api:partyorganization-list")).status_code == 200


def test_entities_without_an_organisation_are_described_as_nullable(world, county_admin):
    make_entity(world.area_a, "无党组织企业")
    client = APIClient()
    client.force_authenticate(county_admin)
    rows = client.get(reverse("api:entity-list")).json()["results"]
    assert [row["party_organization_name"] for row in rows] == [None]
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert schema["components"]["schemas"]["Entity"]["properties"]["party_organization_name"]["nullable"] is True


@pytest.mark.parametrize(
    ("url_name", "query", "field"),
    [
        ("api:coverage-list", {"group": "AAA"}, "group"),
        ("api:coverage-list", {"area": "AAA"}, "area"),
        ("api:ticketassessment-list", {"group": "AAA"}, "group"),
        ("api:partyorganization-list", {"page_size": "null"}, "page_size"),
        ("api:partyorganization-list", {"page_size": "0"}, "page_size"),
        ("api:liaisonvisit-list", {"year": "2026.5"}, "year"),
    ],
)
def test_an_unknown_filter_value_is_a_400_naming_the_parameter(url_name, query, field, world, county_admin):
    client = APIClient()
    client.force_authenticate(county_admin)
    response = client.get(reverse(url_name), query)
    assert response.status_code == 400
    assert field in response.json()


def test_a_bad_token_is_a_401_that_says_how_to_authenticate(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get(reverse("api:partyorganization-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert APIClient().get(reverse("api:me")).status_code == 401


def test_the_schema_documents_the_error_answers(county_admin, as_user):
    paths = as_user(county_admin).get(reverse("api:schema"), {"format": "json"}).json()["paths"]
    listing = paths["/api/liaison-visits/"]["get"]["responses"]
    detail = paths["/api/liaison-visits/{id}/"]["get"]["responses"]
    report = paths["/api/chain-tickets/"]["post"]["responses"]
    assert {"200", "400", "401", "404"} <= set(listing)
    assert {"200", "401", "404"} <= set(detail) and "400" not in detail
    assert {"201", "400", "401"} <= set(report)
    assert "401" not in paths["/api/auth/token/"]["post"]["responses"]


def test_an_api_address_no_route_matches_is_a_json_404(county_admin):
    client = APIClient()
    client.force_authenticate(county_admin)
    response = client.get("/api/chain-tickets/1.1/steps/")
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}
