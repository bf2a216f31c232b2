"""Imports of the support ledgers (venues, pairings, liaison points, stationed cadres): all or nothing, each bad
row named with its reason, a row repeated inside the file reported as a repeat, and the page's rules on every row
(they are written through the same services). The template, non-spreadsheet and header checks of every import
are in tests/core/test_import_messages.py."""

from datetime import date

import pytest
import time_machine

from core import imports
from core.choices import ImportStatus
from organizations.choices import DemoLevel
from organizations.demo.entities import credit_code
from organizations.models import Area, LiaisonPoint, Pairing, PartyOrganization, StationedCadre, Venue
from tests.core.test_import_messages import messages, validate, workbook
from tests.factories import make_entity


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-15 09:00 +0800", tick=False):
        yield


VENUES = ["所属街镇/园区", "党组织", "阵地名称", "地址", "有场所", "有设施", "有标志", "有党旗", "有书报", "有制度"]


def test_venues_import_all_or_nothing_naming_the_bad_row(world, county_admin):
    good = ["甲镇", "甲公司党委", "党员活动室", "厂区 2 号楼", "是", "是", "是", "是", "是", "是"]
    rows = [good, ["甲镇", "乙公司党委", "活动室", "", "是", "否", "", "", "", "也许"], good]
    job = validate(county_admin, "venues", workbook(VENUES, rows))
    by_row = messages(job)
    assert "找不到党组织“乙公司党委”" in by_row[3] and "“也许”应填“是”或“否”" in by_row[3]
    assert by_row[4].startswith("与第 2 行重复")
    assert not Venue.objects.exists()
    job = validate(county_admin, "venues", workbook(VENUES, [good]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    venue = Venue.objects.get()
    assert (venue.party_organization, venue.name, venue.is_compliant) == (world.org_a, "党员活动室", True)


def test_a_secretary_imports_venues_only_for_organisations_in_reach(world, secretary, other_secretary):
    row = ["甲镇", "甲公司党委", "党员活动室", "", "是", "", "", "", "", ""]
    job = validate(other_secretary, "venues", workbook(VENUES, [row]))
    assert job.status == ImportStatus.INVALID and "找不到党组织“甲公司党委”" in messages(job)[2]
    job = validate(secretary, "venues", workbook(VENUES, [row]))
    assert job.status == ImportStatus.VALIDATED, job.errors


PAIRINGS = ["所属街镇/园区", "党组织", "结对单位", "结对类型", "结对日期"]


def test_pairings_import_all_or_nothing_with_the_pages_rules(world, county_admin):
    good = ["甲镇", "甲公司第一党支部", "县工信局机关党支部", "机关党组织", "2025/3/1"]
    future = ["甲镇", "甲公司党委", "东村党支部", "村党组织", "2027-01-01"]
    job = validate(county_admin, "pairings", workbook(PAIRINGS, [good, future, good]))
    by_row = messages(job)
    assert "结对日期" in by_row[3] and "不能晚于今天" in by_row[3]
    assert by_row[4].startswith("与第 2 行重复")
    assert not Pairing.objects.exists()
    job = validate(county_admin, "pairings", workbook(PAIRINGS, [good]))
    imports.import_job_commit(job_id=job.pk)
    pairing = Pairing.objects.get()
    assert (pairing.party_organization, pairing.partner_kind, pairing.started_on) == (
        world.org_a_child,
        "organ",
        date(2025, 3, 1),
    )


LIAISON = ["联系领导姓名", "职务", "联系领导类别", "所属街镇/园区", "党组织", "建立日期"]


def test_liaison_points_import_refuses_a_leader_on_an_organisation_that_is_no_demonstration_point(world, county_admin):
    leader = ["张书记", "县委常委", "副科级以上领导干部", "甲镇", "甲公司党委", "2024-05-01"]
    member = ["李委员", "两新工委委员", "两新工委委员", "甲镇", "甲公司第一党支部", "2024-05-01"]
    job = validate(county_admin, "liaison-points", workbook(LIAISON, [member, leader]))
    assert job.status == ImportStatus.INVALID
    assert "副科级以上领导干部应联系市、县级示范点党组织" in messages(job)[3]
    assert not LiaisonPoint.objects.exists()
    PartyOrganization.objects.filter(pk=world.org_a.pk).update(demo_level=DemoLevel.COUNTY)
    job = validate(county_admin, "liaison-points", workbook(LIAISON, [member, leader]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    assert LiaisonPoint.objects.count() == 2


CADRES = ["姓名", "派出单位", "经营主体统一社会信用代码", "任职", "派驻日期", "结束日期"]


def test_stationed_cadres_import_all_or_nothing_naming_the_bad_row(world, county_admin):
    entity = make_entity(world.area_a, "甲纺织有限公司", org=world.org_a_child)
    entity.credit_code = credit_code(51)
    entity.save()
    good = ["赵 敏", "县发改局", credit_code(51), "", "2025年4月1日", None]
    rows = [good, ["钱进", "县商务局", credit_code(52), "", "2025-04-01", None], good]
    job = validate(county_admin, "stationed-cadres", workbook(CADRES, rows))
    by_row = messages(job)
    assert "找不到经营主体" in by_row[3]
    assert by_row[4].startswith("与第 2 行重复")
    assert not StationedCadre.objects.exists()
    job = validate(county_admin, "stationed-cadres", workbook(CADRES, [good]))
    imports.import_job_commit(job_id=job.pk)
    cadre = StationedCadre.objects.get()
    assert (cadre.name, cadre.entity, cadre.post, cadre.started_on) == (
        "赵敏",
        entity,
        "党组织副书记",
        date(2025, 4, 1),
    )


VISITS = ["联系领导姓名", "所属街镇/园区", "党组织", "活动类型", "活动日期", "内容摘要"]


def test_liaison_visits_import_all_or_nothing_with_the_pages_rules(world, county_admin):
    point = LiaisonPoint.objects.create(
        cadre_name="李委员",
        cadre_title="两新工委委员",
        cadre_kind="committee_member",
        party_organization=world.org_a_child,
        started_on=date(2024, 5, 1),
    )
    good = ["李 委员", "甲镇", "甲公司第一党支部", "我来讲党课", "2025/6/1", "讲授党章"]
    early = ["李委员", "甲镇", "甲公司第一党支部", "走访调研", "2024-01-01", ""]
    nobody = ["王委员", "甲镇", "甲公司第一党支部", "走访调研", "2025-01-01", ""]
    job = validate(county_admin, "liaison-visits", workbook(VISITS, [good, early, nobody, good]))
    by_row = messages(job)
    assert "不能早于联系点建立日期" in by_row[3]
    assert "没有“王委员”的联系点" in by_row[4]
    assert by_row[5].startswith("与第 2 行重复")
    assert not point.visits.exists()
    job = validate(county_admin, "liaison-visits", workbook(VISITS, [good]))
    imports.import_job_commit(job_id=job.pk)
    visit = point.visits.get()
    assert (visit.kind, visit.visited_on, visit.summary) == ("lecture", date(2025, 6, 1), "讲授党章")


ACTIVITIES = ["驻企干部姓名", "经营主体统一社会信用代码", "类型", "日期", "内容", "列入名单"]


def test_stationed_activities_import_all_or_nothing_with_the_pages_rules(world, county_admin):
    entity = make_entity(world.area_a, "甲纺织有限公司", org=world.org_a_child)
    entity.credit_code = credit_code(61)
    entity.save()
    cadre = StationedCadre.objects.create(name="赵敏", unit="县发改局", entity=entity, started_on=date(2025, 1, 1))
    good = ["赵敏", credit_code(61), "项目帮办", "2025-05-06", "申报省级专精特新企业", "省重点项目"]
    listed_visit = ["赵敏", credit_code(61), "送政策上门", "2025-05-07", "稳岗补贴", "省重点项目"]
    job = validate(county_admin, "stationed-activities", workbook(ACTIVITIES, [good, listed_visit]))
    assert "只有“项目帮办”可以填写列入名单" in messages(job)[3]
    assert not cadre.activities.exists()
    job = validate(county_admin, "stationed-activities", workbook(ACTIVITIES, [good]))
    imports.import_job_commit(job_id=job.pk)
    activity = cadre.activities.get()
    assert (activity.kind, activity.listed_as) == ("project", "省重点项目")


AREAS = ["名称", "类型", "编码", "排序"]


def test_areas_import_in_file_order_for_county_staff_only(db, county_admin, area_reviewer):
    rows = [["城 关镇", "镇", "CG", None], ["经济开发区", "开发区", "KF", None], ["城关镇", "街道", "CG2", None]]
    job = validate(county_admin, "areas", workbook(AREAS, rows))
    assert messages(job)[4].startswith("与第 2 行重复")
    job = validate(county_admin, "areas", workbook(AREAS, rows[:2]))
    assert job.status == ImportStatus.VALIDATED, job.errors
    imports.import_job_commit(job_id=job.pk)
    created = list(Area.objects.filter(code__in=["CG", "KF"]).order_by("sort_order").values_list("name", flat=True))
    assert created == ["城关镇", "经济开发区"]
    refused = validate(area_reviewer, "areas", workbook(AREAS, [["南湖园区", "园区", "NH", 5]]))
    assert refused.status == ImportStatus.INVALID
    assert not Area.objects.filter(code="NH").exists()
