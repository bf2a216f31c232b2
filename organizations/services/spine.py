"""Writes and rules of the organisation spine."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import User
from organizations.choices import PartyOrgKind
from organizations.models import Area, PartyOrganization
from organizations.services.entities import check_coverage_limits

TREE_FIELDS = ["path", "depth", "numchild"]


@transaction.atomic
def party_organization_create(
    *,
    by: User,
    name: str,
    kind: str,
    parent: PartyOrganization | None = None,
    area: Area | None = None,
    establishment_method: str = "",
    founded_on: date | None = None,
) -> PartyOrganization:
    """Add a Party organisation under ``parent`` (or an area committee at the top, county staff only)."""
    if parent is None:
        if not by.is_county_admin:
            raise ValidationError({"parent": "只有县级管理员可以新建街镇/园区党（工）委，请选择上级党组织。"})
        if area is None:
            raise ValidationError({"area": "街镇/园区党（工）委必须指定所属街镇/园区。"})
        if kind != PartyOrgKind.COMMITTEE:
            raise ValidationError({"kind": "街镇/园区一级只能是党委。"})
        if PartyOrganization.objects.filter(depth=1, area=area).exists():
            raise ValidationError({"area": f"{area}已有党（工）委，不能重复建立。"})
        establishment_method = ""
    else:
        if not PartyOrganization.objects.editable_by(by).filter(pk=parent.pk).exists():
            raise ValidationError({"parent": "上级党组织不在您的管理范围内。"})
        if area is not None and area.pk != parent.area_id:
            raise ValidationError({"area": "下级党组织必须与上级党组织属于同一街镇/园区。"})
        area = parent.area
        if not establishment_method:
            raise ValidationError({"establishment_method": "请选择组建方式（单独建/联合建/兜底建）。"})
    if founded_on and founded_on > timezone.localdate():
        raise ValidationError({"founded_on": "成立日期不能晚于今天。"})
    organization = PartyOrganization(
        name=name.strip(), kind=kind, area=area, establishment_method=establishment_method, founded_on=founded_on
    )
    organization.full_clean(exclude=TREE_FIELDS)
    if parent is None:
        return PartyOrganization.objects.add_root(instance=organization)
    return PartyOrganization.objects.add_child(parent, instance=organization)


UPDATABLE_FIELDS = {"name", "kind", "establishment_method", "founded_on", "secretary_name", "demo_level", "is_active"}


@transaction.atomic
def party_organization_update(*, by: User, organization: PartyOrganization, **changes) -> PartyOrganization:
    """Change an organisation's own fields; its place in the tree and its area stay as they are."""
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    if not PartyOrganization.objects.editable_by(by).filter(pk=organization.pk).exists():
        raise ValidationError("该党组织不在您的管理范围内。")
    # Locked, so no entity is covered meanwhile by a method about to change.
    stored_method = PartyOrganization.objects.select_for_update().values_list("establishment_method", flat=True)
    stored_method = stored_method.get(pk=organization.pk)
    for field, value in changes.items():
        setattr(organization, field, value.strip() if isinstance(value, str) else value)
    if organization.founded_on and organization.founded_on > timezone.localdate():
        raise ValidationError({"founded_on": "成立日期不能晚于今天。"})
    if organization.depth > 1 and not organization.establishment_method:
        raise ValidationError({"establishment_method": "请选择组建方式（单独建/联合建/兜底建）。"})
    if organization.establishment_method != stored_method:
        # A joint organisation made standalone with three entities would hold what it may not have been given.
        check_coverage_limits(organization, field="establishment_method")
    organization.full_clean(exclude=TREE_FIELDS)
    organization.save()
    return organization


AREA_FIELDS = {"name", "kind", "code", "sort_order"}


def _area_check(area: Area) -> None:
    """Chinese messages for what county staff get wrong most: a blank or repeated name or code."""
    errors = {}
    area.name = (area.name or "").strip()
    area.code = (area.code or "").strip()
    if not area.name:
        errors["name"] = "请填写街镇/园区名称。"
    elif Area.objects.exclude(pk=area.pk).filter(name=area.name).exists():
        errors["name"] = f"已有名为“{area.name}”的街镇/园区。"
    if not area.code:
        errors["code"] = "请填写编码（如乡镇行政区划代码）。"
    elif Area.objects.exclude(pk=area.pk).filter(code=area.code).exists():
        errors["code"] = f"编码“{area.code}”已被其他街镇/园区使用。"
    if not area.kind:
        errors["kind"] = "请选择类型（街道、镇、园区或开发区）。"
    if errors:
        raise ValidationError(errors)


def _require_county_admin(by: User) -> None:
    if not by.is_county_admin:
        raise ValidationError("只有县级管理员可以新建或修改街镇/园区。")


@transaction.atomic
def area_create(*, by: User, name: str, kind: str, code: str, sort_order: int | None = None) -> Area:
    """Add a town, street, park or development zone; without an order it goes to the end of the list."""
    _require_county_admin(by)
    if sort_order is None:
        last = Area.objects.order_by("-sort_order").values_list("sort_order", flat=True).first()
        sort_order = (last or 0) + 10
    area = Area(name=name, kind=kind, code=code, sort_order=sort_order)
    _area_check(area)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def area_update(*, by: User, area: Area, **changes) -> Area:
    """Change an area's name, kind, code or place in the county's order."""
    _require_county_admin(by)
    unknown = set(changes) - AREA_FIELDS
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    area = Area.objects.select_for_update().get(pk=area.pk)
    for field, value in changes.items():
        setattr(area, field, value)
    if area.sort_order is None:
        raise ValidationError({"sort_order": "请填写排序号。"})
    _area_check(area)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def area_move(*, by: User, area: Area, step: int) -> Area:
    """Swap an area with its neighbour in the county's order (``step`` -1 up, +1 down); the ends stay put."""
    _require_county_admin(by)
    ordered = list(Area.objects.select_for_update().order_by("sort_order", "code"))
    index = next(i for i, a in enumerate(ordered) if a.pk == area.pk)
    target = index + step
    if not 0 <= target < len(ordered):
        return ordered[index]
    ordered[index], ordered[target] = ordered[target], ordered[index]
    # Renumber in steps of ten so equal or crowded numbers never block a move.
    for position, each in enumerate(ordered):
        wanted = (position + 1) * 10
        if each.sort_order != wanted:
            each.sort_order = wanted
            each.save(update_fields=["sort_order"])
    return ordered[target]
