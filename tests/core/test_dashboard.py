"""The home page per role: the county's figures (matching the article on the demo county), the area
filter, a query count that does not grow with the data, and each role's to-do list."""

import io
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.figures import Scope, sections
from core.models import User
from members.choices import Stage
from organizations.models import Area
from tests.factories import make_entity, make_org
from tests.members.test_people import make_person


def figures_of(scope) -> dict[str, object]:
    return {figure.label: figure.value for section in sections(scope) for figure in section.figures}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_countys_dashboard_shows_the_articles_figures(demo, as_user):
    admin = User.objects.get(username="county_admin")
    figures = figures_of(Scope(admin))
    expected = {
        "单独建立党组织": 258,
        "联合及兜底党组织合计": 49,
        "市级“双强六好”示范点": 35,
        "党建指导员": 212,
        "领导干部联系点": 57,
        "两新工委委员联系点": 25,
        "驻企干部": 69,
        "红领党务认证": 95,
        "入党积极分子（含发展对象）": 468,
        "发展对象": 131,
        "管理/技术骨干中的入党积极分子": 388,
        "管理/技术骨干中发展的党员": 108,
        "优秀党组织书记（头雁）": 20,
        "“红帆”党建指导员": 10,
        "参加标杆学习的企业家": 60,
        "MBA/EMBA 毕业的企业家": 8,
        "获功勋/杰出/优秀称号的企业家": 39,
    }
    assert {label: figures[label] for label in expected} == expected
    # "860+", "260+", "400+", "40+" in the article: at least that many.
    for label, floor in (("群团组织", 860), ("联系点走访", 260), ("送政策上门", 400), ("“六有”标准阵地", 40)):
        assert figures[label] >= floor, label
    since_2024 = figures_of(Scope(admin, start=date(2024, 1, 1)))
    chains = {
        "产业链党委": 3,
        "配备党建指导员的链上企业": 77,
        "党建惠企活动": 22,
        "已销号诉求": 160,
    }
    assert {label: since_2024[label] for label in chains} == chains
    assert since_2024["红色沙龙"] >= 10
    in_2023 = figures_of(Scope(admin, start=date(2023, 1, 1), end=date(2023, 12, 31)))
    assert in_2023["企业获评荣誉称号"] == 1 + 24 + 2 + 40
    assert in_2023["企业获得贷款"] >= 20000  # 休闲服饰贷 2亿元
    refunded_2023 = figures_of(Scope(admin, start=date(2023, 1, 1), end=date(2023, 12, 31)))["返还党费"]
    assert str(refunded_2023) == "39.43"

    page = as_user(admin).get(reverse("core:home"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and "各街镇/园区覆盖率" in page.content.decode()


def test_an_area_reviewer_sees_only_its_own_area_and_may_not_pick_another(demo, as_user):
    reviewer = User.objects.get(username="zhongdu_reviewer")
    own = figures_of(Scope(reviewer))
    admin = User.objects.get(username="county_admin")
    zhongdu = Area.objects.get(name="中都街道")
    assert own == figures_of(Scope(admin, area=zhongdu))
    assert own["单独建立党组织"] < figures_of(Scope(admin))["单独建立党组织"]

    other = Area.objects.get(name="南旺镇")
    response = as_user(reviewer).get(reverse("core:home"), {"area": other.pk})
    offered = list(response.context["figures_form"].fields["area"].queryset)
    assert offered == [zhongdu]
    assert response.context["figure_scope"].area is None  # the other area was refused: own figures shown
    assert response.context["sections"][0].value("单独建立党组织") == own["单独建立党组织"]


def test_the_county_home_page_costs_the_same_queries_however_much_data(world, county_admin, as_user):
    client = as_user(county_admin)
    url = reverse("core:home")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    def add(area, committee, count, prefix):
        for index in range(count):
            org = make_org(committee, f"{prefix}党支部{index}")
            make_entity(area, f"{prefix}企业{index}", org=org, members=4)
            make_person(org, name=f"{prefix}{index}", stage=Stage.ACTIVIST, activist_on=date(2023, 1, 1))

    add(world.area_a, world.committee_a, 1, "甲")
    few = queries()
    add(world.area_b, world.committee_b, 6, "乙")
    add(world.area_a, world.committee_a, 6, "甲二")
    assert queries() == few


def test_each_role_sees_the_tickets_waiting_for_it(demo, as_user):
    def todos(username):
        response = as_user(User.objects.get(username=username)).get(reverse("core:home"))
        return {todo.label: todo for todo in response.context["todos"]}

    handler = todos("dept_gxj")["本部门办理中的诉求（按办理时限）"]
    assert handler.count == len(handler.items) >= 1
    notes = [note for _text, _url, note in handler.items]
    assert notes == sorted(notes, key=lambda note: note.split("时限 ")[1])  # nearest deadline first
    assert "企业吹哨、待接单的诉求" in todos("chain_textile")
    assert "超期督办中的诉求" in todos("county_admin")


@time_machine.travel(date(2025, 6, 15), tick=False)
def test_a_secretary_sees_probation_ending_this_month_on_the_home_page(world, secretary, other_secretary, as_user):
    make_person(
        world.org_a_child,
        name="预备",
        stage=Stage.PROBATIONARY,
        activist_on=date(2022, 3, 1),
        candidate_on=date(2023, 4, 1),
        admitted_on=date(2024, 6, 20),
        probation_ends_on=date(2025, 6, 20),
    )
    page = as_user(secretary).get(reverse("core:home")).content.decode()
    assert "本月预备期满、待讨论转正的预备党员" in page
    assert 'id="section-organizations"' not in page  # figures are for county and area staff
    page = as_user(other_secretary).get(reverse("core:home")).content.decode()
    assert "今天没有待办事项" in page


def test_the_coverage_figures_scan_the_entities_once(world, county_admin):
    from organizations.selectors.figures import section

    make_entity(world.area_a, "甲镇纺织公司", org=world.org_a)
    with CaptureQueriesContext(connection) as captured:
        section(Scope(county_admin))
    grouped = [q["sql"] for q in captured if 'FROM "organizations_entity"' in q["sql"] and "GROUP BY" in q["sql"]]
    assert len(grouped) == 1, grouped  # the total and the per-area rates come from the same grouped query


def test_the_dashboard_counts_any_period_from_and_to(world, county_admin, as_user):
    from organizations.models import LiaisonPoint, LiaisonVisit

    point = LiaisonPoint.objects.create(
        cadre_name="张县长",
        cadre_title="副县长",
        cadre_kind="leader",
        party_organization=world.org_a,
        started_on=date(2024, 1, 1),
    )
    for day in (date(2025, 2, 28), date(2025, 3, 1), date(2025, 6, 30), date(2025, 7, 1)):
        LiaisonVisit.objects.create(point=point, visited_on=day, kind="research", summary="走访调研")
    response = as_user(county_admin).get(reverse("core:home"), {"start": "2025-03-01", "end": "2025-06-30"})
    scope = response.context["figure_scope"]
    assert (scope.start, scope.end) == (date(2025, 3, 1), date(2025, 6, 30))
    assert scope.period_label == "2025-03-01 至 2025-06-30"
    assert figures_of(scope)["联系点走访"] == 2
    assert "2025-03-01 至 2025-06-30" in response.content.decode()
