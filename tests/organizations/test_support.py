"""Venues (六有), liaison points, stationed cadres and pairings: rules with their Chinese reasons and
nothing saved, counts, pages, query counts, the API and the demo figures."""

import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organizations.choices import (
    CadreKind,
    DemoLevel,
    EntityKind,
    FundSource,
    LiaisonVisitKind,
    PairingActivityKind,
    PartnerKind,
    StationedActivityKind,
)
from organizations.demo import support as demo
from organizations.models import (
    SIX_HAVES,
    FundEntry,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PairingActivity,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    Venue,
)
from organizations.selectors import support as selectors
from organizations.services import support as services
from tests.factories import make_entity, make_org

ALL_SIX = {field: True for field, _label in SIX_HAVES}
START = date(2024, 1, 1)


def make_demo_point(org: PartyOrganization, level=DemoLevel.CITY) -> PartyOrganization:
    PartyOrganization.objects.filter(pk=org.pk).update(demo_level=level)
    org.refresh_from_db()
    return org


def same_queries_with_more_rows(client, url, add_rows, django_assert_max_num_queries):
    """Count a page's queries, add rows, and check the page costs no more."""
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_rows()
    with django_assert_max_num_queries(len(few)):
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return response.content.decode()


# --- venues (六有) ------------------------------------------------------------------------------


def venue(by, org, name="党员活动室", **haves):
    return services.venue_create(by=by, party_organization=org, name=name, **haves)


def test_a_venue_is_compliant_only_with_all_six_of_liuyou(world, secretary):
    full = venue(secretary, world.org_a, "党群服务中心", **ALL_SIX)
    for field, _label in SIX_HAVES:
        venue(secretary, world.org_a, f"缺{field}", **{**ALL_SIX, field: False})
    assert full.is_compliant
    assert list(Venue.objects.compliant()) == [full]
    assert Venue.objects.filter(has_flag=False).get().is_compliant is False


def test_venue_counts_give_total_compliant_and_each_missing_item_in_one_query(
    world, secretary, django_assert_num_queries
):
    venue(secretary, world.org_a, "一", **ALL_SIX)
    venue(secretary, world.org_a, "二", **ALL_SIX)
    venue(secretary, world.org_a, "三", **{**ALL_SIX, "has_books": False, "has_rules": False})
    with django_assert_num_queries(1):
        counts = selectors.VENUE_TOTALS.values(Venue.objects.all())
    assert counts["venues"] == 3 and counts["compliant"] == 2
    missing = {
        figure.label: counts[figure.key] for figure in selectors.VENUE_TOTALS if figure.key.startswith("missing")
    }
    assert missing == {"缺场所": 0, "缺设施": 0, "缺标志": 0, "缺党旗": 0, "缺书报": 1, "缺制度": 1}


def test_it_refuses_a_venue_for_an_organisation_outside_the_users_scope(world, secretary):
    with pytest.raises(ValidationError, match="该党组织不在您的管理范围内"):
        venue(secretary, world.org_b)
    assert not Venue.objects.exists()


def test_it_refuses_a_second_venue_of_the_same_name_in_one_organisation(world, secretary):
    venue(secretary, world.org_a, "党员活动室")
    with pytest.raises(ValidationError, match="该党组织已有名为“党员活动室”的阵地"):
        venue(secretary, world.org_a, " 党员活动室 ")
    venue(secretary, world.org_a_child, "党员活动室")
    assert Venue.objects.count() == 2


def test_updating_the_checklist_makes_a_venue_compliant_and_is_audited(world, secretary, as_user):
    room = venue(secretary, world.org_a, **{**ALL_SIX, "has_flag": False})
    response = as_user(secretary).post(
        reverse("organizations:venue_update", args=[room.pk]), {"name": room.name, "address": "一楼", **ALL_SIX}
    )
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.is_compliant and room.address == "一楼"
    assert room.history.latest().history_user == secretary
    page = as_user(secretary).get(reverse("organizations:venue_detail", args=[room.pk])).content.decode()
    assert "修改记录" in page and "有党旗" in page


def test_the_venue_detail_shows_each_of_the_six_checks(world, secretary, as_user):
    room = venue(secretary, world.org_a, **{**ALL_SIX, "has_books": False})
    page = as_user(secretary).get(reverse("organizations:venue_detail", args=[room.pk])).content.decode()
    checklist = page[page.index('data-testid="six-haves"') :]
    for _field, label in SIX_HAVES:
        assert label in checklist
    assert checklist.count("已具备") == 5 and checklist.count("未具备") == 1
    assert "“六有”未达标" in page


def test_the_venue_list_filters_compliant_and_non_compliant(world, county_admin, as_user):
    venue(county_admin, world.org_a, "达标阵地", **ALL_SIX)
    venue(county_admin, world.org_b, "缺项阵地", **{**ALL_SIX, "has_sign": False})
    client = as_user(county_admin)
    url = reverse("organizations:venue_list")
    compliant = client.get(url, {"compliant": "true"}).content.decode()
    assert "达标阵地" in compliant and "缺项阵地" not in compliant
    lacking = client.get(url, {"compliant": "false"}).content.decode()
    assert "缺项阵地" in lacking and "达标阵地" not in lacking
    by_area = client.get(url, {"area": world.area_b.pk}).content.decode()
    assert "缺项阵地" in by_area and "达标阵地" not in by_area


def test_the_venue_create_page_offers_only_editable_organisations_and_refuses_others(world, secretary, as_user):
    client = as_user(secretary)
    form = client.get(reverse("organizations:venue_create")).context["form"]
    assert set(form.fields["party_organization"].queryset) == {world.org_a, world.org_a_child}
    response = client.post(
        reverse("organizations:venue_create"), {"party_organization": world.org_b.pk, "name": "越权阵地"}
    )
    assert response.status_code == 200 and not Venue.objects.exists()


def test_the_venue_list_costs_the_same_queries_with_more_venues(
    world, county_admin, as_user, django_assert_max_num_queries
):
    venue(county_admin, world.org_a, "阵地0", **ALL_SIX)

    def add():
        for index in range(1, 31):
            venue(county_admin, world.org_a_child, f"阵地{index}")

    page = same_queries_with_more_rows(
        as_user(county_admin), reverse("organizations:venue_list"), add, django_assert_max_num_queries
    )
    assert page.count("未达标") >= 30


def test_the_venue_list_exports_the_checklist_in_chinese(world, county_admin, as_user):
    venue(county_admin, world.org_a, "党员活动室", **{**ALL_SIX, "has_rules": False})
    response = as_user(county_admin).get(reverse("organizations:venue_list"), {"format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)[2:]
    assert rows[0] == (
        "阵地名称",
        "党组织",
        "街镇/园区",
        "地址",
        "有场所",
        "有设施",
        "有标志",
        "有党旗",
        "有书报",
        "有制度",
        "六有达标",
    )
    assert rows[1][-2:] == ("否", "否") and rows[1][4] == "是"


# --- liaison points -----------------------------------------------------------------------------


def point(by, org, *, name="王建国", kind=CadreKind.COMMITTEE_MEMBER, started_on=START):
    return services.liaison_point_create(
        by=by,
        cadre_name=name,
        cadre_title="县委两新工委委员",
        cadre_kind=kind,
        party_organization=org,
        started_on=started_on,
    )


def visit(by, linked, kind=LiaisonVisitKind.RESEARCH, visited_on=date(2024, 3, 1)):
    return services.liaison_visit_record(by=by, point=linked, kind=kind, visited_on=visited_on, summary="走访调研")


def test_a_leading_cadre_links_only_to_a_demonstration_point(world, county_admin):
    with pytest.raises(ValidationError, match="副科级以上领导干部应联系市、县级示范点党组织"):
        point(county_admin, world.org_a, kind=CadreKind.LEADER)
    assert not LiaisonPoint.objects.exists()
    point(county_admin, make_demo_point(world.org_a, DemoLevel.COUNTY), kind=CadreKind.LEADER)
    point(county_admin, world.org_b, name="两新工委委员甲")
    assert LiaisonPoint.objects.count() == 2


def test_it_refuses_the_same_cadre_linking_the_same_organisation_twice(world, county_admin):
    point(county_admin, world.org_a)
    with pytest.raises(ValidationError, match="王建国已联系该党组织，不能重复建立"):
        point(county_admin, world.org_a)
    point(county_admin, world.org_b)
    assert LiaisonPoint.objects.count() == 2


def test_it_refuses_a_liaison_point_outside_the_users_scope(world, secretary):
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        point(secretary, world.org_b)
    assert not LiaisonPoint.objects.exists()


def test_it_refuses_visits_before_the_point_existed_in_the_future_or_twice_a_day(world, secretary):
    linked = point(secretary, world.org_a, started_on=date(2024, 2, 1))
    with pytest.raises(ValidationError, match="活动日期不能早于联系点建立日期（2024-02-01）"):
        visit(secretary, linked, visited_on=date(2024, 1, 31))
    with pytest.raises(ValidationError, match="活动日期不能晚于今天"):
        visit(secretary, linked, visited_on=timezone.localdate() + timedelta(days=1))
    visit(secretary, linked)
    with pytest.raises(ValidationError, match="这一天已登记过同类活动"):
        visit(secretary, linked)
    visit(secretary, linked, kind=LiaisonVisitKind.LECTURE)
    assert LiaisonVisit.objects.count() == 2


def test_visit_counts_list_every_type_and_cadre_counts_count_people(world, county_admin, django_assert_num_queries):
    demo_point = make_demo_point(world.org_a)
    leader_a = point(county_admin, demo_point, name="甲领导", kind=CadreKind.LEADER)
    point(county_admin, world.org_a_child, name="乙委员")
    point(county_admin, world.org_b, name="乙委员")
    visit(county_admin, leader_a)
    visit(county_admin, leader_a, visited_on=date(2024, 3, 2))
    visit(county_admin, leader_a, kind=LiaisonVisitKind.SERVICE)
    with django_assert_num_queries(1):
        counts = selectors.liaison_visit_counts(visits=LiaisonVisit.objects.all())
    assert counts == [
        ("research", "走访调研", 2),
        ("discipline", "党纪学习教育", 0),
        ("lecture", "我来讲党课", 0),
        ("service", "我为群众办实事", 1),
    ]
    points = selectors.liaison_points_with_counts(LiaisonPoint.objects.all())
    counts = selectors.LIAISON_POINT_TOTALS.values(points)
    assert (counts["cadres_leader"], counts["cadres_committee_member"]) == (1, 1)
    assert (counts["visits"], counts["visits_research"], counts["visits_service"]) == (3, 2, 1)


def test_a_visit_is_recorded_from_the_point_and_another_secretary_gets_a_404(
    world, secretary, other_secretary, as_user
):
    linked = point(secretary, world.org_a)
    url = reverse("organizations:liaisonvisit_create", args=[linked.pk])
    data = {"kind": LiaisonVisitKind.LECTURE, "visited_on": "2024-05-01", "summary": "我来讲党课"}
    assert as_user(other_secretary).post(url, data).status_code == 404
    response = as_user(secretary).post(url, data)
    assert response.status_code == 302
    assert LiaisonVisit.objects.get().kind == LiaisonVisitKind.LECTURE
    page = as_user(secretary).get(reverse("organizations:liaisonpoint_detail", args=[linked.pk])).content.decode()
    assert "我来讲党课" in page


def test_the_liaison_lists_cost_the_same_queries_with_more_points(
    world, county_admin, as_user, django_assert_max_num_queries
):
    point(county_admin, world.org_a, name="领导0")

    def add():
        for index in range(1, 21):
            linked = point(county_admin, world.org_a_child, name=f"领导{index}")
            visit(county_admin, linked)

    client = as_user(county_admin)
    page = same_queries_with_more_rows(
        client, reverse("organizations:liaisonpoint_list"), add, django_assert_max_num_queries
    )
    assert "领导20" in page


def test_the_visit_list_filters_by_type_and_costs_the_same_queries(
    world, county_admin, as_user, django_assert_max_num_queries
):
    linked = point(county_admin, world.org_a)
    visit(county_admin, linked)

    def add():
        for day in range(2, 32):
            visit(county_admin, linked, kind=LiaisonVisitKind.SERVICE, visited_on=date(2024, 3, day))

    client = as_user(county_admin)
    same_queries_with_more_rows(client, reverse("organizations:liaisonvisit_list"), add, django_assert_max_num_queries)
    page = client.get(reverse("organizations:liaisonvisit_list"), {"kind": LiaisonVisitKind.RESEARCH})
    assert page.context["paginator"].count == 1


# --- stationed cadres ---------------------------------------------------------------------------


@pytest.fixture
def enterprise(world):
    return make_entity(world.area_a, "甲纺织有限公司", org=world.org_a_child)


def cadre(by, entity, *, name="李志强", unit="县工信局", started_on=START, ended_on=None):
    return services.stationed_cadre_create(
        by=by, name=name, unit=unit, entity=entity, started_on=started_on, ended_on=ended_on
    )


def work(by, posted, kind=StationedActivityKind.POLICY_VISIT, done_on=date(2024, 3, 1), listed_as=""):
    return services.stationed_activity_record(
        by=by, cadre=posted, kind=kind, done_on=done_on, title="送政策上门", listed_as=listed_as
    )


def test_a_cadre_is_posted_as_deputy_secretary_by_default(world, secretary, enterprise):
    posted = cadre(secretary, enterprise)
    assert posted.post == "党组织副书记" and posted.entity == enterprise


def test_a_cadre_is_posted_only_to_an_enterprise(world, county_admin):
    society = make_entity(world.area_a, "甲社会组织", kind=EntityKind.SOCIAL_ORG)
    with pytest.raises(ValidationError, match="驻企干部只能派驻到非公企业"):
        cadre(county_admin, society)
    assert not StationedCadre.objects.exists()


def test_it_refuses_an_enterprise_outside_the_users_scope(world, other_secretary, enterprise):
    with pytest.raises(ValidationError, match="该企业不在您的管理范围内"):
        cadre(other_secretary, enterprise)
    assert not StationedCadre.objects.exists()


def test_a_cadre_holds_one_open_posting_at_a_time(world, county_admin, enterprise):
    cadre(county_admin, enterprise)
    other = make_entity(world.area_b, "乙机械有限公司", org=world.org_b)
    with pytest.raises(ValidationError, match="李志强（县工信局）正在“甲纺织有限公司”驻企，请先结束原派驻"):
        cadre(county_admin, other)
    cadre(county_admin, other, name="李志强", unit="县发改局")
    assert StationedCadre.objects.count() == 2


def test_it_refuses_a_posting_that_ends_before_it_starts(world, secretary, enterprise):
    with pytest.raises(ValidationError, match="结束日期不能早于派驻日期"):
        cadre(secretary, enterprise, ended_on=START - timedelta(days=1))
    assert not StationedCadre.objects.exists()


def test_only_a_project_may_name_an_official_list(world, secretary, enterprise):
    posted = cadre(secretary, enterprise)
    with pytest.raises(ValidationError, match="只有“项目帮办”可以填写列入名单"):
        work(secretary, posted, listed_as=services.PROJECT_LISTS[0])
    work(secretary, posted, kind=StationedActivityKind.PROJECT, listed_as=services.PROJECT_LISTS[0])
    assert StationedActivity.objects.get().listed_as.startswith("省级")


def test_work_must_fall_inside_the_posting(world, secretary, enterprise):
    posted = cadre(secretary, enterprise, started_on=date(2024, 2, 1), ended_on=date(2024, 6, 30))
    with pytest.raises(ValidationError, match="日期不能早于派驻日期（2024-02-01）"):
        work(secretary, posted, done_on=date(2024, 1, 31))
    with pytest.raises(ValidationError, match="日期不能晚于派驻结束日期（2024-06-30）"):
        work(secretary, posted, done_on=date(2024, 7, 1))
    assert not StationedActivity.objects.exists()


def test_a_posting_cannot_be_shortened_past_recorded_work(world, secretary, enterprise, as_user):
    posted = cadre(secretary, enterprise)
    work(secretary, posted, done_on=date(2024, 5, 1))
    with pytest.raises(ValidationError, match="已登记的工作有日期在派驻期外"):
        services.stationed_cadre_update(by=secretary, cadre=posted, ended_on=date(2024, 4, 30))
    response = as_user(secretary).post(
        reverse("organizations:stationedcadre_update", args=[posted.pk]),
        {
            "name": posted.name,
            "unit": posted.unit,
            "post": posted.post,
            "started_on": "2024-01-01",
            "ended_on": "2024-12-31",
        },
    )
    assert response.status_code == 302
    posted.refresh_from_db()
    assert posted.ended_on == date(2024, 12, 31)


def test_the_stationed_summary_counts_visits_and_projects_per_list(
    world, county_admin, enterprise, django_assert_max_num_queries
):
    posted = cadre(county_admin, enterprise)
    for day in range(1, 5):
        work(county_admin, posted, done_on=date(2024, 3, day))
    provincial, city = services.PROJECT_LISTS
    for day, listed_as in enumerate([provincial, city, city, ""], start=10):
        work(county_admin, posted, kind=StationedActivityKind.PROJECT, done_on=date(2024, 3, day), listed_as=listed_as)
    cadres = selectors.stationed_cadres_with_counts(StationedCadre.objects.all())
    with django_assert_max_num_queries(2):
        summary = selectors.STATIONED_CADRE_TOTALS.values(cadres)
        by_list = selectors.stationed_projects_by_list(activities=StationedActivity.objects.all())
    assert summary == {"cadres": 1, "on_post": 1, "policy_visits": 4, "projects": 4, "listed_projects": 3}
    assert by_list == [(city, 2), (provincial, 1)]
    row = selectors.stationed_cadres_with_counts(StationedCadre.objects.all()).get()
    assert (row.policy_visits, row.projects, row.listed_projects) == (4, 4, 3)


def test_the_stationed_list_marks_as_ended_only_a_cadre_whose_end_date_has_passed(
    world, county_admin, enterprise, as_user
):
    today = timezone.localdate()
    cadre(county_admin, enterprise, name="期满干部", ended_on=today - timedelta(days=1))
    cadre(county_admin, enterprise, name="今天期满干部", ended_on=today)
    cadre(county_admin, enterprise, name="明年期满干部", ended_on=today + timedelta(days=365))
    response = as_user(county_admin).get(reverse("organizations:stationedcadre_list"))
    assert response.content.decode().count("已结束</span>") == 1
    assert {figure.key: figure.value for figure in response.context["totals"]}["on_post"] == 2


def test_the_stationed_list_costs_the_same_queries_with_more_cadres(
    world, county_admin, as_user, django_assert_max_num_queries
):
    cadre(county_admin, make_entity(world.area_a, "企业0", org=world.org_a))

    def add():
        for index in range(1, 21):
            posted = cadre(county_admin, make_entity(world.area_a, f"企业{index}"), name=f"干部{index}")
            work(county_admin, posted)

    page = same_queries_with_more_rows(
        as_user(county_admin), reverse("organizations:stationedcadre_list"), add, django_assert_max_num_queries
    )
    assert "干部20" in page


def test_the_stationed_create_page_offers_only_the_users_enterprises(world, secretary, enterprise, as_user):
    make_entity(world.area_b, "乙机械有限公司", org=world.org_b)
    make_entity(world.area_a, "甲社会组织", org=world.org_a, kind=EntityKind.SOCIAL_ORG)
    form = as_user(secretary).get(reverse("organizations:stationedcadre_create")).context["form"]
    assert [entity.name for entity in form.fields["entity"].queryset] == ["甲纺织有限公司"]


# --- pairings -----------------------------------------------------------------------------------


def pair(by, org, partner="甲村党支部", kind=PartnerKind.VILLAGE, started_on=START):
    return services.pairing_create(
        by=by, party_organization=org, partner_name=partner, partner_kind=kind, started_on=started_on
    )


def joint(by, pairing, kind=PairingActivityKind.JOINT_EVENT, held_on=date(2024, 3, 1)):
    return services.pairing_activity_record(by=by, pairing=pairing, kind=kind, held_on=held_on, title="联办主题党日")


def test_it_refuses_pairing_twice_with_the_same_partner(world, secretary):
    pair(secretary, world.org_a)
    with pytest.raises(ValidationError, match="已与“甲村党支部”结对共建，不能重复结对"):
        pair(secretary, world.org_a)
    pair(secretary, world.org_a_child)
    assert Pairing.objects.count() == 2


def test_it_refuses_a_pairing_outside_the_users_scope(world, secretary):
    with pytest.raises(ValidationError, match="该党组织不在您的管理范围内"):
        pair(secretary, world.org_b)
    assert not Pairing.objects.exists()


def test_a_joint_activity_cannot_predate_the_pairing(world, secretary):
    pairing = pair(secretary, world.org_a, started_on=date(2024, 2, 1))
    with pytest.raises(ValidationError, match="活动日期不能早于结对日期（2024-02-01）"):
        joint(secretary, pairing, held_on=date(2024, 1, 31))
    assert not PairingActivity.objects.exists()


def test_the_pairing_list_counts_each_kind_of_joint_activity(
    world, county_admin, as_user, django_assert_max_num_queries
):
    first = pair(county_admin, world.org_a, "县发改局机关党支部", PartnerKind.ORGAN)
    joint(county_admin, first, PairingActivityKind.SHARED_VENUE)
    joint(county_admin, first, PairingActivityKind.SHARED_RESOURCE)
    joint(county_admin, first, PairingActivityKind.SHARED_RESOURCE, held_on=date(2024, 4, 1))
    row = selectors.pairings_with_counts(Pairing.objects.all()).get()
    assert (row.activities_shared_venue, row.activities_joint_event, row.activities_shared_resource) == (1, 0, 2)

    def add():
        for index in range(20):
            joint(county_admin, pair(county_admin, world.org_a_child, f"社区{index}", PartnerKind.COMMUNITY))

    page = same_queries_with_more_rows(
        as_user(county_admin), reverse("organizations:pairing_list"), add, django_assert_max_num_queries
    )
    assert "社区19" in page


def test_a_joint_activity_is_recorded_from_the_pairing_and_another_secretary_gets_a_404(
    world, secretary, other_secretary, as_user
):
    pairing = pair(secretary, world.org_a)
    url = reverse("organizations:pairingactivity_create", args=[pairing.pk])
    data = {"kind": PairingActivityKind.SHARED_VENUE, "held_on": "2024-05-01", "title": "共用党群服务中心"}
    assert as_user(other_secretary).post(url, data).status_code == 404
    assert as_user(secretary).post(url, data).status_code == 302
    assert PairingActivity.objects.get().kind == PairingActivityKind.SHARED_VENUE


# --- create pages and the API -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "organizations:liaisonpoint_create",
            {"cadre_name": "越权", "cadre_title": "委员", "cadre_kind": "committee_member", "started_on": "2024-01-01"},
        ),
        (
            "organizations:pairing_create",
            {"partner_name": "越权村", "partner_kind": "village", "started_on": "2024-01-01"},
        ),
    ],
)
def test_create_pages_refuse_an_organisation_the_user_may_not_edit(world, secretary, as_user, name, data):
    response = as_user(secretary).post(reverse(name), {**data, "party_organization": world.org_b.pk})
    assert response.status_code == 200
    assert "party_organization" in response.context["form"].errors
    assert not LiaisonPoint.objects.exists() and not Pairing.objects.exists()


def test_the_api_returns_rows_in_scope_filtered_and_read_only(world, county_admin, secretary, as_user):
    venue(county_admin, world.org_a, "甲阵地", **ALL_SIX)
    venue(county_admin, world.org_b, "乙阵地")
    linked = point(county_admin, world.org_a)
    visit(county_admin, linked)
    visit(county_admin, linked, kind=LiaisonVisitKind.SERVICE)
    client = as_user(secretary)
    assert [row["name"] for row in client.get(reverse("api:venue-list")).json()["results"]] == ["甲阵地"]
    admin = as_user(county_admin)
    compliant = admin.get(reverse("api:venue-list"), {"compliant": "true"}).json()["results"]
    assert [(row["name"], row["is_compliant"]) for row in compliant] == [("甲阵地", True)]
    visits = admin.get(reverse("api:liaisonvisit-list"), {"kind": LiaisonVisitKind.SERVICE}).json()
    assert visits["count"] == 1 and visits["results"][0]["kind_display"] == "我为群众办实事"
    assert admin.get(reverse("api:liaisonpoint-detail", args=[linked.pk])).json()["visit_count"] == 2
    assert admin.post(reverse("api:venue-list"), {"name": "x"}).status_code == 405


# --- demo ---------------------------------------------------------------------------------------


class Out:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


def test_the_demo_reproduces_the_articles_figures_and_is_safe_to_run_twice(world, county_admin):
    for index in range(6):
        make_demo_point(make_org(world.committee_a, f"示范点{index}"))
    for index in range(40):
        make_org(world.committee_b, f"企业支部{index}")
    for index in range(10):
        make_entity(world.area_a, f"演示企业{index}", org=world.org_a)
    demo.load(admin=county_admin, stdout=Out())
    refunds = selectors.fund_yearly_totals(entries=FundEntry.objects.all(), source=FundSource.REFUNDED_DUES)
    assert {y.year: y.income for y in refunds}[2023] == Decimal("394300.00")
    assert all(b.balance >= 0 for b in selectors.fund_balances(entries=FundEntry.objects.all()))
    assert Venue.objects.compliant().count() >= 40
    cadres = selectors.LIAISON_POINT_TOTALS.values(selectors.liaison_points_with_counts(LiaisonPoint.objects.all()))
    assert (cadres["cadres_leader"], cadres["cadres_committee_member"]) == (57, 25)
    assert (
        LiaisonPoint.objects.filter(cadre_kind=CadreKind.LEADER).exclude(party_organization__demo_level="").count()
        == 57
    )
    assert LiaisonVisit.objects.count() >= 260
    summary = selectors.STATIONED_CADRE_TOTALS.values(
        selectors.stationed_cadres_with_counts(StationedCadre.objects.all())
    )
    assert summary["cadres"] == 69 and summary["policy_visits"] >= 400
    assert dict(selectors.stationed_projects_by_list(activities=StationedActivity.objects.all())) == {
        services.PROJECT_LISTS[0]: 16,
        services.PROJECT_LISTS[1]: 66,
    }
    assert Pairing.objects.exists() and PairingActivity.objects.exists()
    counts = [model.objects.count() for model in (Venue, FundEntry, LiaisonVisit, StationedActivity, PairingActivity)]
    demo.load(admin=county_admin, stdout=Out())
    assert [
        model.objects.count() for model in (Venue, FundEntry, LiaisonVisit, StationedActivity, PairingActivity)
    ] == counts
