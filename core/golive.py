"""上线检查: what a county has brought in and what is still missing before its staff can work, each with the page
where it is put right. Every line is one or two aggregate queries; the page is for county staff."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from core.models import User
from core.workdays import calendar_covers
from members.models import Person
from organizations.models import Area, Entity, Instructor, MassOrganization, PartyOrganization, SurveyCampaign
from scoring.models import HandbookVersion, ScorecardTemplate

SHOWN_NAMES = 10


@dataclass
class Check:
    """One line: what is checked, how many are missing (0 = done), a few of them by name, where to fix it."""

    label: str
    missing: int
    fix_url: str
    fix_label: str
    detail: str = ""
    names: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.missing == 0


@dataclass
class Loaded:
    label: str
    count: int
    url: str


def loaded() -> list[Loaded]:
    """What is in the portal so far, each with its list."""
    return [
        Loaded("街镇/园区", Area.objects.count(), reverse("organizations:area_list")),
        Loaded(
            "党组织",
            PartyOrganization.objects.filter(is_active=True).count(),
            reverse("organizations:partyorganization_list"),
        ),
        Loaded("经营主体", Entity.objects.count(), reverse("organizations:entity_list")),
        Loaded("群团组织", MassOrganization.objects.count(), reverse("organizations:massorganization_list")),
        Loaded("党建工作指导员", Instructor.objects.count(), reverse("organizations:instructor_list")),
        Loaded("人员", Person.objects.count(), reverse("members:person_list")),
        Loaded("在用账号", User.objects.filter(is_active=True).count(), reverse("core:account_list")),
    ]


def _secretary_reaches(path_ref) -> Exists:
    """An active secretary account on this organisation or on one above it (not the area committee): the
    account's organisation path is a prefix of this one's."""
    accounts = (
        User.objects.filter(role=Role.ORG_SECRETARY, is_active=True, party_organization__depth__gt=1)
        .annotate(prefix=Length("party_organization__path"))
        .filter(party_organization__path=Substr(path_ref, 1, F("prefix")))
    )
    return Exists(accounts)


def _names(queryset, field_name: str = "name") -> list[str]:
    return [str(name) for name in queryset.values_list(field_name, flat=True)[:SHOWN_NAMES]]


def checks(*, today=None) -> list[Check]:
    """Everything go-live needs, in the order a county brings it in."""
    today = today or timezone.localdate()
    result = []

    if not Area.objects.exists():
        result.append(
            Check("登记街镇/园区", 1, reverse("organizations:area_create"), "新增街镇/园区", "还没有任何街镇/园区。")
        )
    committees = PartyOrganization.objects.filter(depth=1, is_active=True, area=OuterRef("pk"))
    no_committee = Area.objects.filter(~Exists(committees)).order_by("sort_order", "name")
    result.append(
        Check(
            "每个街镇/园区有党（工）委",
            no_committee.count(),
            reverse("core:import_start", args=["party-organizations"]),
            "导入党组织",
            "没有党（工）委的街镇/园区，其下的党组织无从挂靠。",
            _names(no_committee),
        )
    )
    unreached = PartyOrganization.objects.filter(depth__gt=1, is_active=True).filter(
        ~_secretary_reaches(OuterRef("path"))
    )
    result.append(
        Check(
            "每个党组织有书记账号",
            unreached.count(),
            reverse("core:import_start", args=["accounts"]),
            "导入账号",
            "本组织或上级组织都没有在用的书记账号：这些组织的积分、组织生活没有人录入。",
            _names(unreached.order_by("path")),
        )
    )
    never = User.objects.filter(role=Role.ORG_SECRETARY, is_active=True, last_login__isnull=True)
    result.append(
        Check(
            "书记都已登录过",
            never.count(),
            reverse("core:account_list") + f"?role={Role.ORG_SECRETARY}&is_active=true&never_signed_in=true",
            "查看从未登录的书记",
            "可在账号页重置密码、重新打印密码条。",
            _names(never.order_by("username"), "username"),
        )
    )
    result.append(
        Check(
            "积分手册已施行",
            0 if HandbookVersion.objects.filter(effective_from__lte=today).exists() else 1,
            reverse("scoring:handbook"),
            "积分手册",
            "没有施行中的“星级党员”积分手册，月度记分表无事项可记。",
        )
    )
    result.append(
        Check(
            "积分卡模板已施行",
            0 if ScorecardTemplate.objects.filter(effective_from__lte=today).exists() else 1,
            reverse("scoring:scorecardtemplate_list"),
            "积分卡模板",
            "没有施行中的积分卡模板，季度积分卡无法填写。",
        )
    )
    years = [today.year, today.year + 1] if today.month == 12 else [today.year]
    unknown = [year for year in years if not calendar_covers(year)]
    result.append(
        Check(
            "节假日安排已录入",
            len(unknown),
            reverse("core:holiday_schedule_list"),
            "节假日安排",
            "未录入的年份按周一至周五计算公示期和诉求时限。",
            [f"{year}年" for year in unknown],
        )
    )
    result.append(
        Check(
            "开展过摸底排查",
            0 if SurveyCampaign.objects.exists() else 1,
            reverse("organizations:surveycampaign_list"),
            "摸底排查",
            "摸底排查核实经营主体的党员数和建立党组织情况，是覆盖率的依据。",
        )
    )
    return result
