"""The coverage table and the coverage API say what each column counts in the figure catalogue's words: the
table's headers carry the definitions as tooltips and list them under the tables, the OpenAPI schema describes
each field with the same definition, and the API's figures for an area are the page's for that area."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.figures import Scope
from organizations.models import Instructor, InstructorAssignment, MassOrganization
from organizations.selectors.figures import CATALOGUE, COVERAGE_COLUMNS, COVERAGE_TABLE
from tests.factories import make_entity
from tests.organizations.test_entities import joint_org

RATES = {"organisation_rate": "coverage_org_rate", "work_rate": "coverage_work_rate"}


@pytest.fixture
def county(world):
    """Area A: 1 standalone, 2 joint, 1 reached by an instructor, 1 by a union, 1 uncovered, 1 closed down;
    area B: 1 standalone, 1 uncovered."""
    joint = joint_org(world.committee_a)
    make_entity(world.area_a, "单建", org=world.org_a_child)
    make_entity(world.area_a, "联建一", org=joint)
    make_entity(world.area_a, "联建二", org=joint)
    guided = make_entity(world.area_a, "有指导员")
    make_entity(world.area_a, "未覆盖")
    union = make_entity(world.area_a, "有工会")
    make_entity(world.area_a, "停业", operating=False)
    instructor = Instructor.objects.create(name="李指导", area=world.area_a)
    InstructorAssignment.objects.create(instructor=instructor, entity=guided, started_on=date(2024, 1, 1))
    MassOrganization.objects.create(entity=union, kind="union", name="工会")
    make_entity(world.area_b, "乙单建", org=world.org_b)
    make_entity(world.area_b, "乙未覆盖")
    return world


def test_the_rate_columns_are_the_dashboard_catalogues_own_definitions():
    for name, key in RATES.items():
        assert COVERAGE_COLUMNS[name] is CATALOGUE[key]
    for column in COVERAGE_COLUMNS.values():
        assert column.definition.endswith("。") and len(column.definition) > 10


def test_the_coverage_table_headers_carry_the_catalogue_definitions(county, as_user, county_admin):
    page = as_user(county_admin).get(reverse("organizations:coverage")).content.decode()
    for name in COVERAGE_TABLE:
        column = COVERAGE_COLUMNS[name]
        title = escape(column.definition)
        header = f'<th class="text-end" title="{title}" data-column="{column.key}">{column.label}</th>'
        assert page.count(header) == 2, name  # by area and by kind
    for column in COVERAGE_COLUMNS.values():
        assert f'<dd class="col-sm-9 col-xl-10 mb-1">{escape(column.definition)}</dd>' in page
    reach = COVERAGE_COLUMNS["uncovered_reach_rate"]
    assert f'title="{escape(reach.definition)}" data-figure="{reach.key}">{reach.label}</div>' in page
    assert "组织覆盖与仅工作覆盖之和÷正常经营主体" not in page  # the old tooltip, restated by hand


def test_the_schema_describes_each_coverage_field_with_its_catalogue_definition(as_user, county_admin):
    schema = as_user(county_admin).get(reverse("api:schema"), {"format": "json"}).json()
    fields = schema["components"]["schemas"]["CoverageRow"]["properties"]
    for name, key in RATES.items():
        assert fields[name]["description"] == CATALOGUE[key].definition, name
    for name, column in COVERAGE_COLUMNS.items():
        assert fields[name]["description"] == column.definition, name
        assert fields[name]["title"] == f"{column.label}（{column.unit}）", name


def test_the_apis_rates_for_an_area_equal_the_coverage_pages(county, as_user, county_admin):
    client = as_user(county_admin)
    compared = 0
    for area in (county.area_a, county.area_b):
        (row,) = client.get(reverse("api:coverage-list"), {"area": area.pk}).json()
        total = client.get(reverse("organizations:coverage"), {"area": area.pk}).context["total"]
        assert row["organisation_rate"] == total.organisation_rate.percent
        assert row["work_rate"] == total.work_rate.percent
        assert row["uncovered_reach_rate"] == total.uncovered_reach_rate.percent
        assert [row[name] for name in ("operating", "org_covered", "work_only")] == [
            total.operating,
            total.org_covered,
            total.work_only,
        ]
        compared += 1
    # The two areas differ, so a rate taken from the wrong area would show.
    a = client.get(reverse("api:coverage-list"), {"area": county.area_a.pk}).json()[0]
    b = client.get(reverse("api:coverage-list"), {"area": county.area_b.pk}).json()[0]
    assert (a["organisation_rate"], a["work_rate"]) == (50.0, 83.3)
    assert (b["organisation_rate"], b["work_rate"]) == (50.0, 50.0)
    assert compared == 2


def test_a_count_column_with_a_list_opens_exactly_the_entities_it_counts(county, as_user, county_admin):
    client = as_user(county_admin)
    followed = 0
    for area in (county.area_a, county.area_b):
        total = client.get(reverse("organizations:coverage"), {"area": area.pk}).context["total"]
        for name, column in COVERAGE_COLUMNS.items():
            if column.link is None or not column.link.counts:
                continue
            url = column.link.url(Scope(county_admin, area=area))
            assert client.get(url).context["paginator"].count == getattr(total, name), (area.name, name, url)
            followed += 1
    assert followed == 2 * 6  # 正常经营, 单独建, 联合建, 兜底建, 组织覆盖, 仅工作覆盖
