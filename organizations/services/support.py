"""Writes and rules of the support work: the Party work funds ledger, venues (六有), liaison points,
stationed cadres and pairings (结对共建).

Every function checks that the user may edit the Party organisation (or entity) the row hangs off,
validates, calls ``full_clean()`` and saves; views, the demo and any future import call these.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import User
from organizations.choices import (
    REFUNDED_DUES_PURPOSES,
    CadreKind,
    EntityKind,
    FundPurpose,
    FundSource,
    StationedActivityKind,
)
from organizations.models import (
    SIX_HAVES,
    Entity,
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
from organizations.selectors.support import (
    fund_source_balance,
)

# The official lists the article names for projects stationed cadres helped (16 省级, 66 市级).
PROJECT_LISTS = (
    "省级：山东省企业技术改造重点项目导向目录",
    "市级：全市攀登企业及其他工业企业新上和技改项目名单",
)
REFUNDED_DUES_REFUSAL = "党费返还只能用于开展组织活动、购买学习资料、慰问困难党员。"


def _require_editable_org(by: User, organization: PartyOrganization, field: str | None = None) -> None:
    if not PartyOrganization.objects.editable_by(by).filter(pk=organization.pk).exists():
        message = "该党组织不在您的管理范围内。"
        raise ValidationError({field: message} if field else message)


def _require_editable(by: User, obj, message: str) -> None:
    if not type(obj)._default_manager.editable_by(by).filter(pk=obj.pk).exists():
        raise ValidationError(message)


def _not_future(value: date | None, field: str, label: str) -> None:
    if value and value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天。"})


def _required_text(value: str | None, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: f"请填写{label}。"})
    return text


# --- Party work funds ---------------------------------------------------------------------------


def _positive_amount(amount) -> Decimal:
    try:
        amount = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": "请填写有效的金额。"}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({"amount": "金额必须大于零。"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "金额最多保留两位小数（分）。"})
    return amount


def _source_label(source: str) -> str:
    labels = dict(FundSource.choices)
    if source not in labels:
        raise ValidationError({"source": "请选择经费来源（党费返还、税前列支、党费留存、捐赠）。"})
    return str(labels[source])


def _ledger_note(note: str | None) -> str:
    return (note or "").strip()


def _lock_ledger(organization: PartyOrganization) -> None:
    """Hold the organisation's row until the transaction ends: its ledger changes one writer at a time."""
    list(PartyOrganization.objects.select_for_update().filter(pk=organization.pk).values_list("pk", flat=True))


def _save_entry(entry: FundEntry) -> FundEntry:
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def fund_income_record(
    *,
    by: User,
    organization: PartyOrganization,
    source: str,
    amount: Decimal,
    occurred_on: date,
    note: str = "",
) -> FundEntry:
    """Record money received into one source of an organisation's work funds."""
    _require_editable_org(by, organization)
    _source_label(source)
    amount = _positive_amount(amount)
    _not_future(occurred_on, "occurred_on", "日期")
    entry = FundEntry(
        party_organization=organization,
        source=source,
        amount=amount,
        occurred_on=occurred_on,
        note=_ledger_note(note),
        created_by=by,
    )
    return _save_entry(entry)


@transaction.atomic
def fund_spend(
    *,
    by: User,
    organization: PartyOrganization,
    source: str,
    amount: Decimal,
    purpose: str,
    occurred_on: date,
    note: str = "",
) -> FundEntry:
    """Pay from one source: refunded dues only for their three uses, and never beyond the source's balance."""
    _require_editable_org(by, organization)
    label = _source_label(source)
    amount = _positive_amount(amount)
    if not purpose:
        raise ValidationError({"purpose": "请选择用途。"})
    if purpose not in FundPurpose.values:
        raise ValidationError({"purpose": "请选择有效的用途。"})
    if source == FundSource.REFUNDED_DUES and purpose not in REFUNDED_DUES_PURPOSES:
        raise ValidationError({"purpose": REFUNDED_DUES_REFUSAL})
    _not_future(occurred_on, "occurred_on", "日期")
    note = _ledger_note(note)
    # Two payments from the same source at once must not both see the old balance.
    _lock_ledger(organization)
    balance = fund_source_balance(organization=organization, source=source)
    if balance < amount:
        raise ValidationError({"amount": f"余额不足：{label}余额 {balance:.2f} 元，本次支出 {amount:.2f} 元。"})
    entry = FundEntry(
        party_organization=organization,
        source=source,
        amount=-amount,
        purpose=purpose,
        occurred_on=occurred_on,
        note=note,
        created_by=by,
    )
    return _save_entry(entry)


REVERSAL_REASON_MAX = FundEntry._meta.get_field("note").max_length


@transaction.atomic
def fund_entry_reverse(*, by: User, entry: FundEntry, reason: str, occurred_on: date | None = None) -> FundEntry:
    """Correct a ledger line with a reversing entry (dated today unless given): lines are never edited or
    deleted, and each line is reversed at most once."""
    _require_editable(by, entry, "该经费记录不在您的管理范围内。")
    reason = _required_text(reason, "reason", "冲销原因")
    occurred_on = occurred_on or timezone.localdate()
    _not_future(occurred_on, "occurred_on", "冲销日期")
    if occurred_on < entry.occurred_on:
        raise ValidationError({"occurred_on": f"冲销日期不能早于原记录日期（{entry.occurred_on:%Y-%m-%d}）。"})
    if len(reason) > REVERSAL_REASON_MAX:
        raise ValidationError({"reason": f"冲销原因不超过 {REVERSAL_REASON_MAX} 个字。"})
    if entry.reverses_id is not None:
        raise ValidationError("这是一条冲销记录，不能再冲销；如需更正请重新登记。")
    _lock_ledger(entry.party_organization)
    if FundEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(f"第 {entry.pk} 号记录已冲销，不能重复冲销。")
    if entry.amount > 0:
        # Taking back income must not leave the source below zero either.
        balance = fund_source_balance(organization=entry.party_organization, source=entry.source)
        if balance < entry.amount:
            label = _source_label(entry.source)
            raise ValidationError(f"余额不足：{label}余额 {balance:.2f} 元，冲销这笔收入需扣减 {entry.amount:.2f} 元。")
    reversal = FundEntry(
        party_organization=entry.party_organization,
        source=entry.source,
        amount=-entry.amount,
        # A negative line needs a purpose; reversed income has none of its own.
        purpose=entry.purpose or FundPurpose.OTHER,
        occurred_on=occurred_on,
        note=reason,
        reverses=entry,
        created_by=by,
    )
    return _save_entry(reversal)


# --- venues (六有) ------------------------------------------------------------------------------

VENUE_FIELDS = {"name", "address", *(field for field, _label in SIX_HAVES)}


def _venue_name_free(venue: Venue) -> None:
    clash = Venue.objects.filter(party_organization=venue.party_organization, name=venue.name).exclude(pk=venue.pk)
    if clash.exists():
        raise ValidationError({"name": f"该党组织已有名为“{venue.name}”的阵地。"})


@transaction.atomic
def venue_create(*, by: User, party_organization: PartyOrganization, name: str, address: str = "", **haves) -> Venue:
    """Register an activity venue of an organisation with its 六有 checklist."""
    unknown = set(haves) - VENUE_FIELDS
    if unknown:
        raise ValidationError(f"未知字段：{'、'.join(sorted(unknown))}")
    _require_editable_org(by, party_organization, "party_organization")
    venue = Venue(
        party_organization=party_organization,
        name=_required_text(name, "name", "阵地名称"),
        address=(address or "").strip(),
        **{field: bool(value) for field, value in haves.items()},
    )
    _venue_name_free(venue)
    venue.full_clean()
    venue.save()
    return venue


@transaction.atomic
def venue_update(*, by: User, venue: Venue, **changes) -> Venue:
    """Change a venue's name, address or 六有 checklist; it stays with its organisation."""
    unknown = set(changes) - VENUE_FIELDS
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    _require_editable(by, venue, "该阵地不在您的管理范围内。")
    for field, value in changes.items():
        if field == "name":
            value = _required_text(value, "name", "阵地名称")
        elif field == "address":
            value = (value or "").strip()
        else:
            value = bool(value)
        setattr(venue, field, value)
    _venue_name_free(venue)
    venue.full_clean()
    venue.save()
    return venue


# --- liaison points -----------------------------------------------------------------------------


@transaction.atomic
def liaison_point_create(
    *,
    by: User,
    cadre_name: str,
    cadre_title: str,
    cadre_kind: str,
    party_organization: PartyOrganization,
    started_on: date,
) -> LiaisonPoint:
    """Link a leading cadre to a Party organisation; 副科级以上领导干部 link to city or county demonstration points."""
    _require_editable_org(by, party_organization, "party_organization")
    cadre_name = _required_text(cadre_name, "cadre_name", "联系领导姓名")
    if cadre_kind == CadreKind.LEADER and not party_organization.demo_level:
        raise ValidationError({"party_organization": "副科级以上领导干部应联系市、县级示范点党组织。"})
    _not_future(started_on, "started_on", "建立日期")
    if LiaisonPoint.objects.filter(cadre_name=cadre_name, party_organization=party_organization).exists():
        raise ValidationError({"cadre_name": f"{cadre_name}已联系该党组织，不能重复建立。"})
    point = LiaisonPoint(
        cadre_name=cadre_name,
        cadre_title=_required_text(cadre_title, "cadre_title", "职务"),
        cadre_kind=cadre_kind,
        party_organization=party_organization,
        started_on=started_on,
    )
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def liaison_visit_record(
    *, by: User, point: LiaisonPoint, kind: str, visited_on: date, summary: str = ""
) -> LiaisonVisit:
    """Record a cadre's visit to the liaison point (走访调研、党纪学习教育、我来讲党课、我为群众办实事)."""
    _require_editable(by, point, "该联系点不在您的管理范围内。")
    _not_future(visited_on, "visited_on", "活动日期")
    if visited_on and visited_on < point.started_on:
        raise ValidationError({"visited_on": f"活动日期不能早于联系点建立日期（{point.started_on:%Y-%m-%d}）。"})
    if LiaisonVisit.objects.filter(point=point, kind=kind, visited_on=visited_on).exists():
        raise ValidationError({"kind": "这一天已登记过同类活动，请勿重复登记。"})
    visit = LiaisonVisit(point=point, kind=kind, visited_on=visited_on, summary=(summary or "").strip())
    visit.full_clean()
    visit.save()
    return visit


# --- stationed cadres ---------------------------------------------------------------------------

CADRE_FIELDS = {"name", "unit", "post", "started_on", "ended_on"}


def _check_posting(cadre: StationedCadre) -> None:
    _not_future(cadre.started_on, "started_on", "派驻日期")
    if cadre.ended_on and cadre.started_on and cadre.ended_on < cadre.started_on:
        raise ValidationError({"ended_on": "结束日期不能早于派驻日期。"})
    open_elsewhere = StationedCadre.objects.filter(name=cadre.name, unit=cadre.unit, ended_on__isnull=True).exclude(
        pk=cadre.pk
    )
    if cadre.ended_on is None:
        other = open_elsewhere.select_related("entity").first()
        if other is not None:
            raise ValidationError({"name": f"{cadre.name}（{cadre.unit}）正在“{other.entity}”驻企，请先结束原派驻。"})


@transaction.atomic
def stationed_cadre_create(
    *,
    by: User,
    name: str,
    unit: str,
    entity: Entity,
    started_on: date,
    post: str = "党组织副书记",
    ended_on: date | None = None,
) -> StationedCadre:
    """Post a cadre to an enterprise (驻企干部), usually as deputy secretary of its Party organisation."""
    if not Entity.objects.editable_by(by).filter(pk=entity.pk).exists():
        raise ValidationError({"entity": "该企业不在您的管理范围内。"})
    if entity.kind != EntityKind.ENTERPRISE:
        raise ValidationError({"entity": "驻企干部只能派驻到非公企业。"})
    cadre = StationedCadre(
        name=_required_text(name, "name", "姓名"),
        unit=_required_text(unit, "unit", "派出单位"),
        entity=entity,
        post=(post or "").strip() or "党组织副书记",
        started_on=started_on,
        ended_on=ended_on,
    )
    _check_posting(cadre)
    cadre.full_clean()
    cadre.save()
    return cadre


@transaction.atomic
def stationed_cadre_update(*, by: User, cadre: StationedCadre, **changes) -> StationedCadre:
    """Change a posting (e.g. end it); the enterprise stays as it is, and recorded work must stay inside it."""
    unknown = set(changes) - CADRE_FIELDS
    if unknown:
        raise ValidationError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    _require_editable(by, cadre, "该驻企干部不在您的管理范围内。")
    for field, value in changes.items():
        setattr(cadre, field, value.strip() if isinstance(value, str) else value)
    _required_text(cadre.name, "name", "姓名")
    _required_text(cadre.unit, "unit", "派出单位")
    _check_posting(cadre)
    outside = cadre.activities.filter(done_on__lt=cadre.started_on)
    if cadre.ended_on:
        outside = outside | cadre.activities.filter(done_on__gt=cadre.ended_on)
    if outside.exists():
        raise ValidationError("已登记的工作有日期在派驻期外，请先核对派驻日期。")
    cadre.full_clean()
    cadre.save()
    return cadre


@transaction.atomic
def stationed_activity_record(
    *,
    by: User,
    cadre: StationedCadre,
    kind: str,
    done_on: date,
    title: str,
    listed_as: str = "",
) -> StationedActivity:
    """Record what a stationed cadre did: 送政策上门, a project helped (and the official list it went onto), …"""
    _require_editable(by, cadre, "该驻企干部不在您的管理范围内。")
    listed_as = (listed_as or "").strip()
    if listed_as and kind != StationedActivityKind.PROJECT:
        raise ValidationError({"listed_as": "只有“项目帮办”可以填写列入名单。"})
    _not_future(done_on, "done_on", "日期")
    if done_on and done_on < cadre.started_on:
        raise ValidationError({"done_on": f"日期不能早于派驻日期（{cadre.started_on:%Y-%m-%d}）。"})
    if done_on and cadre.ended_on and done_on > cadre.ended_on:
        raise ValidationError({"done_on": f"日期不能晚于派驻结束日期（{cadre.ended_on:%Y-%m-%d}）。"})
    activity = StationedActivity(
        cadre=cadre, kind=kind, done_on=done_on, title=_required_text(title, "title", "工作内容"), listed_as=listed_as
    )
    activity.full_clean()
    activity.save()
    return activity


# --- pairings (结对共建) -------------------------------------------------------------------------


@transaction.atomic
def pairing_create(
    *, by: User, party_organization: PartyOrganization, partner_name: str, partner_kind: str, started_on: date
) -> Pairing:
    """Pair an organisation with an organ, village or community Party organisation."""
    _require_editable_org(by, party_organization, "party_organization")
    partner_name = _required_text(partner_name, "partner_name", "结对单位")
    _not_future(started_on, "started_on", "结对日期")
    if Pairing.objects.filter(party_organization=party_organization, partner_name=partner_name).exists():
        raise ValidationError({"partner_name": f"已与“{partner_name}”结对共建，不能重复结对。"})
    pairing = Pairing(
        party_organization=party_organization,
        partner_name=partner_name,
        partner_kind=partner_kind,
        started_on=started_on,
    )
    pairing.full_clean()
    pairing.save()
    return pairing


@transaction.atomic
def pairing_activity_record(*, by: User, pairing: Pairing, kind: str, held_on: date, title: str) -> PairingActivity:
    """Record a joint activity of a pairing (阵地共用、活动联办、资源联享)."""
    _require_editable(by, pairing, "该结对不在您的管理范围内。")
    _not_future(held_on, "held_on", "活动日期")
    if held_on and held_on < pairing.started_on:
        raise ValidationError({"held_on": f"活动日期不能早于结对日期（{pairing.started_on:%Y-%m-%d}）。"})
    activity = PairingActivity(
        pairing=pairing, kind=kind, held_on=held_on, title=_required_text(title, "title", "活动内容")
    )
    activity.full_clean()
    activity.save()
    return activity
