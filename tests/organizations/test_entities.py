"""Entities, their coverage and the coverage figures: every rule and refusal."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import imports
from core.choices import ImportStatus
from organizations.choices import EstablishmentMethod, PartyOrgKind
from organizations.demo.entities import credit_code
from organizations.models import Entity, Instructor, InstructorAssignment, MassOrganization
from organizations.selectors import coverage
from organizations.services import entities as services
from organizations.validators import validate_uscc
from tests.factories import make_entity


def joint_org(parent, name="甲片区联合党支部"):
    from organizations.models import PartyOrganization

    return PartyOrganization.objects.add_child(
        parent,
        instance=PartyOrganization(
            name=name, kind=PartyOrgKind.JOINT_BRANCH, area=parent.area, establishment_method=EstablishmentMethod.JOINT
        ),
    )


# --- 统一社会信用代码 --------------------------------------------------------------------------


def test_a_published_credit_code_passes_the_gb32100_check():
    validate_uscc("91350100M000100Y43")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y44", "统一社会信用代码无效（校验不通过）"),
        ("91350100M000100Y4", "应为 18 位"),
        ("91350100I000100Y43", "无效字符：I"),
    ],
)
def test_it_refuses_a_malformed_credit_code_with_the_reason(code, reason):
    with pytest.raises(ValidationError, match=reason.replace("（", "\\（").replace("）", "\\）")):
        validate_uscc(code)


def test_registering_an_entity_refuses_a_wrong_check_digit_and_saves_nothing(world, county_admin):
    bad = credit_code(5)[:-1] + ("0" if credit_code(5)[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="无效（校验不通过）"):
        services.entity_create(by=county_admin, kind="enterprise", name="错码公司", credit_code=bad, area=world.area_a)
    assert not Entity.objects.exists()


def test_registering_an_entity_refuses_a_duplicate_code(world, county_admin):
    code = credit_code(7)
    services.entity_create(by=county_admin, kind="enterprise", name="甲公司", credit_code=code, area=world.area_a)
    with pytest.raises(ValidationError, match="已登记"):
        services.entity_create(
            by=county_admin, kind="enterprise", name="乙公司", credit_code=code.lower(), area=world.area_b
        )
    assert Entity.objects.count() == 1


def test_an_area_reviewer_registers_only_in_its_own_area(world, area_reviewer):
    services.entity_create(
        by=area_reviewer, kind="enterprise", name="甲镇公司", credit_code=credit_code(8), area=world.area_a
    )
    with pytest.raises(ValidationError, match="本街镇/园区审核员"):
        services.entity_create(
            by=area_reviewer, kind="enterprise", name="乙镇公司", credit_code=credit_code(9), area=world.area_b
        )
    assert list(Entity.objects.values_list("name", flat=True)) == ["甲镇公司"]


# --- coverage rules ---------------------------------------------------------------------------


def test_a_standalone_organisation_covers_exactly_one_entity(world, county_admin):
    first = make_entity(world.area_a, "甲一")
    second = make_entity(world.area_a, "甲二")
    services.entity_cover(by=county_admin, entity=first, organization=world.org_a_child)
    with pytest.raises(ValidationError, match="单独建立的党组织只能覆盖一个经营主体"):
        services.entity_cover(by=county_admin, entity=second, organization=world.org_a_child)
    second.refresh_from_db()
    assert second.party_organization is None


def test_a_joint_organisation_refuses_a_sixth_entity(world, county_admin):
    joint = joint_org(world.committee_a)
    entities = [make_entity(world.area_a, f"联合{i}", members=1) for i in range(6)]
    for entity in entities[:5]:
        services.entity_cover(by=county_admin, entity=entity, organization=joint)
    with pytest.raises(ValidationError, match="不能超过 5 个"):
        services.entity_cover(by=county_admin, entity=entities[5], organization=joint)
    assert Entity.objects.filter(party_organization=joint).count() == 5


def test_a_joint_organisation_refuses_more_than_fifty_members(world, county_admin):
    joint = joint_org(world.committee_a)
    services.entity_cover(by=county_admin, entity=make_entity(world.area_a, "大户", members=45), organization=joint)
    with pytest.raises(ValidationError, match="不能超过 50 名（将达 51 名）"):
        services.entity_cover(by=county_admin, entity=make_entity(world.area_a, "小户", members=6), organization=joint)


def test_coverage_stays_inside_one_area_and_below_the_area_committee(world, county_admin):
    entity = make_entity(world.area_a, "甲三")
    with pytest.raises(ValidationError, match="不属于同一街镇/园区"):
        services.entity_cover(by=county_admin, entity=entity, organization=world.org_b)
    with pytest.raises(ValidationError, match="不直接覆盖经营主体"):
        services.entity_cover(by=county_admin, entity=entity, organization=world.committee_a)


def test_another_secretary_cannot_cover_our_entity_and_gets_404_on_the_page(world, other_secretary, as_user):
    entity = make_entity(world.area_a, "甲四", org=world.org_a_child)
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        services.entity_cover(by=other_secretary, entity=entity, organization=world.org_b)
    client = as_user(other_secretary)
    assert (
        client.post(reverse("organizations:entity_cover", args=[entity.pk]), {"party_organization": ""}).status_code
        == 404
    )
    assert client.get(reverse("organizations:entity_detail", args=[entity.pk])).status_code == 404
    entity.refresh_from_db()
    assert entity.party_organization == world.org_a_child


def test_the_secretary_records_a_mass_organisation_and_the_area_assigns_an_instructor(
    world, secretary, area_reviewer, as_user
):
    entity = make_entity(world.area_a, "甲五", org=world.org_a_child)
    instructor = Instructor.objects.create(name="王指导", area=world.area_a)
    as_user(secretary).post(
        reverse("organizations:entity_mass_org_add", args=[entity.pk]), {"kind": "union", "name": "甲五工会"}
    )
    with pytest.raises(ValidationError, match="只有县级管理员或本街镇/园区审核员"):
        services.instructor_assign(by=secretary, instructor=instructor, entity=entity, started_on=date(2024, 3, 1))
    client = as_user(area_reviewer)
    client.post(
        reverse("organizations:entity_instructor_assign", args=[entity.pk]),
        {"instructor": instructor.pk, "started_on": "2024-03-01"},
    )
    assert MassOrganization.objects.get(entity=entity).name == "甲五工会"
    assignment = InstructorAssignment.objects.get(entity=entity)
    with pytest.raises(ValidationError, match="已在指导"):
        services.instructor_assign(by=area_reviewer, instructor=instructor, entity=entity, started_on=date(2024, 4, 1))
    client.post(reverse("organizations:instructor_assignment_end", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.ended_on is not None


def test_covering_through_the_page_is_audited(world, county_admin, as_user):
    entity = make_entity(world.area_a, "甲六")
    as_user(county_admin).post(
        reverse("organizations:entity_cover", args=[entity.pk]), {"party_organization": world.org_a_child.pk}
    )
    record = entity.history.latest()
    assert record.party_organization_id == world.org_a_child.pk and record.history_user == county_admin


# --- coverage figures -------------------------------------------------------------------------


@pytest.fixture
def county(world):
    """Area A: 1 standalone, 2 joint, 1 reached by an instructor, 1 by a union, 1 uncovered, 1 closed down."""
    joint = joint_org(world.committee_a)
    make_entity(world.area_a, "单建", org=world.org_a_child, members=9)
    make_entity(world.area_a, "联建一", org=joint, members=2)
    make_entity(world.area_a, "联建二", org=joint, members=4)
    guided = make_entity(world.area_a, "有指导员", members=1)
    ended = make_entity(world.area_a, "指导已结束", members=3)
    union = make_entity(world.area_a, "有工会", members=0)
    make_entity(world.area_a, "停业", members=5, operating=False)
    instructor = Instructor.objects.create(name="李指导", area=world.area_a)
    InstructorAssignment.objects.create(instructor=instructor, entity=guided, started_on=date(2024, 1, 1))
    InstructorAssignment.objects.create(
        instructor=instructor, entity=ended, started_on=date(2023, 1, 1), ended_on=date(2023, 12, 31)
    )
    MassOrganization.objects.create(entity=union, kind="union", name="工会")
    make_entity(world.area_b, "乙单建", org=world.org_b, members=4)
    return world


def test_rates_carry_their_numerators_and_denominators(county):
    total = coverage.coverage_total(Entity.objects.filter(area=county.area_a))
    assert (total.operating, total.standalone, total.joint, total.fallback, total.work_only) == (6, 1, 2, 0, 2)
    assert (total.organisation_rate.numerator, total.organisation_rate.denominator) == (3, 6)
    assert total.organisation_rate.percent == 50.0
    # 工作覆盖率 counts the organisation-covered too: 3 + 2 of 6; of the 3 without an organisation, 2 are reached.
    assert (total.work_rate.numerator, total.work_rate.denominator) == (5, 6)
    assert (total.uncovered_reach_rate.numerator, total.uncovered_reach_rate.denominator) == (2, 3)


def test_coverage_by_area_and_by_kind(county):
    rows = {row.label: row for row in coverage.coverage_by_area(Entity.objects.all())}
    assert rows["甲镇"].org_covered == 3 and rows["乙镇"].org_covered == 1
    (kind_row,) = coverage.coverage_by_kind(Entity.objects.all())
    assert kind_row.label == "非公企业" and kind_row.operating == 7


def test_should_have_but_dont_lists_three_members_without_an_own_organisation(county):
    names = set(coverage.should_have_but_dont(Entity.objects.all()).values_list("name", flat=True))
    # 联建二 has 4 members but only a joint branch; 指导已结束 has 3 and nothing; 停业 is closed; 单建 has its own.
    assert names == {"联建二", "指导已结束"}


def test_the_coverage_page_shows_rates_with_their_figures_and_a_chart(county, area_reviewer, as_user):
    page = as_user(area_reviewer).get(reverse("organizations:coverage")).content.decode()
    assert "有党组织覆盖 3 / 正常经营 6 个" in re.sub(r"<[^>]+>", "", page)  # the counts are links to their lists
    assert "<svg" in page and "各街镇/园区覆盖率" in page
    assert "乙镇" not in page.split("按街镇/园区")[1].split("按主体类型")[0]


def test_the_coverage_page_costs_the_same_queries_for_five_or_fifty_entities(
    world, county_admin, as_user, django_assert_max_num_queries
):
    client = as_user(county_admin)
    for index in range(5):
        make_entity(world.area_a, f"少{index}", members=index)
    client.get(reverse("organizations:coverage"))
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("organizations:coverage"))
    for index in range(45):
        make_entity(world.area_b if index % 2 else world.area_a, f"多{index}", members=index % 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("organizations:coverage"))


def test_the_entity_list_query_count_does_not_grow_with_rows(
    world, county_admin, as_user, django_assert_max_num_queries
):
    client = as_user(county_admin)
    for index in range(30):
        make_entity(world.area_a, f"列{index}", org=world.org_a_child if index == 0 else None)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("organizations:entity_list"), {"coverage": "none"}).status_code == 200


def test_the_coverage_api_groups_by_area(county, county_admin, as_user):
    rows = as_user(county_admin).get(reverse("api:coverage-list"), {"group": "area"}).json()
    by_label = {row["label"]: row for row in rows}
    assert by_label["甲镇"]["org_covered"] == 3 and by_label["甲镇"]["operating"] == 6


# --- import ----------------------------------------------------------------------------------

HEADERS = [
    "统一社会信用代码",
    "名称",
    "类型",
    "所属街镇/园区",
    "行业",
    "从业人员数",
    "正式党员数",
    "重点企业",
    "正常经营",
    "覆盖党组织",
]


def xlsx(rows):
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("经营主体.xlsx", buffer.getvalue())


def run(user, upload):
    job = imports.import_job_create(user=user, resource_key="entities", uploaded_file=upload)
    imports.import_job_validate(job_id=job.pk)
    job.refresh_from_db()
    return job


def test_an_entity_import_with_one_bad_row_imports_nothing_and_names_the_row(world, county_admin):
    good = [credit_code(11), "导入一公司", "非公企业", "甲镇", "纺织", 120, 4, "是", "是", "甲公司第一党支部"]
    bad_code = credit_code(12)[:-1] + ("0" if credit_code(12)[-1] != "0" else "1")
    bad = [bad_code, "导入二公司", "非公企业", "甲镇", "机械", 80, 1, "否", "是", None]
    job = run(county_admin, xlsx([good, bad]))
    assert job.status == ImportStatus.INVALID
    assert job.errors[0]["row"] == 3 and "无效（校验不通过）" in job.errors[0]["message"]
    assert not Entity.objects.exists()
    job = run(county_admin, xlsx([good]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    entity = Entity.objects.get(credit_code=credit_code(11))
    assert entity.party_organization == world.org_a_child and entity.is_key_enterprise


def test_an_import_cannot_give_a_standalone_organisation_a_second_entity(world, county_admin):
    make_entity(world.area_a, "已覆盖", org=world.org_a_child)
    row = [credit_code(13), "第二家", "非公企业", "甲镇", "", 10, 0, "否", "是", "甲公司第一党支部"]
    job = run(county_admin, xlsx([row]))
    assert job.status == ImportStatus.INVALID
    assert "只能覆盖一个经营主体" in job.errors[0]["message"]
    assert Entity.objects.count() == 1


def test_export_lists_entities_within_scope(world, secretary, as_user):
    make_entity(world.area_a, "我们的", org=world.org_a_child)
    make_entity(world.area_b, "别人的", org=world.org_b)
    response = as_user(secretary).get(reverse("organizations:entity_list"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    # Rows 1-2 say the filters and who exported when; row 3 is the header.
    assert [row[1].value for row in sheet.iter_rows(min_row=4)] == ["我们的"]


# --- demo ------------------------------------------------------------------------------------


def test_the_demo_county_reproduces_the_articles_coverage_figures(db, as_user):
    from django.core.management import call_command

    from core.models import User

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # twice: nothing duplicated
    cards = (
        as_user(User.objects.get(username="county_admin"))
        .get(reverse("organizations:coverage"))
        .context["figures"]["cards"]
    )
    figures = {figure.key: figure.value for figure in cards}
    assert figures["org_standalone"] == 258
    assert figures["org_joint_fallback"] == 49
    assert figures["mass_orgs"] >= 860
    assert figures["instructors"] == 212
    for code in Entity.objects.values_list("credit_code", flat=True):
        validate_uscc(code)


def test_the_coverage_page_shows_a_closed_campaign_as_it_was_frozen(county, county_admin, as_user):
    from organizations.services import survey

    campaign = survey.campaign_open(by=county_admin, year=2024, half=2)
    survey.campaign_close(by=county_admin, campaign=campaign)
    Entity.objects.filter(name="单建").update(party_organization=None)  # coverage lost after the campaign
    client = as_user(county_admin)
    url = reverse("organizations:coverage")
    live = client.get(url, {"area": county.area_a.pk}).context["total"]
    frozen = client.get(url, {"area": county.area_a.pk, "campaign": campaign.pk})
    assert (live.org_covered, frozen.context["total"].org_covered) == (2, 3)
    assert (frozen.context["total"].operating, frozen.context["total"].work_only) == (6, 2)
    assert "2024年下半年摸底排查" in frozen.content.decode()


def test_the_entity_page_sets_the_surveyed_member_count_beside_the_people_recorded_as_full_members(
    world, county_admin, as_user
):
    from members.choices import Stage
    from tests.members.matrix_certification import person_a

    entity = make_entity(world.area_a, "甲公司", org=world.org_a_child, members=3)
    person = person_a(world)
    person.entity = entity
    person.save()
    url = reverse("organizations:entity_detail", args=[entity.pk])
    page = as_user(county_admin).get(url).content.decode()
    assert "人员库登记正式党员 1 名，与摸底数不一致" in page
    entity.full_member_count = 1
    entity.save()
    page = as_user(county_admin).get(url).content.decode()
    assert "人员库登记正式党员 1 名" in page and "与摸底数不一致" not in page
    assert person.stage == Stage.FULL
