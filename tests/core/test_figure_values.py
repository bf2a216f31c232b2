"""Every figure of the catalogue equals a plain count: the small county of ``test_figure_catalogue`` (same fixed
seed) gets records for every other figure — liaison points, stationed cadres, venues, funds, certificates,
selections, entrepreneurs, star members, points, the 积分超市, scorecards, ratings, designations, postings, chain
results and ratings of tickets, meetings, attendance and dues — with rows in each area, on both sides of the
2025 year and of the 2025-03-01..2026-02-28 range, on their boundary days, and rows that must not count
(reversed, revoked, returned, inactive, ended). Each figure is then counted here by a loop over all the rows
following its 口径 word for word (never the portal's selectors or managers), for the county and each area, for
all time, the year and the range; additive figures add up across the areas. Between this module and
``test_figure_catalogue`` every catalogue key has its plain count: a new figure without one fails here."""

import calendar
import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import count, cycle

import pytest
from django.utils import timezone

from core.figures import Scope, catalogue
from industry_chains.choices import ResultKind, TicketStatus
from industry_chains.models import ChainEnterprise, EnterpriseResult, IndustryChain, Ticket
from members.choices import (
    CertLevel,
    CertStatus,
    EntrepreneurHonourLevel,
    NominationStep,
    SelectionKind,
    Stage,
    TrainingKind,
)
from members.models import (
    Certificate,
    Entrepreneur,
    EntrepreneurHonour,
    EntrepreneurTraining,
    Nomination,
    Person,
    SelectionCampaign,
)
from members.validators import id_check_char
from organizations.choices import (
    CadreKind,
    DemoLevel,
    EstablishmentMethod,
    FundPurpose,
    FundSource,
    LiaisonVisitKind,
    StationedActivityKind,
)
from organizations.models import (
    SIX_HAVES,
    Entity,
    FundEntry,
    Instructor,
    LiaisonPoint,
    LiaisonVisit,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    Venue,
)
from party_life.choices import AttendanceStatus, MeetingKind
from party_life.models import Attendance, DuesPayment, DuesRemittance, Meeting, PartyGroup
from scoring.choices import (
    CampaignStep,
    DesignationKind,
    OrgTrack,
    PostingKind,
    PostingStatus,
    RedemptionStatus,
    ScorecardStatus,
)
from scoring.models import (
    Designation,
    MonthlyResult,
    OrgRating,
    PointEntry,
    Posting,
    QuarterlyResult,
    RatingCampaign,
    Redemption,
    RedFlagCandidate,
    RewardItem,
    Scorecard,
)
from tests.core.test_figure_catalogue import (  # noqa: F401 (county and _today are fixtures)
    SEED,
    TODAY,
    County,
    _day,
    _moment,
    _rate,
    _today,
    county,
    portal,
    scopes,
)
from tests.core.test_figure_catalogue import expected as counted_with_the_catalogue
from tests.factories import IndustryChainFactory
from tests.scoring.factories import make_handbook, make_sheet, make_template

# The days either side of each period's ends: 2025 and 2025-03-01..2026-02-28.
EDGES = (
    date(2024, 12, 31),
    date(2025, 1, 1),
    date(2025, 2, 28),
    date(2025, 3, 1),
    date(2025, 12, 31),
    date(2026, 1, 1),
    date(2026, 2, 28),
    date(2026, 3, 1),
)
MONTHS = tuple(date(y, m, 1) for y, m in ((2024, 12), (2025, 1), (2025, 2), (2025, 3), (2025, 7), (2025, 12)))
MONTHS += tuple(date(2026, m, 1) for m in (1, 2, 3, 5, 6))
QUARTERS = ((2024, 4), (2025, 1), (2025, 2), (2025, 4), (2026, 1), (2026, 2))
# 连续六个已结束的月份 as of TODAY (2026-06-15): December 2025 to May 2026.
LAPSE_FROM, LAPSE_UNTIL = date(2025, 12, 1), date(2026, 6, 1)
MEMBERS = (Stage.PROBATIONARY, Stage.FULL)
MODEL_KINDS = (DesignationKind.WORKSHOP, DesignationKind.TEAM, DesignationKind.VANGUARD_POST)
# Figures of rows that each belong to one area: the areas' values add up to the county's. Not additive: rates,
# the chains (全县), and postings (the county's own postings belong to no area).
NOT_ADDITIVE = {"satisfaction", "attendance_rate", "chains", "postings_open", "postings_published"}


def _when(rng) -> date:
    """A boundary day half the time, otherwise any day from 2024 to today."""
    return rng.choice(EDGES) if rng.random() < 0.5 else _day(rng, date(2024, 1, 1), TODAY)


def _local(*parts) -> datetime:
    return timezone.make_aware(datetime(*parts))


# Moments ten minutes either side of local midnight at the periods' ends (UTC is eight hours behind).
EDGE_MOMENTS = (
    _local(2024, 12, 31, 23, 50),
    _local(2025, 1, 1, 0, 10),
    _local(2026, 2, 28, 23, 50),
    _local(2026, 3, 1, 0, 10),
)


def _quarter_end(year: int, quarter: int) -> date:
    return date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])


# --- the county's other records ------------------------------------------------------------------


def extend(base: County) -> None:
    """Records for every figure the catalogue test does not count, drawn from a fixed seed."""
    rng = random.Random(SEED * 1000 + 7)
    serial = count(1)
    # Every level and kind turns up (in every campaign, for ratings): dealt in turn rather than drawn.
    star_levels = cycle([None, 1, 2, 3, 4, 5, 5])
    certificates = cycle(
        [
            (CertStatus.VALID, CertLevel.JUNIOR),
            (CertStatus.REVOKED, CertLevel.SENIOR),
            (CertStatus.VALID, CertLevel.INTERMEDIATE),
            (CertStatus.DEMOTED, CertLevel.JUNIOR),
            (CertStatus.VALID, CertLevel.SENIOR),
        ]
    )
    work_kinds = cycle([*StationedActivityKind.values, StationedActivityKind.POLICY_VISIT])
    designation_kinds = cycle([*DesignationKind.values, DesignationKind.WORKSHOP])
    result_kinds = cycle([ResultKind.LOAN, ResultKind.TITLE, ResultKind.LOAN, ResultKind.PROJECT, ResultKind.OTHER])
    rules = list(make_handbook().rules.all())
    template = make_template()
    sheet = make_sheet()
    campaigns = [
        RatingCampaign.objects.create(year=2024, sheet=sheet, step=CampaignStep.AWARDED),
        RatingCampaign.objects.create(year=2025, sheet=sheet, step=CampaignStep.INSPECTION),  # not awarded
        RatingCampaign.objects.create(year=2026, sheet=sheet, step=CampaignStep.AWARDED),
    ]
    selections = [
        SelectionCampaign.objects.create(kind=SelectionKind.SECRETARY, year=2024, quota=5),
        SelectionCampaign.objects.create(kind=SelectionKind.SECRETARY, year=2025, quota=5),
    ]
    red_sails = SelectionCampaign.objects.create(kind=SelectionKind.INSTRUCTOR, year=2025, quota=5)
    items = [RewardItem.objects.create(name=f"奖品{n}", price=10 * (n + 1), stock=100) for n in range(3)]
    second_chain = IndustryChainFactory(name="机械制造")
    for index, area in enumerate(base.areas):
        committee = PartyOrganization.objects.get(area=area, depth=1)
        idle = PartyOrganization.objects.get(area=area, is_active=False)
        orgs = list(PartyOrganization.objects.filter(area=area, depth__gt=1, is_active=True))
        entities = list(Entity.objects.filter(area=area))
        # Two members whose probation straddles the periods' ends: a member in full since this month, and one
        # admitted in January 2026.
        _member(orgs[0], Stage.FULL, admitted_on=date(2025, 6, 1), full_on=date(2026, 6, 1))
        _member(orgs[0], Stage.PROBATIONARY, admitted_on=date(2026, 1, 10))
        people = list(Person.objects.filter(party_organization__area=area).order_by("pk"))
        members = [person for person in people if person.stage in MEMBERS]
        instructors = list(Instructor.objects.filter(area=area))

        # 组织覆盖: demonstration points (the committee's and a dissolved organisation's never count) ...
        PartyOrganization.objects.filter(pk__in=[committee.pk, idle.pk]).update(demo_level=DemoLevel.CITY)
        for org in orgs:
            PartyOrganization.objects.filter(pk=org.pk).update(demo_level=rng.choice(DemoLevel.values))
        # ... liaison points and their visits ...
        for n in range(rng.randint(2, 4)):
            point = LiaisonPoint.objects.create(
                cadre_name=f"{area.name}联系领导{n}",
                cadre_title="副县长",
                cadre_kind=rng.choice(CadreKind.values),
                party_organization=rng.choice(orgs),
                started_on=date(2024, 1, 1),
            )
            for _k in range(rng.randint(0, 4)):
                LiaisonVisit.objects.create(
                    point=point, kind=rng.choice(LiaisonVisitKind.values), visited_on=_when(rng)
                )
        # ... stationed cadres, on post or not (ended yesterday, ends today, ends later), and their work ...
        for n in range(rng.randint(3, 5)):
            ended = rng.choice([None, None, date(2025, 6, 30), TODAY - timedelta(days=1), TODAY, date(2026, 12, 31)])
            cadre = StationedCadre.objects.create(
                name=f"{area.name}驻企干部{n}",
                unit="县直机关",
                entity=rng.choice(entities),
                started_on=date(2024, 1, 1),
                ended_on=ended,
            )
            for _k in range(rng.randint(1, 6)):
                day = _when(rng)
                StationedActivity.objects.create(
                    cadre=cadre,
                    kind=next(work_kinds),
                    done_on=min(day, ended) if ended else day,
                    title="服务",
                    listed_as=rng.choice(["", "", "省重点项目", "市重点项目"]),
                )
        # ... venues, some with all six of 六有 ...
        for org in orgs:
            for n in range(rng.randint(0, 2)):
                everything = rng.random() < 0.4
                flags = {field: everything or rng.random() < 0.7 for field, _label in SIX_HAVES}
                Venue.objects.create(party_organization=org, name=f"{org.name}阵地{n}", **flags)
        # ... and the funds ledger: income, spending, reversals of both, in whole hundreds of yuan.
        for org in rng.sample(orgs, k=2):
            for _k in range(rng.randint(2, 4)):
                source = rng.choice([FundSource.REFUNDED_DUES, FundSource.REFUNDED_DUES, FundSource.PRETAX_EXPENSE])
                income = FundEntry.objects.create(
                    party_organization=org,
                    source=source,
                    amount=Decimal(100 * rng.randint(1, 80)),
                    occurred_on=_when(rng),
                )
                later = min(income.occurred_on + timedelta(days=rng.randint(0, 120)), TODAY)
                if rng.random() < 0.35:
                    FundEntry.objects.create(
                        party_organization=org,
                        source=source,
                        amount=-income.amount,
                        purpose=FundPurpose.OTHER,
                        occurred_on=later,
                        reverses=income,
                    )
                elif rng.random() < 0.6:
                    spent = FundEntry.objects.create(
                        party_organization=org,
                        source=source,
                        amount=-Decimal(100 * rng.randint(1, 10)),
                        purpose=FundPurpose.ACTIVITIES,
                        occurred_on=later,
                    )
                    if rng.random() < 0.5:
                        FundEntry.objects.create(
                            party_organization=org,
                            source=source,
                            amount=-spent.amount,
                            purpose=FundPurpose.ACTIVITIES,
                            occurred_on=later,
                            reverses=spent,
                        )

        # 党员队伍: certificates (valid, replaced, revoked) ...
        for person in rng.sample(people, k=5):
            replaced = [(CertStatus.PROMOTED, CertLevel.JUNIOR)] if rng.random() < 0.4 else []
            for status, level in [*replaced, next(certificates)]:
                n = next(serial)
                Certificate.objects.create(
                    person=person,
                    level=level,
                    serial=f"HL{n:05d}",
                    token=f"{n:032d}",
                    status=status,
                    issued_on=date(2024, 3, 1),
                    review_due_on=date(2026, 3, 1),
                    annual_score=80,
                )
        # ... 红色头雁 nominations at every step ...
        steps = [NominationStep.SELECTED, NominationStep.SELECTED, *NominationStep.values]
        for campaign in selections:
            for person in rng.sample(people, k=4):
                Nomination.objects.create(
                    campaign=campaign,
                    person=person,
                    party_organization=person.party_organization,
                    area=area,
                    step=rng.choice(steps),
                    statement="事迹",
                )
        for instructor in instructors:
            Nomination.objects.create(
                campaign=red_sails, instructor=instructor, area=area, step=rng.choice(steps), statement="事迹"
            )
        # ... entrepreneurs, their training and honours.
        for n in range(rng.randint(2, 4)):
            entrepreneur = Entrepreneur.objects.create(name=f"{area.name}企业家{n}", entity=rng.choice(entities))
            for _k in range(rng.randint(0, 3)):
                EntrepreneurTraining.objects.create(
                    entrepreneur=entrepreneur,
                    kind=rng.choice(TrainingKind.values),
                    program="研修",
                    year=rng.choice([2023, 2024, 2025]),
                    graduated=rng.random() < 0.5,
                )
            for level in rng.sample(EntrepreneurHonourLevel.values, k=rng.randint(0, 2)):
                EntrepreneurHonour.objects.create(entrepreneur=entrepreneur, level=level, year=2024)

        # 积分评星: points (some reversed), monthly and quarterly results, redemptions (some reversed) ...
        lonely, *scored = members
        # One member whose only 2025 line was withdrawn: no points stand for them in 2025.
        line = PointEntry.objects.create(
            person=lonely, month=date(2025, 6, 1), rule=rules[0], star=rules[0].star, points=rules[0].points
        )
        PointEntry.objects.create(
            person=lonely, month=line.month, rule=line.rule, star=line.star, points=-line.points, reverses=line
        )
        for person in scored:
            org = person.party_organization
            for month in rng.sample(MONTHS, k=3):
                rule = rng.choice(rules)
                line = PointEntry.objects.create(
                    person=person, month=month, rule=rule, star=rule.star, points=rule.points * rng.randint(1, 2)
                )
                if rng.random() < 0.3:
                    PointEntry.objects.create(
                        person=person, month=month, rule=rule, star=rule.star, points=-line.points, reverses=line
                    )
            for month in rng.sample(MONTHS, k=4):
                stars = rng.randint(0, 5)
                MonthlyResult.objects.create(
                    month=month, person=person, party_organization=org, star_count=stars, is_star_member=stars >= 3
                )
            for year, quarter in rng.sample(QUARTERS, k=4):
                stars = rng.choice([0, 2, 3, 4, 5, 5])
                QuarterlyResult.objects.create(
                    year=year,
                    quarter=quarter,
                    person=person,
                    party_organization=org,
                    star_count=stars,
                    is_star_member=stars >= 3,
                )
            for _k in range(rng.randint(0, 2)):
                item = rng.choice(items)
                redemption = Redemption.objects.create(
                    person=person,
                    item=item,
                    points=item.price,
                    status=rng.choice([RedemptionStatus.DONE, RedemptionStatus.DONE, RedemptionStatus.REVERSED]),
                )
                moment = rng.choice([*EDGE_MOMENTS, _moment(_when(rng))])
                Redemption.objects.filter(pk=redemption.pk).update(created_at=moment)
        # ... scorecards of activists and probationary members at every status ...
        for person in people:
            if person.stage in (Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY):
                for year, quarter in rng.sample(QUARTERS, k=2):
                    Scorecard.objects.create(
                        person=person,
                        party_organization=person.party_organization,
                        template=template,
                        year=year,
                        quarter=quarter,
                        status=rng.choice(ScorecardStatus.values),
                    )
        # ... organisations rated in three campaigns (2025's never awarded), five-star ones as 红旗支部 candidates ...
        for org in [*orgs, idle]:
            for campaign in campaigns:
                if rng.random() < 0.8:
                    stars = next(star_levels)
                    rating = OrgRating.objects.create(campaign=campaign, party_organization=org, stars=stars)
                    if stars == 5:
                        RedFlagCandidate.objects.create(
                            rating=rating,
                            party_organization=org,
                            track=OrgTrack.ENTERPRISE,
                            selected=rng.random() < 0.5,
                            is_demo_point=rng.random() < 0.5,
                        )
        # ... designations, some no longer in force ...
        for org in orgs:
            for n in range(rng.randint(0, 3)):
                Designation.objects.create(
                    party_organization=org,
                    kind=next(designation_kinds),
                    name=f"{org.name}示范{n}",
                    year=rng.choice([2024, 2025]),
                    is_active=rng.random() < 0.8,
                )
        # ... and postings: open today (from today, until today), ended yesterday, starting tomorrow, whatever their
        # stored status says.
        for start, end in _posting_periods(rng):
            Posting.objects.create(
                kind=rng.choice(PostingKind.values),
                title="公示",
                area=area,
                party_organization=rng.choice([None, *orgs]),
                subject=f"S{next(serial)}",
                published_on=start,
                start_on=start,
                end_on=end,
                status=rng.choice(PostingStatus.values),  # a stored status the dates may contradict
            )
        # ... and one withdrawn within its dates: no longer 公示中.
        Posting.objects.create(
            kind=PostingKind.STAR_MONTHLY,
            title="撤回的公示",
            area=area,
            subject=f"S{next(serial)}",
            published_on=TODAY - timedelta(days=1),
            start_on=TODAY - timedelta(days=1),
            end_on=TODAY + timedelta(days=3),
            withdrawn_at=timezone.make_aware(datetime.combine(TODAY, time(9))),
            withdrawal_reason="名单有误",
        )

        # 产业链: instructors on member enterprises, a former member with one, results, ratings of tickets.
        for enterprise in ChainEnterprise.objects.filter(entity__area=area):
            if rng.random() < 0.6:
                enterprise.instructor = rng.choice(instructors)
                enterprise.save(update_fields=["instructor"])
        ChainEnterprise.objects.create(
            chain=second_chain,
            entity=rng.choice(entities),
            instructor=rng.choice(instructors),
            joined_on=date(2024, 1, 1),
            is_active=False,
        )
        for enterprise in ChainEnterprise.objects.filter(entity__area=area):
            for _k in range(rng.randint(1, 3)):
                kind = next(result_kinds)
                loan = kind == ResultKind.LOAN and rng.random() < 0.85
                EnterpriseResult.objects.create(
                    enterprise=enterprise,
                    kind=kind,
                    title="成果",
                    amount=Decimal(rng.randint(100, 50000)) / 100 if loan else None,
                    achieved_on=_when(rng),
                )
        for ticket in Ticket.objects.filter(entity__area=area):
            closed = ticket.status == TicketStatus.CLOSED
            rating = rng.choice([None, 1, 2, 3, 4, 5, 5]) if closed else rng.choice([None, None, 5])
            Ticket.objects.filter(pk=ticket.pk).update(rating=rating)

        # 组织生活: meetings of every kind and their attendance; dues paid, some reversed.
        if index < 2:
            group = PartyGroup.objects.create(party_organization=orgs[0], name="第一党小组")
            for org in orgs:
                attendees = [person for person in people if person.party_organization_id == org.pk]
                for _k in range(rng.randint(2, 5)):
                    kind = rng.choice(MeetingKind.values)
                    meeting = Meeting.objects.create(
                        party_organization=org,
                        kind=kind,
                        group=group if kind == MeetingKind.GROUP else None,
                        held_on=_when(rng),
                        place="会议室",
                        topic="学习",
                    )
                    for person in attendees:
                        status = rng.choice(AttendanceStatus.values)
                        Attendance.objects.create(
                            meeting=meeting,
                            person=person,
                            status=status,
                            leave_reason="出差" if status == AttendanceStatus.LEAVE else "",
                        )
        else:
            # One meeting, five of eight present: 62.5 %, which 四舍五入 makes 63.
            meeting = Meeting.objects.create(
                party_organization=orgs[0],
                kind=MeetingKind.ASSEMBLY,
                held_on=date(2025, 6, 3),
                place="会议室",
                topic="学习",
            )
            for n, person in enumerate(people[:8]):
                Attendance.objects.create(
                    meeting=meeting,
                    person=person,
                    status=AttendanceStatus.PRESENT if n < 5 else AttendanceStatus.ABSENT,
                )
        for person in members:
            for month in rng.sample(MONTHS, k=rng.randint(0, 3)):
                paid_on = rng.choice(EDGES) if rng.random() < 0.4 else month + timedelta(days=rng.randint(0, 20))
                payment = DuesPayment.objects.create(
                    person=person,
                    party_organization=person.party_organization,
                    month=month,
                    amount=Decimal(rng.randint(50, 3000)) / 100,
                    paid_on=min(paid_on, TODAY),
                )
                if rng.random() < 0.3:
                    DuesPayment.objects.create(
                        person=person,
                        party_organization=person.party_organization,
                        month=month,
                        amount=-payment.amount,
                        paid_on=min(payment.paid_on + timedelta(days=rng.randint(0, 60)), TODAY),
                        reverses=payment,
                    )
        # 上缴: lines straight to the county (some reversed) and lines to a parent, which the county figure leaves out.
        for org in orgs[:3]:
            for month in rng.sample(MONTHS, k=2):
                remitted_on = min(rng.choice(EDGES) if rng.random() < 0.5 else month + timedelta(days=25), TODAY)
                to_county = rng.random() < 0.7
                line = DuesRemittance.objects.create(
                    party_organization=org,
                    recipient=None if to_county else PartyOrganization.objects.get_parent(org),
                    month=month,
                    amount=Decimal(rng.randint(100, 5000)) / 100,
                    remitted_on=remitted_on,
                )
                if rng.random() < 0.3:
                    DuesRemittance.objects.create(
                        party_organization=org,
                        recipient=line.recipient,
                        month=month,
                        amount=-line.amount,
                        remitted_on=min(remitted_on + timedelta(days=rng.randint(0, 60)), TODAY),
                        reverses=line,
                    )
    # The county's own postings belong to no area.
    for start, end in _posting_periods(rng):
        Posting.objects.create(
            kind=PostingKind.STAR_RATING,
            title="全县公示",
            subject=f"S{next(serial)}",
            published_on=start,
            start_on=start,
            end_on=end,
        )


_births = count(1)


def _member(org, stage: str, *, admitted_on: date, full_on: date | None = None) -> Person:
    birth = date(1990, 1, 1) + timedelta(days=next(_births))
    first17 = f"370830{birth:%Y%m%d}555"
    return Person.objects.create(
        name="党员",
        gender="F",
        birth_date=birth,
        id_number=first17 + id_check_char(first17),
        party_organization=org,
        stage=stage,
        applied_on=date(2023, 1, 1),
        activist_on=date(2023, 6, 1),
        candidate_on=date(2024, 6, 1),
        admitted_on=admitted_on,
        probation_ends_on=date(admitted_on.year + 1, admitted_on.month, admitted_on.day),
        full_on=full_on,
    )


def _posting_periods(rng) -> list[tuple[date, date]]:
    day = timedelta(days=1)
    periods = [(TODAY, TODAY + 7 * day), (TODAY - 7 * day, TODAY), (TODAY - 8 * day, TODAY - day)]
    periods += [(TODAY + day, TODAY + 8 * day)]
    periods += [(start, start + 7 * day) for start in rng.sample(EDGES, k=3)]
    return rng.sample(periods, k=5)


@pytest.fixture
def extended(county) -> County:  # noqa: F811 (the catalogue test's fixture)
    extend(county)
    return county


# --- the plain count ---------------------------------------------------------------------------------


def expected(scope: Scope) -> dict[str, object]:
    """The catalogue's other figures, each counted by a loop over every row with its 口径 in plain code."""
    area_id = scope.area.pk if scope.area is not None else None
    start, end = scope.start, scope.end

    def here(pk) -> bool:
        return area_id is None or pk == area_id

    def within(day) -> bool:
        return day is not None and (start is None or day >= start) and (end is None or day <= end)

    as_of = end if end is not None and end < TODAY else TODAY  # 按统计期末计（未选期间或期末未到时为今天）
    org_area = {org.pk: org.area_id for org in PartyOrganization.objects.all()}
    entity_area = {entity.pk: entity.area_id for entity in Entity.objects.all()}
    person_area = {person.pk: org_area[person.party_organization_id] for person in Person.objects.all()}

    # 组织覆盖
    orgs = [org for org in PartyOrganization.objects.all() if org.depth > 1 and org.is_active and here(org.area_id)]
    points = [point for point in LiaisonPoint.objects.all() if here(org_area[point.party_organization_id])]
    visits = [
        visit
        for visit in LiaisonVisit.objects.select_related("point")
        if here(org_area[visit.point.party_organization_id]) and within(visit.visited_on)
    ]
    cadres = [cadre for cadre in StationedCadre.objects.all() if here(entity_area[cadre.entity_id])]
    work = [
        activity
        for activity in StationedActivity.objects.select_related("cadre")
        if here(entity_area[activity.cadre.entity_id]) and within(activity.done_on)
    ]
    venues = [venue for venue in Venue.objects.all() if here(org_area[venue.party_organization_id])]
    ledger = {entry.pk: entry for entry in FundEntry.objects.all()}
    refunded = Decimal(0)
    for entry in ledger.values():
        if entry.source != FundSource.REFUNDED_DUES or not here(org_area[entry.party_organization_id]):
            continue
        if not within(entry.occurred_on):
            continue
        if (entry.reverses_id is None and entry.amount > 0) or (
            entry.reverses_id is not None and ledger[entry.reverses_id].amount > 0
        ):  # income
            refunded += entry.amount

    # 党员队伍
    people = [person for person in Person.objects.all() if here(person_area[person.pk])]
    certificates = [
        c for c in Certificate.objects.all() if c.status == CertStatus.VALID and here(person_area[c.person_id])
    ]
    selected = [
        n
        for n in Nomination.objects.select_related("campaign")
        if n.step == NominationStep.SELECTED and here(n.area_id)
    ]
    entrepreneurs = {e.pk for e in Entrepreneur.objects.all() if here(entity_area[e.entity_id])}
    trainings = [t for t in EntrepreneurTraining.objects.all() if t.entrepreneur_id in entrepreneurs]
    honours = [h for h in EntrepreneurHonour.objects.all() if h.entrepreneur_id in entrepreneurs]

    # 积分评星
    quarterly = [
        r
        for r in QuarterlyResult.objects.all()
        if here(org_area[r.party_organization_id]) and within(_quarter_end(r.year, r.quarter))
    ]
    monthly = [r for r in MonthlyResult.objects.all() if here(org_area[r.party_organization_id]) and within(r.month)]
    lines = [e for e in PointEntry.objects.all() if here(person_area[e.person_id]) and within(e.month)]
    withdrawn = {e.reverses_id for e in PointEntry.objects.all() if e.reverses_id is not None}
    redeemed = [
        r
        for r in Redemption.objects.all()
        if r.status == RedemptionStatus.DONE
        and here(person_area[r.person_id])
        and within(timezone.localtime(r.created_at).date())
    ]
    cards = [c for c in Scorecard.objects.all() if here(org_area[c.party_organization_id])]
    awarded = [
        c.year
        for c in RatingCampaign.objects.all()
        if c.step == CampaignStep.AWARDED
        and (start is None or c.year >= start.year)
        and (end is None or c.year <= end.year)
    ]
    latest = max(awarded, default=None)
    ratings = [
        r
        for r in OrgRating.objects.select_related("campaign")
        if r.campaign.year == latest and here(org_area[r.party_organization_id])
    ]
    candidates = [
        c
        for c in RedFlagCandidate.objects.select_related("rating__campaign")
        if c.rating.campaign.year == latest and here(org_area[c.party_organization_id])
    ]
    designations = [d for d in Designation.objects.all() if d.is_active and here(org_area[d.party_organization_id])]
    postings = [p for p in Posting.objects.all() if here(p.area_id)]

    # 产业链党建
    enterprises = [
        e
        for e in ChainEnterprise.objects.all()
        if e.is_active and e.instructor_id is not None and here(entity_area[e.entity_id])
    ]
    rated = [
        t
        for t in Ticket.objects.all()
        if t.status == TicketStatus.CLOSED
        and t.rating is not None
        and here(entity_area[t.entity_id])
        and within(timezone.localtime(t.closed_at).date())
    ]
    results = [
        r
        for r in EnterpriseResult.objects.select_related("enterprise")
        if here(entity_area[r.enterprise.entity_id]) and within(r.achieved_on)
    ]

    # 组织生活
    meetings = [m for m in Meeting.objects.all() if here(org_area[m.party_organization_id]) and within(m.held_on)]
    held = {m.pk for m in meetings}
    attendance = [a for a in Attendance.objects.all() if a.meeting_id in held]
    present = sum(a.status == AttendanceStatus.PRESENT for a in attendance)
    dues = [p for p in DuesPayment.objects.all() if here(org_area[p.party_organization_id]) and within(p.paid_on)]
    took_part = {
        a.person_id
        for a in Attendance.objects.select_related("meeting")
        if a.status in (AttendanceStatus.PRESENT, AttendanceStatus.LEAVE)
        and LAPSE_FROM <= a.meeting.held_on < LAPSE_UNTIL
    }
    dues_lines = list(DuesPayment.objects.all())
    reversed_dues = {p.reverses_id for p in dues_lines if p.reverses_id is not None}
    paid = {
        p.person_id
        for p in dues_lines
        if p.reverses_id is None and p.pk not in reversed_dues and LAPSE_FROM <= p.month < LAPSE_UNTIL
    }

    def member_since(person):
        return person.admitted_on or person.full_on

    lapsed = [
        person
        for person in people
        if person.stage in MEMBERS
        and member_since(person) is not None
        and member_since(person) <= LAPSE_FROM  # a member through all six months
        and (person.pk not in took_part or person.pk not in paid)
    ]

    stars = {f"rated_{level}": sum(r.stars == level for r in ratings) for level in (5, 4, 3, 2, 1)}
    levels = {f"certified_{level}": sum(c.level == level for c in certificates) for level in CertLevel.values}
    kinds = {f"designation_{kind}": sum(d.kind == kind for d in designations) for kind in MODEL_KINDS}
    return {
        "org_joint": sum(org.establishment_method == EstablishmentMethod.JOINT for org in orgs),
        "org_fallback": sum(org.establishment_method == EstablishmentMethod.FALLBACK for org in orgs),
        "org_city_demo": sum(org.demo_level == DemoLevel.CITY for org in orgs),
        "liaison_leaders": sum(point.cadre_kind == CadreKind.LEADER for point in points),
        "liaison_members": sum(point.cadre_kind == CadreKind.COMMITTEE_MEMBER for point in points),
        "liaison_visits": len(visits),
        # 当前数: those still posted today.
        "stationed_cadres": sum(cadre.ended_on is None or cadre.ended_on >= TODAY for cadre in cadres),
        "policy_visits": sum(a.kind == StationedActivityKind.POLICY_VISIT for a in work),
        "listed_projects": sum(a.kind == StationedActivityKind.PROJECT and a.listed_as != "" for a in work),
        "venues_compliant": sum(all(getattr(venue, field) for field, _label in SIX_HAVES) for venue in venues),
        "refunded_dues": (refunded / 10000).quantize(Decimal("0.01")),
        "certified": len(certificates),
        **levels,
        "probationary": sum(
            p.admitted_on is not None and p.admitted_on <= as_of and (p.full_on is None or p.full_on > as_of)
            for p in people
        ),
        "selected_secretaries": sum(n.campaign.kind == SelectionKind.SECRETARY for n in selected),
        "selected_instructors": sum(n.campaign.kind == SelectionKind.INSTRUCTOR for n in selected),
        "entrepreneurs": len(entrepreneurs),
        "benchmark": len({t.entrepreneur_id for t in trainings if t.kind == TrainingKind.BENCHMARK}),
        "mba": len(
            {t.entrepreneur_id for t in trainings if t.kind in (TrainingKind.MBA, TrainingKind.EMBA) and t.graduated}
        ),
        "honoured": len({h.entrepreneur_id for h in honours}),
        "five_star_members": sum(r.star_count == 5 for r in quarterly),
        "quarterly_star_members": sum(r.is_star_member for r in quarterly),
        "monthly_star_members": sum(r.is_star_member for r in monthly),
        "points": sum(e.points for e in lines),
        # 有积分登记: a line that stands (neither withdrawn nor a withdrawal).
        "point_members": len({e.person_id for e in lines if e.reverses_id is None and e.pk not in withdrawn}),
        "redemptions": len(redeemed),
        "redeemed_points": sum(r.points for r in redeemed),
        "posted_cards": sum(
            c.status in (ScorecardStatus.POSTED, ScorecardStatus.FINAL) and within(_quarter_end(c.year, c.quarter))
            for c in cards
        ),
        "waiting_cards": sum(c.status == ScorecardStatus.SUBMITTED for c in cards),
        "rated_orgs": len(ratings),
        **stars,
        "red_flags": sum(c.selected for c in candidates),
        "red_flag_demo_points": sum(c.is_demo_point for c in candidates),
        "model_posts": sum(kinds.values()),
        **kinds,
        "commitments": sum(d.kind == DesignationKind.COMMITMENT for d in designations),
        "postings_open": sum(
            p.start_on <= TODAY <= p.end_on and p.withdrawn_at is None and p.superseded_by_id is None for p in postings
        ),
        "postings_published": sum(within(p.published_on) for p in postings),
        "chains": IndustryChain.objects.count(),
        "chain_with_instructor": len(enterprises),
        "satisfaction": _rate(sum(t.rating >= 4 for t in rated), len(rated)),
        "result_titles": sum(r.kind == ResultKind.TITLE for r in results),
        "result_loans": sum((r.amount or 0 for r in results if r.kind == ResultKind.LOAN), Decimal(0)),
        "meetings": len(meetings),
        "theme_days": sum(m.kind == MeetingKind.THEME_DAY for m in meetings),
        "lectures": sum(m.kind == MeetingKind.LECTURE for m in meetings),
        "attendance_present": present,
        # 四舍五入到整数
        "attendance_rate": int((Decimal(100 * present) / len(attendance)).quantize(Decimal(1), ROUND_HALF_UP))
        if attendance
        else 0,
        "dues_collected": sum((p.amount for p in dues), Decimal(0)),
        "dues_remitted": sum(
            (
                r.amount
                for r in DuesRemittance.objects.all()
                if r.recipient_id is None and here(org_area[r.party_organization_id]) and within(r.remitted_on)
            ),
            Decimal(0),
        ),
        "lapsed_members": len(lapsed),
    }


# --- the tests -----------------------------------------------------------------------------------------


def test_every_catalogue_figure_has_a_plain_count_here_or_in_the_catalogue_test(db):
    scope = Scope(None)
    here, there = set(expected(scope)), set(counted_with_the_catalogue(scope))
    assert not here & there, f"counted twice: {sorted(here & there)}"
    missing = set(catalogue()) - here - there
    assert not missing, f"figures without an independent count: {sorted(missing)}"
    assert here | there == set(catalogue()), (
        f"counted but not in the catalogue: {sorted((here | there) - set(catalogue()))}"
    )


def test_each_other_figure_equals_its_plain_count_under_every_filter_and_the_areas_add_up(extended):
    got, want = {}, {}
    for scope in scopes(extended):
        key = (scope.area, scope.start)
        got[key], want[key] = portal(scope), expected(scope)
    wrong = []
    for (area, start), values in want.items():
        for figure, value in values.items():
            if got[(area, start)][figure] != value:
                where = f"{area.name if area else '全县'} {start or '全部时间'}"
                wrong.append(f"{where} {figure}: portal {got[(area, start)][figure]}, counted {value}")
    assert not wrong, "\n".join(wrong)

    # The rows straddle the filters: each figure is counted somewhere, and each period figure moves with the period.
    everything = want[(None, None)]
    nothing = [figure for figure, value in everything.items() if not value]
    assert not nothing, f"no rows counted for {nothing}"
    definitions = catalogue()
    still = [
        figure
        for figure in everything
        if definitions[figure].by_period
        and len({want[(None, start)][figure] for start in (None, date(2025, 1, 1), date(2025, 3, 1))}) == 1
    ]
    assert still == []

    for start in (None, date(2025, 1, 1), date(2025, 3, 1)):
        for figure in set(everything) - NOT_ADDITIVE:
            parts = [got[(area, start)][figure] for area in extended.areas]
            assert sum(parts) == got[(None, start)][figure], (figure, start)
