"""Full 身份证号 and phones shown or exported are written down (who, when, which people) for county staff:
the people list and its export with ?full=1, the detail and edit pages of roles that see them in full,
the API with ?full=1 and the county archive with personal data."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core import archive
from core.choices import PersonalDataAction
from core.models import PersonalDataAccess
from tests.core.test_archive import make_person


@pytest.fixture
def people(world):
    return [make_person(world.org_a_child, "甲党员"), make_person(world.org_a, "乙党员")]


def only_record() -> PersonalDataAccess:
    assert PersonalDataAccess.objects.count() == 1
    return PersonalDataAccess.objects.get()


def test_the_list_in_full_is_recorded_with_the_people_shown_and_the_masked_list_is_not(people, county_admin, as_user):
    client = as_user(county_admin)
    client.get(reverse("members:person_list"))
    assert not PersonalDataAccess.objects.exists()
    client.get(reverse("members:person_list"), {"full": "1"})
    record = only_record()
    assert (record.user, record.action, record.person_count) == (county_admin, PersonalDataAction.VIEW, 2)
    assert record.person_ids == sorted(p.pk for p in people)
    assert "full=1" in record.path


def test_an_export_in_full_is_recorded_with_every_exported_person(people, county_admin, as_user):
    as_user(county_admin).get(reverse("members:person_list"), {"full": "1", "format": "xlsx"})
    record = only_record()
    assert record.action == PersonalDataAction.EXPORT and record.what == "人员名单导出"
    assert record.person_ids == sorted(p.pk for p in people)


def test_detail_and_edit_pages_are_recorded_for_those_who_see_them_in_full(people, secretary, area_reviewer, as_user):
    person = people[0]
    as_user(area_reviewer).get(reverse("members:person_detail", args=[person.pk]))  # masked for reviewers
    assert not PersonalDataAccess.objects.exists()
    as_user(secretary).get(reverse("members:person_detail", args=[person.pk]))
    as_user(secretary).get(reverse("members:person_update", args=[person.pk]))
    records = list(PersonalDataAccess.objects.order_by("pk"))
    assert [(r.user, r.person_ids) for r in records] == [(secretary, [person.pk])] * 2
    assert records[0].what == "人员详情：甲党员" and records[1].what == "修改人员：甲党员"


def test_the_api_in_full_is_recorded(people, county_admin):
    client = APIClient()
    client.force_authenticate(county_admin)
    client.get(reverse("api:person-list"))
    assert not PersonalDataAccess.objects.exists()
    client.get(reverse("api:person-list"), {"full": "1"})
    client.get(reverse("api:person-detail", args=[people[0].pk]), {"full": "1"})
    assert [r.person_ids for r in PersonalDataAccess.objects.order_by("pk")] == [
        sorted(p.pk for p in people),
        [people[0].pk],
    ]


def test_the_county_archive_with_personal_data_is_recorded(people, county_admin):
    archive.archive_start(by=county_admin)
    assert not PersonalDataAccess.objects.exists()
    archive.archive_start(by=county_admin, full=True)
    record = only_record()
    assert record.action == PersonalDataAction.EXPORT and record.person_count == 2


def test_county_staff_read_the_log(people, county_admin, secretary, as_user):
    as_user(secretary).get(reverse("members:person_detail", args=[people[0].pk]))
    page = as_user(county_admin).get(reverse("core:personaldataaccess_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "人员详情：甲党员" in text and secretary.username in text
    assert as_user(secretary).get(reverse("core:personaldataaccess_list")).status_code == 403
