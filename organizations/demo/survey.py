"""Demo data of the organisations area: survey (called by manage.py load_demo; safe to run twice).

Two campaigns over the entities the entities demo created: 2024 下半年, filled in and closed (its
coverage snapshot taken by the service), and 2025 上半年, still running with most records complete.
Everything is written through the survey services, except the 2024 history the comparison page needs:
a few entities that registered only in 2025, a few that have closed down since, and organisations
founded in 2025, which the 2024 snapshot must show as not yet covered.
"""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.choices import CampaignStatus, EstablishmentMethod
from organizations.models import (
    SIX_CLEARS,
    Entity,
    InstructorAssignment,
    MassOrganization,
    SurveyCampaign,
    SurveyRecord,
)
from organizations.services import survey as services

EARLIER = (2024, 2)
LATER = (2025, 1)
EARLIER_OPENED = date(2024, 7, 1)
EARLIER_CLOSED = date(2024, 12, 20)
LATER_OPENED = date(2025, 1, 6)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def _facts(record: SurveyRecord, *, instructed: set[int], with_mass_org: set[int]) -> dict[str, str]:
    """The six facts as a town's survey team would write them, from what the registry says."""
    entity = record.entity
    organization = entity.party_organization
    covered = organization is not None and organization.is_active
    method = organization.get_establishment_method_display() if covered else ""
    kind = entity.get_kind_display()
    key = "，列入县重点企业" if entity.is_key_enterprise else ""
    if covered:
        party = f"由{organization.name}覆盖（{method}）。"
        members = "、委员若干" if entity.staff_count >= 50 else ""
        structure = f"{organization.get_kind_display()}设书记 1 名{members}，按期换届。"
    elif entity.full_member_count >= 3:
        party = f"尚未建立党组织；有正式党员 {entity.full_member_count} 名，应单独组建。"
        structure = "暂无党组织架构，党员组织关系在所在街镇/园区党（工）委。"
    else:
        party = "尚未建立党组织。"
        structure = "暂无党组织架构。"
    if entity.pk in instructed:
        instructor = "已选派党建工作指导员，每月到企业指导 1 次以上。"
    elif entity.pk in with_mass_org:
        instructor = "未配备党建工作指导员，已建群团组织开展工作。"
    else:
        instructor = "未配备党建工作指导员，拟由街镇/园区选派。"
    return {
        "operation_info": f"{kind}，{entity.industry or '综合'}行业，正常经营{key}。",
        "staff_info": f"从业人员 {record.staff_count} 人，管理和技术骨干约 {max(1, record.staff_count // 6)} 人。",
        "party_org_info": party,
        "structure_info": structure,
        "members_info": f"正式党员 {record.full_member_count} 名，入党积极分子若干。",
        "instructor_info": instructor,
    }


def _fill(campaign: SurveyCampaign, *, admin, complete_every: int, partial_every: int) -> None:
    """Fill in every record through the service: all six facts for most, some partly, a few not at all.

    Counts are passed back unchanged, so the registry's own figures stay as the entities demo set them.
    """
    instructed = set(InstructorAssignment.objects.filter(ended_on__isnull=True).values_list("entity_id", flat=True))
    with_mass_org = set(MassOrganization.objects.values_list("entity_id", flat=True))
    records = SurveyRecord.objects.filter(campaign=campaign).select_related("entity__party_organization")
    for index, record in enumerate(records.order_by("entity_id")):
        if complete_every and index % complete_every == complete_every - 1:
            if index % (complete_every * 2) == complete_every * 2 - 1:
                continue  # not started yet
            facts = dict(list(_facts(record, instructed=instructed, with_mass_org=with_mass_org).items())[:3])
        elif partial_every and index % partial_every == partial_every - 1:
            facts = dict(list(_facts(record, instructed=instructed, with_mass_org=with_mass_org).items())[:5])
        else:
            facts = _facts(record, instructed=instructed, with_mass_org=with_mass_org)
        services.record_update(
            by=admin,
            record=record,
            staff_count=record.staff_count,
            full_member_count=record.full_member_count,
            **facts,
        )


def _rewrite_2024_history(campaign: SurveyCampaign) -> None:
    """What the county looked like at the end of 2024, for the comparison with 2025."""
    records = SurveyRecord.objects.filter(campaign=campaign)
    # The most recently registered entities did not exist in 2024.
    latest = list(records.order_by("-entity_id").values_list("pk", flat=True)[:12])
    SurveyRecord.objects.filter(pk__in=latest).delete()
    # Two entities that have since left a joint branch (it had reached its limit of five).
    uncovered_now = records.filter(establishment_method="").order_by("-entity_id")
    lost = list(uncovered_now.values_list("pk", flat=True)[:2])
    SurveyRecord.objects.filter(pk__in=lost).update(establishment_method=EstablishmentMethod.JOINT, work_covered=False)
    # Organisations founded in 2025 did not cover anyone when the 2024 snapshot was taken.
    covered = records.exclude(establishment_method="")
    # Uncorrelated, so the database builds the set of entities once rather than once per record.
    founded_later = covered.filter(
        entity_id__in=Entity.objects.filter(party_organization__founded_on__gt=EARLIER_CLOSED).values("pk")
    )
    if founded_later.exists():
        founded_later.update(establishment_method="", work_covered=True)
    else:
        # The registry gives no founding dates: say every 25th standalone organisation is from 2025.
        standalone = covered.filter(establishment_method=EstablishmentMethod.STANDALONE).order_by("entity_id")
        ids = list(standalone.values_list("pk", flat=True))[12::25]
        SurveyRecord.objects.filter(pk__in=ids).update(establishment_method="", work_covered=True)
    # Entities closed down since were still operating then: their 2024 records, filled in and uncovered.
    done = {field: "（2024 年填报）" for field, _label in SIX_CLEARS}
    SurveyRecord.objects.bulk_create(
        [
            SurveyRecord(
                campaign=campaign,
                entity_id=row["pk"],
                area_id=row["area_id"],
                kind=row["kind"],
                staff_count=row["staff_count"],
                full_member_count=row["full_member_count"],
                **done,
            )
            for row in Entity.objects.filter(is_operating=False)
            .exclude(survey_records__campaign=campaign)
            .values("pk", "area_id", "kind", "staff_count", "full_member_count")[:20]
        ]
    )


def load(*, admin, stdout) -> None:
    """Create what is missing; never duplicate."""
    if not Entity.objects.filter(is_operating=True).exists():
        stdout.write("摸底排查：还没有经营主体，跳过演示数据。")
        return
    try:
        if not SurveyCampaign.objects.filter(year=EARLIER[0], half=EARLIER[1]).exists():
            earlier = services.campaign_open(by=admin, year=EARLIER[0], half=EARLIER[1])
            _fill(earlier, admin=admin, complete_every=0, partial_every=40)
            earlier = services.campaign_close(by=admin, campaign=earlier)
            _rewrite_2024_history(earlier)
            SurveyCampaign.objects.filter(pk=earlier.pk).update(
                opened_at=_moment(EARLIER_OPENED), closed_at=_moment(EARLIER_CLOSED)
            )
        if not SurveyCampaign.objects.filter(year=LATER[0], half=LATER[1]).exists():
            later = services.campaign_open(by=admin, year=LATER[0], half=LATER[1])
            _fill(later, admin=admin, complete_every=12, partial_every=7)
            SurveyCampaign.objects.filter(pk=later.pk).update(opened_at=_moment(LATER_OPENED))
    except ValidationError as error:
        # e.g. someone opened another campaign in this database by hand: leave it as it is.
        stdout.write(f"摸底排查：未载入演示数据（{'；'.join(error.messages)}）。")
        return
    running = SurveyCampaign.objects.filter(status=CampaignStatus.OPEN).first()
    stdout.write(f"摸底排查：{SurveyCampaign.objects.count()} 次，进行中：{running or '无'}。")
