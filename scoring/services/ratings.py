"""Writes and rules of organisation star rating (评星定级), 红旗支部 and designations.

A yearly campaign over the sheet in force on 1 January moves 自查初评 → 转化提升 → 检查验收 → 授牌奖励: secretaries
self-score, low scorers get improvement tasks, area/county staff score the inspection, and stars follow from the
inspection total by configurable thresholds. 红旗支部 candidates are five-star organisations only, judged on the
五强 set of their track (enterprise or social organisation).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When

from core.choices import Role
from core.models import User
from members.models import Person
from organizations.choices import EntityKind
from organizations.models import Entity, PartyOrganization
from scoring.choices import CAMPAIGN_STEP_ORDER, CampaignStep, Criterion, DesignationKind, OrgTrack
from scoring.models import (
    Designation,
    ImprovementTask,
    OrgRating,
    RatingCampaign,
    RatingCriterion,
    RatingSheet,
    RedFlagCandidate,
)

COUNTY_ONLY = "评星定级由县委社会工作部组织，您没有权限。"
# Which 五强 set an organisation is judged on, from the kind of the entities it covers.
TRACK_OF_ENTITY = {
    EntityKind.ENTERPRISE: OrgTrack.ENTERPRISE,
    EntityKind.NEW_EMPLOYMENT: OrgTrack.ENTERPRISE,
    EntityKind.SOCIAL_ORG: OrgTrack.SOCIAL_ORG,
    EntityKind.ASSOCIATION: OrgTrack.SOCIAL_ORG,
}


def _require_county(by: User) -> None:
    if not by.is_county_admin:
        raise ValidationError(COUNTY_ONLY)


def stars_for(total: int) -> int:
    """Stars for an inspection total: the first threshold (5★, 4★, …) it reaches; below all, none."""
    for stars, threshold in zip((5, 4, 3, 2, 1), settings.SCORING_ORG_STAR_THRESHOLDS, strict=False):
        if total >= threshold:
            return stars
    return 0


@transaction.atomic
def rating_sheet_create(
    *, by: User, number: int, effective_from: date, criteria: dict[str, tuple[int, str]]
) -> RatingSheet:
    """Publish a version of the 100-point sheet of the six “好”."""
    _require_county(by)
    if set(criteria) != set(Criterion.values):
        raise ValidationError("评分表应包含“六好”全部六项标准。")
    total = sum(cap for cap, _rules in criteria.values())
    if total != 100:
        raise ValidationError(f"六项标准的满分合计应为 100 分，当前为 {total} 分。")
    sheet = RatingSheet(number=number, effective_from=effective_from)
    sheet.full_clean()
    sheet.save()
    RatingCriterion.objects.bulk_create(
        RatingCriterion(sheet=sheet, criterion=c, cap=cap, rules=rules) for c, (cap, rules) in criteria.items()
    )
    return sheet


def rated_organizations():
    """Organisations rated: every active organisation under the area committees."""
    return PartyOrganization.objects.filter(is_active=True, depth__gte=2)


@transaction.atomic
def rating_campaign_create(*, by: User, year: int) -> RatingCampaign:
    """Open a year's campaign on the sheet in force on 1 January, with one rating per organisation."""
    _require_county(by)
    sheet = RatingSheet.objects.filter(effective_from__lte=date(year, 1, 1)).order_by("-effective_from").first()
    if sheet is None:
        raise ValidationError(f"{year}年没有施行中的评星定级评分表。")
    if RatingCampaign.objects.filter(year=year).exists():
        raise ValidationError(f"{year}年度评星定级已开展。")
    campaign = RatingCampaign.objects.create(year=year, sheet=sheet)
    OrgRating.objects.bulk_create(
        OrgRating(campaign=campaign, party_organization_id=pk)
        for pk in rated_organizations().values_list("pk", flat=True)
    )
    return campaign


def _check_step(rating: OrgRating, step: str) -> None:
    if rating.campaign.step != step:
        raise ValidationError(
            f"评星定级当前处于“{rating.campaign.get_step_display()}”阶段，不能办理{CampaignStep(step).label}。"
        )


def _clean_scores(rating: OrgRating, scores: dict[str, int | None]) -> dict[str, int]:
    caps = {c.criterion: c.cap for c in rating.campaign.sheet.criteria.all()}
    clean = {}
    for criterion in Criterion:
        value = scores.get(criterion.value)
        if value is None:
            raise ValidationError({criterion.value: f"请填写{criterion.label}得分。"})
        if not 0 <= value <= caps[criterion.value]:
            raise ValidationError(
                {criterion.value: f"{criterion.label}得分应在 0 到 {caps[criterion.value]} 分之间，当前为 {value} 分。"}
            )
        clean[criterion.value] = value
    return clean


def org_rating_guidance(
    *, by: User, rating: OrgRating, cadre: str, instructor: str, paired_org: str, worker: str
) -> OrgRating:
    """Record the 四个一 guidance of an organisation."""
    if not OrgRating.objects.editable_by(by).filter(pk=rating.pk).exists():
        raise ValidationError("该党组织不在您的管理范围内。")
    rating.guide_cadre, rating.guide_instructor = cadre.strip(), instructor.strip()
    rating.guide_paired_org, rating.guide_worker = paired_org.strip(), worker.strip()
    rating.full_clean()
    rating.save()
    return rating


def org_rating_self_score(*, by: User, rating: OrgRating, scores: dict[str, int | None]) -> OrgRating:
    """自查初评: the organisation scores itself on each “好”."""
    if not OrgRating.objects.editable_by(by).filter(pk=rating.pk).exists():
        raise ValidationError("该党组织不在您的管理范围内。")
    _check_step(rating, CampaignStep.SELF_CHECK)
    clean = _clean_scores(rating, scores)
    rating.self_scores, rating.self_total = clean, sum(clean.values())
    rating.full_clean()
    rating.save()
    return rating


def can_inspect(user: User, rating: OrgRating) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_county_admin or (
        user.role == Role.AREA_REVIEWER and user.area_id == rating.party_organization.area_id
    )


def org_rating_inspect(*, by: User, rating: OrgRating, scores: dict[str, int | None]) -> OrgRating:
    """检查验收: area or county staff score the organisation."""
    if not can_inspect(by, rating):
        raise ValidationError("检查验收由街镇/园区党（工）委或县委社会工作部评分，您没有权限。")
    _check_step(rating, CampaignStep.INSPECTION)
    clean = _clean_scores(rating, scores)
    rating.inspection_scores, rating.inspection_total = clean, sum(clean.values())
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def campaign_advance(*, by: User, campaign: RatingCampaign) -> RatingCampaign:
    """Move the campaign to its next step, doing what that step starts with (tasks; stars)."""
    _require_county(by)
    campaign = RatingCampaign.objects.select_for_update().get(pk=campaign.pk)
    index = CAMPAIGN_STEP_ORDER.index(campaign.step)
    if index == len(CAMPAIGN_STEP_ORDER) - 1:
        raise ValidationError("评星定级已授牌，没有下一阶段。")
    following = CAMPAIGN_STEP_ORDER[index + 1]
    if following == CampaignStep.IMPROVEMENT:
        improvement_tasks_create(campaign=campaign)
    if following == CampaignStep.AWARDED:
        stars_award(campaign=campaign)
    campaign.step = following
    campaign.save()
    return campaign


def improvement_tasks_create(*, campaign: RatingCampaign) -> int:
    """转化提升: a task for every organisation whose self-score is missing or low (once per organisation)."""
    below = settings.SCORING_IMPROVEMENT_BELOW
    low = OrgRating.objects.filter(campaign=campaign, tasks__isnull=True).exclude(self_total__gte=below)
    due = date(campaign.year, 12, 31)
    tasks = [
        ImprovementTask(
            rating_id=pk,
            due_on=due,
            description=f"自评 {total} 分，低于 {below} 分：对照“六好”标准查找差距，制定整改措施"
            if total is not None
            else "未完成自查初评：补报自评并对照“六好”标准整改",
        )
        for pk, total in low.values_list("pk", "self_total")
    ]
    ImprovementTask.objects.bulk_create(tasks)
    return len(tasks)


def stars_award(*, campaign: RatingCampaign) -> int:
    """授牌: stars from the inspection totals, in one UPDATE; organisations not inspected get none."""
    whens = [
        When(inspection_total__gte=threshold, then=Value(stars))
        for stars, threshold in zip((5, 4, 3, 2, 1), settings.SCORING_ORG_STAR_THRESHOLDS, strict=False)
    ]
    return OrgRating.objects.filter(campaign=campaign).update(
        stars=Case(*whens, default=Value(0), output_field=IntegerField())
    )


def improvement_task_done(*, by: User, task: ImprovementTask, done_on: date) -> ImprovementTask:
    if not ImprovementTask.objects.editable_by(by).filter(pk=task.pk).exists():
        raise ValidationError("该任务不在您的管理范围内。")
    task.done_on = done_on
    task.save()
    return task


def org_track(org: PartyOrganization) -> str:
    """Enterprise or social organisation: the kind most of the organisation's covered entities have."""
    kinds = Counter(Entity.objects.filter(party_organization=org).values_list("kind", flat=True))
    if not kinds:
        raise ValidationError(f"{org.name}没有登记覆盖的经营主体，无法确定按企业还是社会组织的“五强”标准评选。")
    tracks = Counter()
    for kind, count in kinds.items():
        tracks[TRACK_OF_ENTITY.get(kind, OrgTrack.ENTERPRISE)] += count
    return tracks.most_common(1)[0][0]


@transaction.atomic
def red_flag_nominate(
    *, by: User, rating: OrgRating, strengths: list[int], is_demo_point: bool = False, demo_point_note: str = ""
) -> RedFlagCandidate:
    """Put a five-star organisation forward as a 红旗支部 candidate with its 五强 scores (each 0–20)."""
    if not can_inspect(by, rating):
        raise ValidationError("红旗支部由街镇/园区党（工）委推荐、县委社会工作部评定，您没有权限。")
    if rating.stars != 5:
        stars = rating.stars or 0
        raise ValidationError(f"{rating.party_organization.name}为{stars}星级，只有五星级党组织才能推荐为红旗支部。")
    if len(strengths) != 5 or any(s is None or not 0 <= s <= 20 for s in strengths):
        raise ValidationError("“五强”每项得分应在 0 到 20 分之间。")
    track = org_track(rating.party_organization)
    candidate, _ = RedFlagCandidate.objects.update_or_create(
        rating=rating,
        defaults={
            "party_organization": rating.party_organization,
            "track": track,
            **{f"strength_{i}": s for i, s in enumerate(strengths, start=1)},
            "total": sum(strengths),
            "is_demo_point": is_demo_point,
            "demo_point_note": demo_point_note.strip(),
        },
    )
    return candidate


def red_flag_select(*, by: User, candidate: RedFlagCandidate, selected: bool) -> RedFlagCandidate:
    _require_county(by)
    candidate.selected = selected
    candidate.save()
    return candidate


def designation_create(
    *,
    by: User,
    party_organization: PartyOrganization,
    kind: str,
    name: str,
    year: int,
    person: Person | None = None,
    commitment: str = "",
) -> Designation:
    """Record a 党员示范车间/班组/先锋岗 or a 三亮三比 commitment of an organisation."""
    if not PartyOrganization.objects.editable_by(by).filter(pk=party_organization.pk).exists():
        raise ValidationError({"party_organization": "该党组织不在您的管理范围内。"})
    if person is not None and person.party_organization_id != party_organization.pk:
        raise ValidationError({"person": f"{person.name}不是该党组织的党员。"})
    if kind == DesignationKind.COMMITMENT and not (commitment or "").strip():
        raise ValidationError({"commitment": "三亮三比承诺请填写承诺内容。"})
    if kind in (DesignationKind.VANGUARD_POST, DesignationKind.COMMITMENT) and person is None:
        raise ValidationError({"person": f"{DesignationKind(kind).label}请选择党员。"})
    designation = Designation(
        party_organization=party_organization,
        kind=kind,
        name=(name or "").strip(),
        year=year,
        person=person,
        commitment=(commitment or "").strip(),
    )
    designation.full_clean()
    designation.save()
    return designation
