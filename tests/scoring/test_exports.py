"""Every result list of the scoring area exports to Excel, scoped as the page is."""

import pytest
from django.urls import reverse

from core.http import XLSX

LISTS = [
    "scoring:monthlyresult_list",
    "scoring:quarterlyresult_list",
    "scoring:pointentry_list",
    "scoring:rewarditem_list",
    "scoring:redemption_list",
    "scoring:pointaccount_list",
    "scoring:scorecard_list",
    "scoring:posting_list",
    "scoring:orgrating_list",
    "scoring:redflag_list",
    "scoring:designation_list",
]


@pytest.mark.parametrize("name", LISTS)
def test_the_list_exports_to_excel(name, world, secretary, as_user):
    response = as_user(secretary).get(reverse(name) + "?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_result_and_entry_lists_read_in_a_number_of_queries_that_does_not_grow(
    world, secretary, handbook, as_user, django_assert_max_num_queries
):
    from datetime import date

    from scoring.models import MonthlyResult, PointEntry
    from tests.scoring.factories import make_person

    rule = handbook.rules.first()
    client = as_user(secretary)

    def add(n):
        for i in range(n):
            person = make_person(world.org_a, f"党员{i}")
            MonthlyResult.objects.create(month=date(2025, 4, 1), person=person, party_organization=world.org_a)
            PointEntry.objects.create(person=person, month=date(2025, 4, 1), rule=rule, star=rule.star, points=2)

    add(2)
    few = [_queries(client, reverse(n)) for n in ("scoring:monthlyresult_list", "scoring:pointentry_list")]
    add(23)
    many = [_queries(client, reverse(n)) for n in ("scoring:monthlyresult_list", "scoring:pointentry_list")]
    assert few == many
    with django_assert_max_num_queries(12):
        client.get(reverse("scoring:monthlyresult_list"))
