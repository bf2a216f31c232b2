"""上线检查: on an empty portal every preparation is listed as missing with the page that fixes it; each line
clears when what it asks for is brought in, and not before (an inactive account, an area committee alone, a
handbook that takes effect later do not count)."""

from datetime import date

from django.urls import reverse

from core import golive
from core.choices import Role
from core.models import HolidayDay, HolidaySchedule
from organizations.models import SurveyCampaign
from scoring.models import HandbookVersion, ScorecardTemplate
from tests.factories import AreaFactory, UserFactory, make_area_committee, make_org

TODAY = date(2026, 12, 2)


def _missing(**kwargs) -> dict[str, int]:
    return {check.label: check.missing for check in golive.checks(today=TODAY, **kwargs)}


def test_an_empty_portal_lists_every_preparation_as_missing_with_where_to_fix_it(db, client):
    admin = UserFactory(username="county", role=Role.COUNTY_ADMIN)
    missing = _missing()
    assert missing["登记街镇/园区"] == 1
    for label in ("积分手册已施行", "积分卡模板已施行", "开展过摸底排查"):
        assert missing[label] == 1, label
    client.force_login(admin)
    page = client.get(reverse("core:golive")).content.decode()
    assert reverse("organizations:area_create") in page and reverse("scoring:handbook") in page


def test_each_line_clears_only_when_its_work_is_done(db):
    area, other = AreaFactory(name="甲镇", code="A"), AreaFactory(name="乙镇", code="B")
    committee = make_area_committee(area)
    parent = make_org(committee, "甲公司党委")
    make_org(parent, "甲公司第一支部")  # reached through its parent once the parent has a secretary
    lonely = make_org(committee, "乙公司党支部")
    checks = {check.label: check for check in golive.checks(today=TODAY)}
    assert checks["每个街镇/园区有党（工）委"].names == ["乙镇"]
    assert set(checks["每个党组织有书记账号"].names) == {"甲公司党委", "甲公司第一支部", "乙公司党支部"}

    make_area_committee(other)
    secretary = UserFactory(username="sec", role=Role.ORG_SECRETARY, party_organization=parent)
    UserFactory(username="gone", role=Role.ORG_SECRETARY, party_organization=lonely, is_active=False)
    UserFactory(username="area", role=Role.AREA_REVIEWER, area=area)
    checks = {check.label: check for check in golive.checks(today=TODAY)}
    assert checks["每个街镇/园区有党（工）委"].missing == 0
    # The parent's secretary reaches the branch below; an inactive account reaches nothing.
    assert checks["每个党组织有书记账号"].names == ["乙公司党支部"]
    assert checks["书记都已登录过"].names == ["sec"]

    secretary.last_login = "2026-11-30T09:00:00+08:00"
    secretary.save()
    HandbookVersion.objects.create(number=1, effective_from=date(2027, 1, 1))
    ScorecardTemplate.objects.create(number=1, effective_from=date(2026, 1, 1))
    SurveyCampaign.objects.create(year=2026, half=1)
    missing = _missing()
    assert missing["书记都已登录过"] == 0
    assert missing["积分手册已施行"] == 1  # in force only from next year
    assert missing["积分卡模板已施行"] == 0 and missing["开展过摸底排查"] == 0


def test_in_december_next_years_holiday_schedule_is_asked_for(db):
    admin = UserFactory(username="county", role=Role.COUNTY_ADMIN)

    def holidays(today):
        (check,) = [c for c in golive.checks(today=today) if c.label == "节假日安排已录入"]
        return check

    december = date(2027, 12, 2)  # no calendar package knows 2028 yet
    assert "2028年" in holidays(december).names
    schedule = HolidaySchedule.objects.create(year=2028, text="元旦：1月1日放假", entered_by=admin)
    HolidayDay.objects.create(schedule=schedule, day=date(2028, 1, 1), is_workday=False, name="元旦")
    assert "2028年" not in holidays(december).names
    assert holidays(date(2026, 7, 1)).missing == 0  # 2026 is known; next year is asked for only in December
