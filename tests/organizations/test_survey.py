"""The semi-annual survey (摸底排查): opening, the six facts, closing and its snapshot, progress,
comparison, import/export, pages and API — each refusal with its Chinese reason and nothing saved."""

import io
import itertools
import os
import subprocess
import sys
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import imports
from core.choices import ImportStatus
from organizations.choices import CampaignStatus, EntityKind, EstablishmentMethod, MassOrgKind, PartyOrgKind
from organizations.models import (
    SIX_CLEARS,
    Entity,
    Instructor,
    InstructorAssignment,
    MassOrganization,
    PartyOrganization,
    SurveyCampaign,
    SurveyRecord,
)
from organizations.selectors.coverage import coverage_counts
from organizations.selectors.survey import campaign_compare, campaign_progress
from organizations.services import survey as services
from organizations.validators import uscc_check_char
from tests.factories import AreaFactory

SIX = [field for field, _label in SIX_CLEARS]
ALL_FACTS = {field: f"{label}：已核实" for field, label in SIX_CLEARS}
_serial = itertools.count(1)


def make_entity(area, name=None, *, org=None, operating=True, staff=10, members=0, kind=EntityKind.ENTERPRISE):
    number = next(_serial)
    first17 = f"913708307{number:08d}"
    return Entity.objects.create(
        kind=kind,
        name=name or f"测试企业{number}",
        credit_code=first17 + uscc_check_char(first17),
        area=area,
        staff_count=staff,
        full_member_count=members,
        is_operating=operating,
        party_organization=org,
    )


def make_joint(world) -> PartyOrganization:
    return PartyOrganization.objects.add_child(
        world.committee_a,
        instance=PartyOrganization(
            name="甲镇商圈联合党支部",
            kind=PartyOrgKind.JOINT_BRANCH,
            area=world.area_a,
            establishment_method=EstablishmentMethod.JOINT,
        ),
    )


@pytest.fixture
def entities(world):
    """Area A: two covered by org A's subtree, one joint, one uncovered; area B: one covered by org B."""
    return {
        "own": make_entity(world.area_a, "甲公司", org=world.org_a_child, staff=120, members=8),
        "parent": make_entity(world.area_a, "甲集团", org=world.org_a, staff=300, members=20),
        "joint": make_entity(world.area_a, "甲镇小店", org=make_joint(world), staff=6, members=1),
        "bare": make_entity(world.area_a, "甲镇作坊", staff=4),
        "b": make_entity(world.area_b, "乙公司", org=world.org_b, staff=80, members=5),
    }


@pytest.fixture
def campaign(entities, county_admin):
    return services.campaign_open(by=county_admin, year=2025, half=1)


def record_of(campaign, entity) -> SurveyRecord:
    return SurveyRecord.objects.get(campaign=campaign, entity=entity)


def fill(by, record, **extra):
    return services.record_update(by=by, record=record, **{**ALL_FACTS, **extra})


# Opening ------------------------------------------------------------------------------------------


def test_opening_creates_one_record_per_operating_entity_prefilled_from_it(world, entities, county_admin):
    closed_down = make_entity(world.area_b, "已注销公司", operating=False)
    campaign = services.campaign_open(by=county_admin, year=2025, half=1)
    records = SurveyRecord.objects.filter(campaign=campaign)
    assert sorted(records.values_list("entity_id", flat=True)) == sorted(e.pk for e in entities.values())
    assert not records.filter(entity=closed_down).exists()
    own = record_of(campaign, entities["own"])
    assert (own.staff_count, own.full_member_count, own.area, own.kind) == (120, 8, world.area_a, "enterprise")
    assert all(getattr(own, field) == "" for field in SIX)
    assert campaign.status == CampaignStatus.OPEN


@pytest.mark.parametrize("count", [5, 50])
def test_opening_costs_the_same_few_queries_whatever_the_number_of_entities(
    count, world, county_admin, django_assert_max_num_queries
):
    for _ in range(count):
        make_entity(world.area_a)
    # Checks, the campaign and its history row, one INSERT … SELECT, the savepoint pair: no per-entity query.
    with django_assert_max_num_queries(9):
        campaign = services.campaign_open(by=county_admin, year=2025, half=1)
    assert SurveyRecord.objects.filter(campaign=campaign).count() == count


def test_a_second_campaign_for_the_same_half_year_is_refused(campaign, county_admin):
    services.campaign_close(by=county_admin, campaign=campaign)
    with pytest.raises(ValidationError, match="2025年上半年的摸底排查已经开启过，每半年只能开展一次"):
        services.campaign_open(by=county_admin, year=2025, half=1)
    assert SurveyCampaign.objects.count() == 1


def test_a_new_campaign_is_refused_while_another_is_open(campaign, county_admin):
    records = SurveyRecord.objects.count()
    with pytest.raises(ValidationError, match="2025年上半年摸底排查尚未结束，请先结束后再开启新的摸底排查"):
        services.campaign_open(by=county_admin, year=2025, half=2)
    assert SurveyCampaign.objects.count() == 1
    assert SurveyRecord.objects.count() == records


def test_only_the_county_admin_opens_and_closes_campaigns(entities, county_admin, area_reviewer, secretary):
    for user in (area_reviewer, secretary):
        with pytest.raises(ValidationError, match="只有县级管理员可以开启摸底排查"):
            services.campaign_open(by=user, year=2025, half=1)
    assert not SurveyCampaign.objects.exists()
    campaign = services.campaign_open(by=county_admin, year=2025, half=1)
    with pytest.raises(ValidationError, match="只有县级管理员可以结束摸底排查"):
        services.campaign_close(by=area_reviewer, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN


# Filling in ---------------------------------------------------------------------------------------


def _is_complete(record) -> bool:
    return SurveyRecord.objects.with_completeness().get(pk=record.pk).is_complete


def test_a_record_is_complete_only_with_all_six_facts(campaign, entities, secretary):
    record = record_of(campaign, entities["own"])
    for missing in SIX:
        fill(secretary, record, **{missing: ""})
        assert not _is_complete(record), f"complete without {missing}"
        assert not record.is_filled
    fill(secretary, record)
    assert _is_complete(record)
    assert record.is_filled


def test_a_fact_of_only_spaces_is_not_filled_in(campaign, entities, secretary):
    record = record_of(campaign, entities["own"])
    fill(secretary, record, members_info="   \n ")
    record.refresh_from_db()
    assert record.members_info == ""
    assert not _is_complete(record)


def test_filling_in_the_counts_updates_the_entity_too(campaign, entities, area_reviewer):
    record = record_of(campaign, entities["bare"])
    fill(area_reviewer, record, staff_count=35, full_member_count=3)
    entity = Entity.objects.get(pk=entities["bare"].pk)
    assert (entity.staff_count, entity.full_member_count) == (35, 3)
    assert entity.history.first().staff_count == 35, "the entity's change is in its audit trail"


def test_a_negative_count_is_refused_and_nothing_changes(campaign, entities, county_admin):
    record = record_of(campaign, entities["own"])
    with pytest.raises(ValidationError) as refused:
        fill(county_admin, record, staff_count=-1)
    assert "staff_count" in refused.value.message_dict
    assert record_of(campaign, entities["own"]).operation_info == ""
    assert Entity.objects.get(pk=entities["own"].pk).staff_count == 120


def test_unknown_fields_are_refused(campaign, entities, county_admin):
    with pytest.raises(ValidationError, match="不能修改这些字段：establishment_method"):
        services.record_update(
            by=county_admin, record=record_of(campaign, entities["own"]), establishment_method="joint"
        )


def test_editing_a_record_of_a_closed_campaign_is_refused_and_nothing_changes(campaign, entities, county_admin):
    record = record_of(campaign, entities["own"])
    services.campaign_close(by=county_admin, campaign=campaign)
    with pytest.raises(ValidationError, match="本次摸底排查已结束，不能修改"):
        fill(county_admin, record, staff_count=999)
    assert record_of(campaign, entities["own"]).operation_info == ""
    assert Entity.objects.get(pk=entities["own"].pk).staff_count == 120


def test_the_edit_page_of_a_closed_campaign_refuses_posts_and_sends_gets_to_the_record(
    campaign, entities, county_admin, secretary, as_user
):
    record = record_of(campaign, entities["own"])
    services.campaign_close(by=county_admin, campaign=campaign)
    client = as_user(secretary)
    url = reverse("organizations:surveyrecord_update", args=[record.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:surveyrecord_detail", args=[record.pk])
    response = client.post(url, {**ALL_FACTS, "staff_count": 1, "full_member_count": 1})
    assert response.status_code == 200
    assert "本次摸底排查已结束，不能修改" in response.content.decode()
    assert record_of(campaign, entities["own"]).operation_info == ""


def test_the_secretary_fills_in_a_record_of_its_subtree_on_the_edit_page(campaign, entities, secretary, as_user):
    record = record_of(campaign, entities["own"])
    url = reverse("organizations:surveyrecord_update", args=[record.pk])
    page = as_user(secretary).get(url).content.decode()
    for _field, label in SIX_CLEARS:
        assert label in page
    assert page.count("<textarea") == 6
    response = as_user(secretary).post(url, {**ALL_FACTS, "staff_count": 130, "full_member_count": 9})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_filled
    assert Entity.objects.get(pk=entities["own"].pk).full_member_count == 9


def test_another_organisations_secretary_gets_404_on_a_record_and_cannot_update_it(
    campaign, entities, other_secretary, as_user
):
    record = record_of(campaign, entities["own"])
    client = as_user(other_secretary)
    assert client.get(reverse("organizations:surveyrecord_detail", args=[record.pk])).status_code == 404
    url = reverse("organizations:surveyrecord_update", args=[record.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {**ALL_FACTS, "staff_count": 1, "full_member_count": 0}).status_code == 404
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        fill(other_secretary, record)
    assert record_of(campaign, entities["own"]).operation_info == ""
    assert Entity.objects.get(pk=entities["own"].pk).staff_count == 120


def test_an_area_reviewer_cannot_update_a_record_of_another_area(campaign, entities, area_reviewer):
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        fill(area_reviewer, record_of(campaign, entities["b"]))


# Closing and the snapshot ---------------------------------------------------------------------------


def test_closing_freezes_the_campaign_and_closing_twice_is_harmless(world, campaign, entities, county_admin):
    closed = services.campaign_close(by=county_admin, campaign=campaign)
    assert closed.status == CampaignStatus.CLOSED
    assert closed.closed_at is not None
    bare = record_of(campaign, entities["bare"])
    assert bare.establishment_method == ""
    # Coverage changes afterwards; a second close must neither fail nor re-take the snapshot.
    Entity.objects.filter(pk=entities["bare"].pk).update(party_organization=world.org_a)
    again = services.campaign_close(by=county_admin, campaign=campaign)
    assert again.status == CampaignStatus.CLOSED
    assert again.closed_at == closed.closed_at
    assert record_of(campaign, entities["bare"]).establishment_method == ""
    assert SurveyCampaign.history.filter(id=campaign.pk).count() == 2, "opened, closed once"


def test_the_snapshot_matches_the_coverage_definitions(world, county_admin):
    standalone = make_entity(world.area_a, org=world.org_a)
    joint = make_entity(world.area_a, org=make_joint(world))
    dissolved = PartyOrganization.objects.add_child(
        world.committee_b,
        instance=PartyOrganization(
            name="已撤销支部",
            kind=PartyOrgKind.BRANCH,
            area=world.area_b,
            establishment_method=EstablishmentMethod.STANDALONE,
            is_active=False,
        ),
    )
    under_dissolved = make_entity(world.area_b, org=dissolved)
    instructed = make_entity(world.area_b)
    ended = make_entity(world.area_b)
    mass = make_entity(world.area_b)
    covered_and_instructed = make_entity(world.area_a, org=world.org_a)
    nothing = make_entity(world.area_b)
    instructor = Instructor.objects.create(name="王指导员", area=world.area_b)
    for entity in (instructed, covered_and_instructed):
        InstructorAssignment.objects.create(instructor=instructor, entity=entity, started_on=date(2025, 1, 1))
    InstructorAssignment.objects.create(
        instructor=instructor, entity=ended, started_on=date(2024, 1, 1), ended_on=date(2024, 6, 30)
    )
    MassOrganization.objects.create(entity=mass, kind=MassOrgKind.UNION, name="工会")

    campaign = services.campaign_open(by=county_admin, year=2025, half=1)
    services.campaign_close(by=county_admin, campaign=campaign)

    snapshot = {
        r.entity_id: (r.establishment_method, r.work_covered) for r in SurveyRecord.objects.filter(campaign=campaign)
    }
    assert snapshot == {
        standalone.pk: ("standalone", False),
        joint.pk: ("joint", False),
        under_dissolved.pk: ("", False),
        instructed.pk: ("", True),
        ended.pk: ("", False),
        mass.pk: ("", True),
        covered_and_instructed.pk: ("standalone", False),
        nothing.pk: ("", False),
    }
    live = coverage_counts(Entity.objects.all())[0]
    methods = [method for method, _work in snapshot.values()]
    assert methods.count("standalone") == live["standalone"]
    assert methods.count("joint") == live["joint"]
    assert sum(1 for _m, work in snapshot.values() if work) == live["work_only"]


def test_closing_takes_area_and_kind_as_they_stand_then(world, campaign, entities, county_admin):
    Entity.objects.filter(pk=entities["bare"].pk).update(area=world.area_b, kind=EntityKind.SOCIAL_ORG)
    services.campaign_close(by=county_admin, campaign=campaign)
    record = record_of(campaign, entities["bare"])
    assert (record.area, record.kind) == (world.area_b, EntityKind.SOCIAL_ORG)


# Progress ----------------------------------------------------------------------------------------


def test_progress_per_area_counts_records_and_complete_ones_in_one_query(
    world, campaign, entities, county_admin, area_reviewer, django_assert_num_queries
):
    fill(county_admin, record_of(campaign, entities["own"]))
    fill(county_admin, record_of(campaign, entities["joint"]))
    fill(county_admin, record_of(campaign, entities["bare"]), structure_info="")
    with django_assert_num_queries(1):
        progress = campaign_progress(campaign=campaign, user=county_admin)
    rows = {row.area_name: (row.records, row.complete, row.percent) for row in progress.areas}
    assert rows == {"甲镇": (4, 2, 50.0), "乙镇": (1, 0, 0.0)}
    assert (progress.total.records, progress.total.complete, progress.total.percent) == (5, 2, 40.0)
    mine = campaign_progress(campaign=campaign, user=area_reviewer)
    assert [(row.area_name, row.records, row.complete) for row in mine.areas] == [("甲镇", 4, 2)]


def test_the_campaign_page_shows_a_bar_per_area_and_only_the_users_records(
    campaign, entities, county_admin, secretary, as_user
):
    fill(county_admin, record_of(campaign, entities["own"]))
    page = as_user(county_admin).get(reverse("organizations:surveycampaign_detail", args=[campaign.pk]))
    html = page.content.decode()
    assert html.count('class="progress"') == 2
    assert "width:25.0%" in html
    assert "乙公司" in html
    mine = as_user(secretary).get(reverse("organizations:surveycampaign_detail", args=[campaign.pk]))
    names = {record.entity.name for record in mine.context["object_list"]}
    assert names == {"甲公司", "甲集团"}


def test_the_campaign_page_filters_by_completeness_area_and_search(world, campaign, entities, county_admin, as_user):
    fill(county_admin, record_of(campaign, entities["own"]))
    url = reverse("organizations:surveycampaign_detail", args=[campaign.pk])
    client = as_user(county_admin)

    def names(**params):
        return {r.entity.name for r in client.get(url, params).context["object_list"]}

    assert names(complete="true") == {"甲公司"}
    assert names(complete="false") == {"甲集团", "甲镇小店", "甲镇作坊", "乙公司"}
    assert names(area=world.area_b.pk) == {"乙公司"}
    assert names(q=entities["bare"].credit_code) == {"甲镇作坊"}
    assert names(q="小店") == {"甲镇小店"}


def test_the_campaign_page_costs_the_same_queries_for_more_records(
    world, campaign, county_admin, as_user, django_assert_max_num_queries
):
    for _ in range(30):
        make_entity(world.area_b)
    services.campaign_close(by=county_admin, campaign=campaign)
    bigger = services.campaign_open(by=county_admin, year=2025, half=2)
    client = as_user(county_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("organizations:surveycampaign_detail", args=[bigger.pk]))
    assert response.status_code == 200
    assert response.context["paginator"].count == 35


def test_the_campaign_list_counts_records_in_the_users_scope(campaign, entities, county_admin, secretary, as_user):
    fill(county_admin, record_of(campaign, entities["own"]))
    row = as_user(secretary).get(reverse("organizations:surveycampaign_list")).context["object_list"][0]
    assert (row.record_count, row.complete_count) == (2, 1)
    admin_page = as_user(county_admin).get(reverse("organizations:surveycampaign_list")).content.decode()
    assert "data-confirm" in admin_page
    assert "结束</button>" in admin_page
    assert "结束</button>" not in as_user(secretary).get(reverse("organizations:surveycampaign_list")).content.decode()


# Comparison --------------------------------------------------------------------------------------


@pytest.fixture
def two_campaigns(world, entities, county_admin):
    """2024 下半年 closed; then one entity closes down, one appears, coverage moves both ways."""
    earlier = services.campaign_open(by=county_admin, year=2024, half=2)
    services.campaign_close(by=county_admin, campaign=earlier)
    Entity.objects.filter(pk=entities["joint"].pk).update(is_operating=False)
    newcomer = make_entity(world.area_a, "甲镇新店", org=world.org_a_child)
    Entity.objects.filter(pk=entities["bare"].pk).update(party_organization=world.org_a)
    Entity.objects.filter(pk=entities["b"].pk).update(party_organization=None)
    later = services.campaign_open(by=county_admin, year=2025, half=1)
    services.campaign_close(by=county_admin, campaign=later)
    earlier.refresh_from_db()
    later.refresh_from_db()
    return earlier, later, newcomer


def _names(queryset) -> set[str]:
    return {record.entity.name for record in queryset}


def test_the_comparison_finds_new_and_gone_entities_and_coverage_gained_and_lost(
    two_campaigns, county_admin, django_assert_max_num_queries
):
    earlier, later, _newcomer = two_campaigns
    comparison = campaign_compare(earlier=earlier, later=later, user=county_admin)
    with django_assert_max_num_queries(8):
        assert _names(comparison.new_entities) == {"甲镇新店"}
        assert _names(comparison.gone_entities) == {"甲镇小店"}
        assert _names(comparison.coverage_gained) == {"甲镇作坊"}
        assert _names(comparison.coverage_lost) == {"乙公司"}
    assert comparison.founded == 1
    assert {row.method: row.count for row in comparison.founded_by_method} == {
        "standalone": 1,
        "joint": 0,
        "fallback": 0,
    }
    assert (comparison.earlier_org_covered, comparison.earlier_records) == (4, 5)
    assert (comparison.later_org_covered, comparison.later_records) == (4, 5)


def test_the_comparison_stays_within_the_users_scope(two_campaigns, area_reviewer, secretary):
    earlier, later, _newcomer = two_campaigns
    mine = campaign_compare(earlier=earlier, later=later, user=area_reviewer)
    assert _names(mine.new_entities) == {"甲镇新店"}
    assert _names(mine.coverage_lost) == set()
    theirs = campaign_compare(earlier=earlier, later=later, user=secretary)
    assert _names(theirs.gone_entities) == set()
    assert _names(theirs.coverage_gained) == {"甲镇作坊"}


def test_a_running_campaign_is_compared_by_live_coverage(world, entities, county_admin):
    earlier = services.campaign_open(by=county_admin, year=2024, half=2)
    services.campaign_close(by=county_admin, campaign=earlier)
    later = services.campaign_open(by=county_admin, year=2025, half=1)
    Entity.objects.filter(pk=entities["bare"].pk).update(party_organization=make_joint_b(world))
    comparison = campaign_compare(earlier=earlier, later=later, user=county_admin)
    assert _names(comparison.coverage_gained) == {"甲镇作坊"}
    assert [row.count for row in comparison.founded_by_method if row.method == "joint"] == [1]


def make_joint_b(world):
    return PartyOrganization.objects.add_child(
        world.committee_a,
        instance=PartyOrganization(
            name="甲镇第二联合党支部",
            kind=PartyOrgKind.JOINT_BRANCH,
            area=world.area_a,
            establishment_method=EstablishmentMethod.JOINT,
        ),
    )


def test_the_comparison_page_defaults_to_the_two_latest_campaigns_and_lists_changes(
    two_campaigns, county_admin, as_user
):
    earlier, later, _newcomer = two_campaigns
    response = as_user(county_admin).get(reverse("organizations:surveycampaign_compare"))
    comparison = response.context["comparison"]
    assert (comparison.earlier, comparison.later) == (earlier, later)
    html = response.content.decode()
    for text in (
        "新增经营主体",
        "甲镇新店",
        "减少经营主体",
        "甲镇小店",
        "新增组织覆盖",
        "甲镇作坊",
        "失去组织覆盖",
        "乙公司",
    ):
        assert text in html
    # Chosen the wrong way round, the page still compares in time order.
    swapped = as_user(county_admin).get(
        reverse("organizations:surveycampaign_compare"), {"earlier": later.pk, "later": earlier.pk}
    )
    assert swapped.context["comparison"].earlier == earlier
    same = as_user(county_admin).get(
        reverse("organizations:surveycampaign_compare"), {"earlier": later.pk, "later": later.pk}
    )
    assert "请选择两次不同的摸底排查" in same.content.decode()
    assert "comparison" not in same.context


# Import and export --------------------------------------------------------------------------------

HEADERS = ["统一社会信用代码", "名称", *(label for _f, label in SIX_CLEARS), "从业人员数", "正式党员数", "摸底排查"]


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("摸底排查记录.xlsx", buffer.getvalue())


def row(entity, *, staff=10, members=1, campaign="", facts=None):
    texts = facts if facts is not None else [f"{label}情况" for _f, label in SIX_CLEARS]
    return [entity.credit_code, "名称不读", *texts, staff, members, campaign]


def run_import(user, upload):
    job = imports.import_job_create(user=user, resource_key="survey-records", uploaded_file=upload)
    imports.import_job_validate(job_id=job.pk)
    job.refresh_from_db()
    if job.status == ImportStatus.VALIDATED:
        imports.import_job_commit(job_id=job.pk)
        job.refresh_from_db()
    return job


def test_import_fills_in_the_running_campaign_and_the_entities_counts(campaign, entities, secretary):
    job = run_import(secretary, xlsx([row(entities["own"], staff=150, members=12), row(entities["parent"])]))
    assert job.status == ImportStatus.DONE, job.errors
    own = record_of(campaign, entities["own"])
    assert own.is_filled
    assert own.staff_count == 150
    assert Entity.objects.get(pk=entities["own"].pk).full_member_count == 12
    assert Entity.objects.get(pk=entities["own"].pk).name == "甲公司", "名称 is read-only on import"


def test_an_import_with_one_bad_row_imports_nothing_and_names_the_row(campaign, entities, secretary):
    rows = [
        row(entities["own"]),
        row(entities["parent"], staff="很多"),
        row(entities["b"]),
        ["91370830MA3C99999", "", *[""] * 6, 1, 1, ""],
    ]
    job = run_import(secretary, xlsx(rows))
    assert job.status == ImportStatus.INVALID
    by_row = {error["row"]: error["message"] for error in job.errors}
    assert "从业人员数" in by_row[3]
    assert "从业人员数：应为整数，不能填写“很多”" in by_row[3]
    assert "找不到统一社会信用代码为“" in by_row[4], "another organisation's entity is outside the scope"
    assert "不在您的管理范围内" in by_row[4]
    assert 5 in by_row
    assert 2 not in by_row
    assert not SurveyRecord.objects.exclude(operation_info="").exists()


def test_an_import_row_for_a_closed_campaign_is_an_error_with_its_row_number(entities, county_admin, campaign):
    services.campaign_close(by=county_admin, campaign=campaign)
    services.campaign_open(by=county_admin, year=2025, half=2)
    job = run_import(
        county_admin, xlsx([row(entities["own"]), row(entities["parent"], campaign="2025年上半年摸底排查")])
    )
    assert job.status == ImportStatus.INVALID
    assert job.errors == [{"row": 3, "message": "2025年上半年摸底排查已结束，不能修改。"}]
    assert not SurveyRecord.objects.exclude(operation_info="").exists()


def test_an_import_without_a_running_campaign_is_refused_row_by_row(entities, county_admin, campaign):
    services.campaign_close(by=county_admin, campaign=campaign)
    job = run_import(county_admin, xlsx([row(entities["own"])]))
    assert job.errors == [{"row": 2, "message": "当前没有进行中的摸底排查，不能导入记录。"}]


def test_an_import_refuses_the_same_entity_twice_and_an_entity_not_in_the_campaign(
    world, campaign, entities, county_admin
):
    late = make_entity(world.area_a, "开启后登记的公司")
    job = run_import(county_admin, xlsx([row(entities["own"]), row(entities["own"]), row(late)]))
    messages = {error["row"]: error["message"] for error in job.errors}
    assert "与第 2 行重复" in messages[3]
    assert "不在2025年上半年摸底排查的记录中" in messages[4]
    assert not SurveyRecord.objects.exclude(operation_info="").exists()


def test_the_export_has_the_import_columns_and_reimports_unchanged(campaign, entities, county_admin, as_user):
    fill(county_admin, record_of(campaign, entities["own"]))
    url = reverse("organizations:surveycampaign_detail", args=[campaign.pk])
    response = as_user(county_admin).get(url, {"format": "xlsx", "q": "甲公司"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[3]] == HEADERS
    values = [cell.value for cell in sheet[4]]
    assert values[:3] == [entities["own"].credit_code, "甲公司", ALL_FACTS["operation_info"]]
    assert values[-1] == "2025年上半年摸底排查"
    upload = SimpleUploadedFile("export.xlsx", response.content)
    job = run_import(county_admin, upload)
    assert job.status == ImportStatus.DONE, job.errors


def test_the_printed_list_is_a_pdf(campaign, entities, county_admin, as_user):
    url = reverse("organizations:surveycampaign_detail", args=[campaign.pk])
    response = as_user(county_admin).get(url, {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_survey_import_is_registered_in_a_process_that_never_loads_the_urls():
    # A Celery worker validates imports without ever importing the views: the registry must not depend on them.
    code = (
        "import django; django.setup(); from core.imports import get_import_kind; "
        "print(get_import_kind('survey-records').resource_class.__name__)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed snippet
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.stdout.strip() == "SurveyRecordResource", result.stderr[-2000:]


def test_the_import_page_is_for_those_with_records_to_edit(campaign, entities, secretary, chain_staff, as_user):
    url = reverse("core:import_start", args=["survey-records"])
    assert as_user(secretary).get(url).status_code == 200
    assert as_user(chain_staff).get(url).status_code == 403


# POST-only actions ---------------------------------------------------------------------------------


def test_the_county_admin_opens_a_campaign_from_the_list_page(entities, county_admin, as_user):
    response = as_user(county_admin).post(reverse("organizations:surveycampaign_open"), {"year": 2025, "half": 1})
    campaign = SurveyCampaign.objects.get()
    assert response["Location"] == reverse("organizations:surveycampaign_detail", args=[campaign.pk])
    assert campaign.records.count() == 5


def test_opening_a_second_campaign_from_the_page_shows_the_reason(campaign, county_admin, as_user):
    response = as_user(county_admin).post(
        reverse("organizations:surveycampaign_open"), {"year": 2025, "half": 2}, follow=True
    )
    assert "尚未结束，请先结束后再开启新的摸底排查" in response.content.decode()
    assert SurveyCampaign.objects.count() == 1


def test_only_the_county_admin_may_open_and_anonymous_visitors_log_in_first(
    entities, other_secretary, area_reviewer, as_user, client
):
    url = reverse("organizations:surveycampaign_open")
    assert as_user(other_secretary).post(url, {"year": 2025, "half": 1}).status_code == 403
    assert as_user(area_reviewer).post(url, {"year": 2025, "half": 1}).status_code == 403
    response = client.post(url, {"year": 2025, "half": 1})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert as_user(area_reviewer).get(url).status_code == 405
    assert not SurveyCampaign.objects.exists()


def test_the_county_admin_closes_a_campaign_and_others_get_404(
    campaign, county_admin, other_secretary, secretary, as_user, client
):
    url = reverse("organizations:surveycampaign_close", args=[campaign.pk])
    assert as_user(other_secretary).post(url).status_code == 404
    assert as_user(secretary).post(url).status_code == 404
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert as_user(county_admin).get(url).status_code == 405
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    response = as_user(county_admin).post(url)
    assert response["Location"] == reverse("organizations:surveycampaign_detail", args=[campaign.pk])
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED


# API ----------------------------------------------------------------------------------------------


def test_the_api_lists_records_in_scope_with_completeness_and_filters(campaign, entities, secretary, as_user):
    fill(secretary, record_of(campaign, entities["own"]))
    client = as_user(secretary)
    data = client.get(reverse("api:surveyrecord-list"), {"campaign": campaign.pk}).json()
    assert {item["entity_name"] for item in data["results"]} == {"甲公司", "甲集团"}
    complete = client.get(reverse("api:surveyrecord-list"), {"complete": "true"}).json()
    assert [(item["entity_name"], item["is_complete"]) for item in complete["results"]] == [("甲公司", True)]


def test_the_api_gives_progress_per_area_in_scope(world, campaign, entities, area_reviewer, as_user):
    data = as_user(area_reviewer).get(reverse("api:surveycampaign-progress", args=[campaign.pk])).json()
    assert data == [
        {"area_id": world.area_a.pk, "area_name": "甲镇", "records": 4, "complete": 0, "percent": 0.0},
        {"area_id": None, "area_name": "合计", "records": 4, "complete": 0, "percent": 0.0},
    ]


# Demo ---------------------------------------------------------------------------------------------


def test_the_demo_creates_a_closed_and_a_running_campaign_and_runs_twice_without_change(world, county_admin):
    from organizations.demo import survey as demo

    area = AreaFactory(name="丙镇")
    for index in range(60):
        make_entity(area if index % 2 else world.area_a, org=world.org_a if index % 3 == 0 else None)
    make_entity(area, "注销公司", operating=False)
    out = io.StringIO()
    demo.load(admin=county_admin, stdout=out)
    closed = SurveyCampaign.objects.get(year=2024, half=2)
    running = SurveyCampaign.objects.get(year=2025, half=1)
    assert closed.status == CampaignStatus.CLOSED
    assert running.status == CampaignStatus.OPEN
    progress = campaign_progress(campaign=running, user=county_admin).total
    assert 0.6 < progress.complete / progress.records < 0.95, "most complete, some not"
    comparison = campaign_compare(earlier=closed, later=running, user=county_admin)
    assert comparison.new_entities.exists()
    assert comparison.gone_entities.exists()
    assert comparison.coverage_gained.exists()
    assert comparison.coverage_lost.exists()
    before = (SurveyCampaign.objects.count(), SurveyRecord.objects.count(), SurveyRecord.history.count())
    demo.load(admin=county_admin, stdout=out)
    assert (SurveyCampaign.objects.count(), SurveyRecord.objects.count(), SurveyRecord.history.count()) == before


def test_the_demo_skips_when_there_are_no_entities(db, county_admin):
    from organizations.demo import survey as demo

    out = io.StringIO()
    demo.load(admin=county_admin, stdout=out)
    assert not SurveyCampaign.objects.exists()
    assert "跳过" in out.getvalue()
