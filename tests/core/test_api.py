"""REST API: schema, token auth, pagination, filters, scope."""

from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


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
