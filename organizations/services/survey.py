"""Writes and rules of the semi-annual survey (摸底排查): open, fill in, close."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField, CharField, DateTimeField, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.models import User
from organizations.choices import CampaignHalf, CampaignStatus
from organizations.models import SIX_CLEARS, Entity, SurveyCampaign, SurveyRecord
from organizations.selectors.coverage import ORG_COVERED, work_reach
from organizations.services.entities import check_raised_member_count

SIX_CLEAR_FIELDS = tuple(field for field, _label in SIX_CLEARS)
COUNT_FIELDS = ("staff_count", "full_member_count")
RECORD_UPDATABLE_FIELDS = frozenset(SIX_CLEAR_FIELDS + COUNT_FIELDS)

CLOSED_MESSAGE = "本次摸底排查已结束，不能修改。"


def _require_county_admin(by: User, action: str) -> None:
    if not (by.is_authenticated and by.is_active and by.is_county_admin):
        raise ValidationError(f"只有县级管理员可以{action}摸底排查。")


def _insert_records(campaign: SurveyCampaign) -> int:
    """One INSERT … SELECT: a record per operating entity, prefilled from the entity."""
    # The SELECT is built by the ORM (values_list keeps the order given), so table and column names
    # stay Django's; only the INSERT target list is spelled out here.
    columns = [
        "campaign_id",
        "entity_id",
        "area_id",
        "kind",
        "staff_count",
        "full_member_count",
        *SIX_CLEAR_FIELDS,
        "establishment_method",
        "work_covered",
        "updated_at",
    ]
    empty = Value("", output_field=CharField())
    select = (
        Entity.objects.filter(is_operating=True)
        .order_by()
        .values_list(
            Value(campaign.pk, output_field=IntegerField()),
            "pk",
            "area_id",
            "kind",
            "staff_count",
            "full_member_count",
            *[empty] * len(SIX_CLEAR_FIELDS),
            empty,
            Value(False, output_field=BooleanField()),
            Value(timezone.now(), output_field=DateTimeField()),
        )
    )
    select_sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    target = ", ".join(quote(column) for column in columns)
    sql = f"INSERT INTO {quote(SurveyRecord._meta.db_table)} ({target}) {select_sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@transaction.atomic
def campaign_open(*, by: User, year: int, half: int) -> SurveyCampaign:
    """Open the half-year's campaign and create one record per operating entity (county staff only)."""
    _require_county_admin(by, "开启")
    if half not in CampaignHalf.values:
        raise ValidationError({"half": "请选择上半年或下半年。"})
    label = f"{year}年{CampaignHalf(half).label}"
    # Lock the existing campaigns so two administrators opening at once are served one after the other;
    # the checks below then read what the first one committed.
    list(SurveyCampaign.objects.select_for_update().values_list("pk", flat=True))
    if SurveyCampaign.objects.filter(year=year, half=half).exists():
        raise ValidationError({"half": f"{label}的摸底排查已经开启过，每半年只能开展一次。"})
    running = SurveyCampaign.objects.filter(status=CampaignStatus.OPEN).first()
    if running is not None:
        raise ValidationError(f"{running}尚未结束，请先结束后再开启新的摸底排查。")
    campaign = SurveyCampaign(year=year, half=half, status=CampaignStatus.OPEN)
    # The two checks above say in the programme's words what the unique constraints guard; the
    # database still enforces both as the last word, so they are not queried a second time here.
    campaign.full_clean(validate_unique=False, validate_constraints=False)
    campaign.save()
    _insert_records(campaign)
    return campaign


@transaction.atomic
def record_update(*, by: User, record: SurveyRecord, **changes) -> SurveyRecord:
    """Fill in a record's six facts and counts while its campaign runs; the entity's counts follow."""
    unknown = set(changes) - RECORD_UPDATABLE_FIELDS
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    if not SurveyRecord.objects.editable_by(by).filter(pk=record.pk).exists():
        raise ValidationError("该摸底排查记录不在您的管理范围内。")
    # Locking the campaign row waits for a close in progress, so no edit lands after the snapshot.
    campaign = SurveyCampaign.objects.select_for_update().get(pk=record.campaign_id)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(CLOSED_MESSAGE)
    for field, value in changes.items():
        setattr(record, field, value.strip() if isinstance(value, str) else value)
    record.full_clean()
    record.save()
    entity = Entity.objects.get(pk=record.entity_id)
    if (entity.staff_count, entity.full_member_count) != (record.staff_count, record.full_member_count):
        # The survey is where these counts are checked twice a year: keep the registry in step.
        stored_members = entity.full_member_count
        entity.staff_count = record.staff_count
        entity.full_member_count = record.full_member_count
        check_raised_member_count(entity, stored_members)
        entity.save(update_fields=["staff_count", "full_member_count"])
    return record


def _snapshot(campaign: SurveyCampaign) -> int:
    """Set-based UPDATE of every record: area, kind and coverage as they stand now."""
    entity = Entity.objects.filter(pk=OuterRef("entity_id"))
    covered_method = entity.filter(ORG_COVERED).values("party_organization__establishment_method")[:1]
    work_only = entity.exclude(ORG_COVERED).alias(reached=work_reach()).filter(reached=True)
    return SurveyRecord.objects.filter(campaign=campaign).update(
        area=Subquery(entity.values("area")[:1]),
        kind=Subquery(entity.values("kind")[:1]),
        establishment_method=Coalesce(Subquery(covered_method), Value("")),
        work_covered=Exists(work_only),
        updated_at=timezone.now(),
    )


@transaction.atomic
def campaign_close(*, by: User, campaign: SurveyCampaign) -> SurveyCampaign:
    """Freeze a campaign and snapshot each record's coverage; closing a closed one changes nothing."""
    _require_county_admin(by, "结束")
    locked = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.status != CampaignStatus.CLOSED:
        _snapshot(locked)
        locked.status = CampaignStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.full_clean()
        locked.save()
    # The caller's instance must not go on saying "open".
    campaign.status, campaign.closed_at = locked.status, locked.closed_at
    return locked
