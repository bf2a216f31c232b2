"""Load the demo county (modelled on 汶上县) and one demo account per role; safe to run again."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from core.choices import Role
from core.models import User
from industry_chains import demo as demo_industry_chains
from industry_chains.models import Department, IndustryChain
from members.demo import certification as demo_certification
from members.demo import people as demo_people
from members.demo import selections as demo_selections
from organizations import services as org_services
from organizations.choices import AreaKind, EstablishmentMethod, PartyOrgKind
from organizations.demo import entities as demo_entities
from organizations.demo import support as demo_support
from organizations.demo import survey as demo_survey
from organizations.models import Area, PartyOrganization
from scoring import demo as demo_scoring

DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - printed demo login, loaded only by the run command

AREAS = [
    ("中都街道", AreaKind.STREET, "ZD"),
    ("汶上街道", AreaKind.STREET, "WS"),
    ("南旺镇", AreaKind.TOWN, "NW"),
    ("次丘镇", AreaKind.TOWN, "CQ"),
    ("寅寺镇", AreaKind.TOWN, "YS"),
    ("郭楼镇", AreaKind.TOWN, "GL"),
    ("康驿镇", AreaKind.TOWN, "KY"),
    ("苑庄镇", AreaKind.TOWN, "YZ"),
    ("义桥镇", AreaKind.TOWN, "YQ"),
    ("白石镇", AreaKind.TOWN, "BS"),
    ("杨店镇", AreaKind.TOWN, "YD"),
    ("郭仓镇", AreaKind.TOWN, "GC"),
    ("刘楼镇", AreaKind.TOWN, "LL"),
    ("军屯乡", AreaKind.TOWN, "JT"),
    ("汶上经济开发区", AreaKind.DEV_ZONE, "KFQ"),
    ("汶上化工产业园", AreaKind.PARK, "HGY"),
]

# A few Party organisations under two areas, enough for every demo role to see something of its own.
ORGS = [
    # (area, parent name or None for under the area committee, name, kind, method)
    ("中都街道", None, "鲁韵纺织有限公司党支部", PartyOrgKind.BRANCH, EstablishmentMethod.STANDALONE),
    ("中都街道", None, "中都商圈联合党支部", PartyOrgKind.JOINT_BRANCH, EstablishmentMethod.JOINT),
    ("中都街道", None, "中都街道企业服务中心党支部", PartyOrgKind.BRANCH, EstablishmentMethod.FALLBACK),
    ("汶上经济开发区", None, "宏达装备制造有限公司党委", PartyOrgKind.COMMITTEE, EstablishmentMethod.STANDALONE),
    (
        "汶上经济开发区",
        "宏达装备制造有限公司党委",
        "宏达装备制造有限公司第一党支部",
        PartyOrgKind.BRANCH,
        EstablishmentMethod.STANDALONE,
    ),
    (
        "汶上经济开发区",
        "宏达装备制造有限公司党委",
        "宏达装备制造有限公司第二党支部",
        PartyOrgKind.BRANCH,
        EstablishmentMethod.STANDALONE,
    ),
    ("汶上经济开发区", None, "开发区企业服务中心党委", PartyOrgKind.COMMITTEE, EstablishmentMethod.FALLBACK),
]

CHAINS = [
    ("纺织服装", "纺织服装产业链党委"),
    ("装备制造", "装备制造产业链党委"),
    ("高端化工", "高端化工产业链党委"),
]

DEPARTMENTS = [
    ("县工业和信息化局", "工信局"),
    ("县发展和改革局", "发改局"),
    ("县科学技术局", "科技局"),
    ("县人力资源和社会保障局", "人社局"),
    ("县自然资源和规划局", "自然资源局"),
    ("县市场监督管理局", "市场监管局"),
    ("县行政审批服务局", "行政审批局"),
]


def committee_name(area: Area) -> str:
    return (
        f"{area.name}党工委" if area.kind in {AreaKind.STREET, AreaKind.DEV_ZONE, AreaKind.PARK} else f"{area.name}党委"
    )


def _analyze() -> None:
    """Fresh planner statistics after each part: the whole load is one transaction, which autovacuum cannot see
    into, so the next part's set-based updates would be planned for empty tables (minutes instead of
    milliseconds on a new database). ANALYZE counts the rows this transaction has written. Only the portal's own
    tables: a bare ANALYZE also takes the cluster-wide system catalogs, and so waits for any other database's open
    transaction that has analysed them."""
    if connection.vendor == "postgresql":
        tables = sorted(
            {model._meta.db_table for model in apps.get_models(include_auto_created=True) if model._meta.managed}
        )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(table) for table in tables)}")


class Command(BaseCommand):
    help = "载入演示数据（县、街镇园区、党组织、各角色演示账号）；可重复执行。"

    @transaction.atomic
    def handle(self, *args, **options):
        areas = {}
        for order, (name, kind, code) in enumerate(AREAS):
            areas[name], _ = Area.objects.update_or_create(
                code=code, defaults={"name": name, "kind": kind, "sort_order": order}
            )
        admin = self._user("county_admin", "县委社会工作部管理员", Role.COUNTY_ADMIN, is_staff=True, is_superuser=True)

        for area in areas.values():
            if not PartyOrganization.objects.filter(depth=1, area=area).exists():
                org_services.party_organization_create(
                    by=admin, name=committee_name(area), kind=PartyOrgKind.COMMITTEE, area=area
                )
        for area_name, parent_name, name, kind, method in ORGS:
            area = areas[area_name]
            if PartyOrganization.objects.filter(area=area, name=name).exists():
                continue
            if parent_name:
                parent = PartyOrganization.objects.get(area=area, name=parent_name)
            else:
                parent = PartyOrganization.objects.get(area=area, depth=1)
            org_services.party_organization_create(
                by=admin, name=name, kind=kind, parent=parent, establishment_method=method
            )

        chains = {}
        for order, (name, committee) in enumerate(CHAINS):
            chains[name], _ = IndustryChain.objects.update_or_create(
                name=name, defaults={"committee_name": committee, "sort_order": order}
            )
        departments = {}
        for name, short in DEPARTMENTS:
            departments[short], _ = Department.objects.update_or_create(name=name, defaults={"short_name": short})

        # The coverage area's parts, in the order they build on each other.
        parts = (demo_entities, demo_survey, demo_support, demo_people, demo_certification, demo_selections)
        # Then the scoring and industry-chain areas, each loading its own parts in order.
        for part in (*parts, demo_scoring, demo_industry_chains):
            part.load(admin=admin, stdout=self.stdout)
            _analyze()

        org = PartyOrganization.objects.get
        accounts = [
            (admin, "全县"),
            (
                self._user("zhongdu_reviewer", "中都街道党工委审核员", Role.AREA_REVIEWER, area=areas["中都街道"]),
                "中都街道",
            ),
            (
                self._user(
                    "secretary_luyun",
                    "鲁韵纺织党支部书记",
                    Role.ORG_SECRETARY,
                    party_organization=org(name="鲁韵纺织有限公司党支部"),
                ),
                "鲁韵纺织有限公司党支部",
            ),
            (
                self._user(
                    "secretary_hongda",
                    "宏达装备党委书记",
                    Role.ORG_SECRETARY,
                    party_organization=org(name="宏达装备制造有限公司党委"),
                ),
                "宏达装备制造有限公司党委及下属支部",
            ),
            (
                self._user("chain_textile", "纺织服装产业链党委干事", Role.CHAIN_STAFF, chain=chains["纺织服装"]),
                "纺织服装产业链",
            ),
            (
                self._user("dept_gxj", "工信局经办人", Role.DEPT_HANDLER, department=departments["工信局"]),
                "县工业和信息化局",
            ),
        ]
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for user, scope in accounts:
            self.stdout.write(f"  {user.username:<18} {user.get_role_display():<12} 范围：{scope}")

    def _user(self, username, name, role, **fields):
        is_staff = fields.pop("is_staff", False)
        is_superuser = fields.pop("is_superuser", False)
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"name": name, "role": role, "is_staff": is_staff, "is_superuser": is_superuser, **fields},
        )
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        return user
