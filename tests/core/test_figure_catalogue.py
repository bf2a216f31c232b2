"""Every figure means what its label says: the catalogue defines each figure once, the pages and the report take
label and definition from it, and on a small county generated with a fixed seed each figure equals the value
counted here by a plain loop over the rows (not the portal's selector), for the county, each area, a year and
a date range; per-area values add up to the county's wherever the figure is additive."""

import random
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core import figures as core_figures
from core.figures import Scope, catalogue, sections
from industry_chains.choices import OPEN_STATUSES, TicketStatus
from industry_chains.models import ChainActivity, ChainEnterprise, DutyTurn, Ticket
from members.choices import Post, Stage
from members.models import Person
from members.selectors.figures import TWO_WAY
from members.validators import id_check_char
from organizations.choices import EstablishmentMethod, PartyOrgKind
from organizations.models import Entity, Instructor, InstructorAssignment, MassOrganization, PartyOrganization
from tests.factories import AreaFactory, IndustryChainFactory, UserFactory, make_area_committee, make_entity, make_org

TODAY = date(2026, 6, 15)
SEED = 12
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
SPRING_TO_SPRING = (date(2025, 3, 1), date(2026, 2, 28))
TALENT_POSTS = {Post.MANAGEMENT, Post.TECHNICAL}
# Figures that count rows of one area each: the areas' values add up to the county's.
ADDITIVE = (
    "org_standalone",
    "org_joint_fallback",
    "should_have",
    "mass_orgs",
    "instructors",
    "activists",
    "candidates",
    "admitted",
    "talent_activists",
    "talent_new_members",
    "chain_enterprises",
    "tickets_received",
    "tickets_closed",
    "tickets_open",
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.combine(TODAY, time(10)), tick=False):
        yield


@dataclass
class County:
    areas: list
    admin: object
    chain: object


def _day(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


_ids = iter(range(1, 10**6))


def _person(rng, org, stage: str, talent: bool) -> Person:
    """A person at ``stage`` with dates in order, the last no later than today."""
    birth = date(1970, 1, 1) + timedelta(days=next(_ids) * 3)
    first17 = f"370830{birth:%Y%m%d}{rng.randint(100, 999):03d}"
    dates: dict = {"applied_on": _day(rng, date(2018, 1, 1), date(2021, 12, 31))}
    order = [Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL]
    reached = order[: order.index(stage) + 1] if stage in order else []
    day = dates["applied_on"]
    for step, field in zip(reached, ("activist_on", "candidate_on", "admitted_on", "full_on"), strict=False):
        day = _day(rng, day + timedelta(days=30), min(day + timedelta(days=500), TODAY))
        dates[field] = day
        if step == Stage.PROBATIONARY or step == Stage.FULL:
            dates["probation_ends_on"] = dates["admitted_on"] + timedelta(days=365)
    return Person.objects.create(
        name="测试",
        gender="M",
        birth_date=birth,
        id_number=first17 + id_check_char(first17),
        party_organization=org,
        stage=stage,
        post=rng.choice(sorted(TALENT_POSTS)) if talent else Post.STAFF,
        **dates,
    )


@pytest.fixture
def county(db) -> County:
    """Three areas (丙镇 with no chain enterprise), organisations of each method, entities covered each way,
    people at every stage, a chain with enterprises in two areas, its activities and tickets, all drawn from a
    fixed seed."""
    rng = random.Random(SEED)
    areas = [AreaFactory(name=name, code=code) for name, code in (("甲镇", "A"), ("乙镇", "B"), ("丙镇", "C"))]
    admin = UserFactory(username="county", role="county_admin")
    chain = IndustryChainFactory(name="纺织服装")
    for index, area in enumerate(areas):
        committee = make_area_committee(area)
        standalone = [make_org(committee, f"{area.name}党支部{n}") for n in range(rng.randint(2, 4))]
        joint = make_org(committee, f"{area.name}联合党支部", kind=PartyOrgKind.JOINT_BRANCH)
        fallback = make_org(committee, f"{area.name}服务中心党支部")
        PartyOrganization.objects.filter(pk=joint.pk).update(establishment_method=EstablishmentMethod.JOINT)
        PartyOrganization.objects.filter(pk=fallback.pk).update(establishment_method=EstablishmentMethod.FALLBACK)
        idle = make_org(committee, f"{area.name}已撤销党支部")
        PartyOrganization.objects.filter(pk=idle.pk).update(is_active=False)
        instructors = [Instructor.objects.create(name=f"{area.name}指导员{n}", area=area) for n in range(2)]
        entities = []
        for n in range(rng.randint(8, 12)):
            org = rng.choice([*standalone, joint, fallback, idle, None, None, None])
            entity = make_entity(
                area, f"{area.name}企业{n}", org=org, members=rng.randint(0, 6), operating=rng.random() > 0.15
            )
            entities.append(entity)
            if rng.random() < 0.3:
                ended = rng.random() < 0.4
                InstructorAssignment.objects.create(
                    instructor=rng.choice(instructors),
                    entity=entity,
                    started_on=date(2024, 1, 1),
                    ended_on=date(2025, 1, 1) if ended else None,
                )
            if rng.random() < 0.3:
                MassOrganization.objects.create(entity=entity, kind="union", name=f"{entity.name}工会")
        for _n in range(rng.randint(12, 18)):
            stage = rng.choice(Stage.values)
            _person(rng, rng.choice(standalone), stage, talent=rng.random() < 0.5)
        if index < 2:  # 丙镇 has no chain enterprise
            for n, entity in enumerate(entities[:3]):
                enterprise = ChainEnterprise.objects.create(
                    chain=chain, entity=entity, joined_on=date(2024, 1, 1), duty_order=index * 10 + n
                )
                turn = DutyTurn.objects.create(
                    chain=chain,
                    enterprise=enterprise,
                    starts_on=date(2024, 1, 1) + timedelta(days=60 * (index * 10 + n)),
                    ends_on=date(2024, 2, 28) + timedelta(days=60 * (index * 10 + n)),
                )
                for _k in range(rng.randint(1, 4)):
                    ChainActivity.objects.create(
                        chain=chain,
                        duty_turn=turn,
                        kind="forum",
                        title="红色沙龙",
                        held_on=_day(rng, date(2024, 6, 1), TODAY),
                        benefits_enterprises=rng.random() < 0.4,
                    )
                for _k in range(rng.randint(2, 5)):
                    reported = _day(rng, date(2024, 6, 1), TODAY)
                    status = rng.choice([*OPEN_STATUSES, TicketStatus.CLOSED, TicketStatus.CLOSED])
                    closed = _day(rng, reported, TODAY) if status == TicketStatus.CLOSED else None
                    Ticket.objects.create(
                        chain=chain,
                        entity=entity,
                        category="labour",
                        title="用工",
                        description="用工缺口",
                        status=status,
                        reported_by=admin,
                        reported_at=_moment(reported),
                        closed_at=_moment(closed) if closed else None,
                        is_supervised=status != TicketStatus.CLOSED and rng.random() < 0.4,
                    )
    # Chain-wide activities with no duty turn: the county's, not any area's.
    for _k in range(3):
        ChainActivity.objects.create(
            chain=chain, kind="policy", title="政策宣讲", held_on=_day(rng, date(2025, 1, 1), TODAY)
        )
    return County(areas, admin, chain)


# --- the independent count ---------------------------------------------------------------------


def _rate(part: int, whole: int) -> Decimal:
    return (Decimal(part * 100) / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


def expected(scope: Scope) -> dict[str, object]:
    """The figures counted by looping over every row in Python, with the catalogue's definitions in plain code."""
    area_id = scope.area.pk if scope.area is not None else None
    start, end = scope.start, scope.end

    def here(pk) -> bool:
        return area_id is None or pk == area_id

    def within(day) -> bool:
        return day is not None and (start is None or day >= start) and (end is None or day <= end)

    orgs = [o for o in PartyOrganization.objects.all() if o.depth > 1 and o.is_active and here(o.area_id)]
    open_assigned = {a.entity_id for a in InstructorAssignment.objects.all() if a.ended_on is None}
    with_mass = {m.entity_id for m in MassOrganization.objects.all()}
    org_of = {o.pk: o for o in PartyOrganization.objects.all()}
    operating = [e for e in Entity.objects.all() if e.is_operating and here(e.area_id)]

    def covered(entity) -> bool:
        org = org_of.get(entity.party_organization_id)
        return org is not None and org.is_active

    org_covered = [e for e in operating if covered(e)]
    reached = [e for e in operating if covered(e) or e.pk in open_assigned or e.pk in with_mass]
    own = [
        e
        for e in operating
        if covered(e) and org_of[e.party_organization_id].establishment_method == EstablishmentMethod.STANDALONE
    ]
    people = [p for p in Person.objects.select_related("party_organization") if here(p.party_organization.area_id)]
    as_of = end if end is not None and end < TODAY else None

    def in_training(person) -> bool:
        if as_of is None:
            return person.stage in (Stage.ACTIVIST, Stage.CANDIDATE)
        return (
            person.activist_on is not None
            and person.activist_on <= as_of
            and (person.admitted_on is None or person.admitted_on > as_of)
        )

    def candidate(person) -> bool:
        if as_of is None:
            return person.stage == Stage.CANDIDATE
        return (
            person.candidate_on is not None
            and person.candidate_on <= as_of
            and (person.admitted_on is None or person.admitted_on > as_of)
        )

    talent = [p for p in people if p.post in TALENT_POSTS]
    enterprises = [c for c in ChainEnterprise.objects.select_related("entity") if here(c.entity.area_id)]
    activities = [
        a
        for a in ChainActivity.objects.select_related("duty_turn__enterprise__entity")
        if within(a.held_on)
        and (area_id is None or (a.duty_turn is not None and a.duty_turn.enterprise.entity.area_id == area_id))
    ]
    tickets = [t for t in Ticket.objects.select_related("entity") if here(t.entity.area_id)]

    def local_day(moment):
        return timezone.localtime(moment).date() if moment else None

    return {
        "org_standalone": sum(o.establishment_method == EstablishmentMethod.STANDALONE for o in orgs),
        "org_joint_fallback": sum(
            o.establishment_method in (EstablishmentMethod.JOINT, EstablishmentMethod.FALLBACK) for o in orgs
        ),
        "coverage_org_rate": _rate(len(org_covered), len(operating)),
        "coverage_work_rate": _rate(len(reached), len(operating)),
        "should_have": sum(e.full_member_count >= 3 for e in operating if e not in own),
        "mass_orgs": sum(here(m.entity.area_id) for m in MassOrganization.objects.select_related("entity")),
        "instructors": sum(here(i.area_id) for i in Instructor.objects.all()),
        "activists": sum(in_training(p) for p in people),
        "candidates": sum(candidate(p) for p in people),
        "admitted": sum(within(p.admitted_on) for p in people),
        "talent_activists": sum(in_training(p) for p in talent),
        "talent_new_members": sum(within(p.admitted_on) for p in talent),
        "chain_enterprises": len(enterprises),
        "salons": sum(not a.benefits_enterprises for a in activities),
        "benefits": sum(a.benefits_enterprises for a in activities),
        "tickets_received": sum(within(local_day(t.reported_at)) for t in tickets),
        "tickets_closed": sum(t.status == TicketStatus.CLOSED and within(local_day(t.closed_at)) for t in tickets),
        "tickets_open": sum(t.status in OPEN_STATUSES for t in tickets),
        "tickets_supervised": sum(t.status in OPEN_STATUSES and t.is_supervised for t in tickets),
    }


def portal(scope: Scope) -> dict[str, object]:
    return {key: value for section in sections(scope) for key, value in section.values().items()}


def scopes(county: County) -> list[Scope]:
    admin = county.admin
    result = [Scope(admin), Scope(admin, start=YEAR_2025[0], end=YEAR_2025[1])]
    result += [Scope(admin, start=SPRING_TO_SPRING[0], end=SPRING_TO_SPRING[1])]
    for area in county.areas:
        result += [
            Scope(admin, area=area),
            Scope(admin, area=area, start=YEAR_2025[0], end=YEAR_2025[1]),
            Scope(admin, area=area, start=SPRING_TO_SPRING[0], end=SPRING_TO_SPRING[1]),
        ]
    return result


def test_each_figure_equals_a_plain_count_for_the_county_each_area_a_year_and_a_date_range(county):
    for scope in scopes(county):
        want = expected(scope)
        got = portal(scope)
        wrong = {key: (got[key], value) for key, value in want.items() if got[key] != value}
        assert not wrong, f"{scope.area_label} {scope.period_label}: (portal, plain count) {wrong}"


def test_the_areas_add_up_to_the_county_for_every_additive_figure(county):
    admin = county.admin
    for start, end in ((None, None), YEAR_2025, SPRING_TO_SPRING):
        whole = portal(Scope(admin, start=start, end=end))
        parts = [portal(Scope(admin, area=area, start=start, end=end)) for area in county.areas]
        for key in ADDITIVE:
            assert sum(part[key] for part in parts) == whole[key], key


def test_an_area_without_chain_enterprises_shows_no_chain_activity_as_its_own(county):
    third = county.areas[2]
    county_wide = portal(Scope(county.admin))
    assert county_wide["salons"] + county_wide["benefits"] > 0
    own = portal(Scope(county.admin, area=third))
    assert (own["salons"], own["benefits"], own["chain_enterprises"]) == (0, 0, 0)


def test_talent_activists_are_those_still_in_training_and_new_members_follow_the_period(county):
    admin = county.admin
    everything = portal(Scope(admin))
    talent = Person.objects.filter(post__in=TALENT_POSTS)
    ever_activists = talent.exclude(activist_on=None).count()
    assert everything["talent_activists"] == talent.filter(stage__in=[Stage.ACTIVIST, Stage.CANDIDATE]).count()
    assert everything["talent_activists"] < ever_activists  # the old count took in every member ever an activist
    in_2025 = portal(Scope(admin, start=YEAR_2025[0], end=YEAR_2025[1]))
    assert in_2025["talent_new_members"] == talent.filter(admitted_on__year=2025).count()
    assert in_2025["talent_new_members"] < everything["talent_new_members"]


def _chart_closed(section) -> int:
    """The tickets chart's 已销号 bars added up, read from the SVG's own labels."""
    (chart,) = section.charts
    return sum(int(value) for value in re.findall(r"已销号：(\d+)件", chart))


def test_the_ticket_chart_follows_the_period_like_the_cards(county):
    for scope in scopes(county):
        (section,) = [item for item in sections(scope) if item.key == "industry_chains"]
        assert _chart_closed(section) == section.values()["tickets_closed"], scope.period_label


# --- the catalogue -----------------------------------------------------------------------------


def test_every_figure_on_the_dashboard_and_in_the_report_comes_from_the_catalogue(county):
    defined = catalogue()
    shown = [figure for section in sections(Scope(county.admin)) for figure in section.figures]
    assert [figure.key for figure in shown] == list(defined)  # every definition shown, none twice
    for figure in shown:
        assert figure.definition == defined[figure.key]
        assert figure.definition.definition.endswith("。") and len(figure.definition.definition) > 10


def test_the_two_way_page_states_the_talent_figures_for_the_chosen_area_and_period(county, as_user):
    """双向培养 once ignored the period (发展党员 back to 1995) and stated no definition: it now takes the area and the
    period as the dashboard does, and its figures are the catalogue's, each counted here by a plain loop."""
    client = as_user(county.admin)
    for scope in scopes(county):
        query = {"area": scope.area.pk if scope.area else "", "start": scope.start or "", "end": scope.end or ""}
        response = client.get(reverse("members:talent_report"), query)
        shown = {figure.key: figure.value for figure in response.context["figures"]}
        want = expected(scope)
        people = [
            p
            for p in Person.objects.select_related("party_organization")
            if scope.area is None or p.party_organization.area_id == scope.area.pk
        ]
        talent = [p for p in people if p.post in TALENT_POSTS or p.is_management_talent or p.is_technical_talent]
        as_of = scope.end if scope.end is not None and scope.end < TODAY else None
        candidates = sum(
            p.stage == Stage.CANDIDATE
            if as_of is None
            else p.candidate_on is not None
            and p.candidate_on <= as_of
            and (p.admitted_on is None or p.admitted_on > as_of)
            for p in talent
        )
        in_pool = [p for p in talent if p.stage in (Stage.PROBATIONARY, Stage.FULL)]
        plain = {
            "talent": len(talent),
            "activists": want["talent_activists"],
            "candidates": candidates,
            "new_members": want["talent_new_members"],
            "members_in_pool": len(in_pool),
            "members_with_records": sum(p.talent_records.exists() for p in in_pool),
        }
        assert shown == plain, f"{scope.area_label} {scope.period_label}"
        assert sum(row["values"][3] for row in response.context["rows"]) == plain["new_members"]
    page = response.content.decode()
    for key, definition in TWO_WAY.definitions.items():
        assert f'data-figure="{key}"' in page and definition.definition in page
    assert TWO_WAY["activists"].definition == catalogue()["talent_activists"].definition


def test_the_dashboard_shows_each_figures_definition_and_says_which_filter_it_ignores(county, as_user):
    area = county.areas[0]
    page = as_user(county.admin).get(reverse("core:home"), {"area": area.pk, "year": 2025}).content.decode()
    defined = catalogue()
    for key, definition in defined.items():
        assert f'data-figure="{key}"' in page
        assert definition.definition in page
    chains = re.search(r'data-figure="chains">(.*?)</div>', page, re.S).group(1)
    assert core_figures.NOT_BY_AREA in chains  # the chains are the county's, whatever the area
    instructors = re.search(r'data-figure="instructors">(.*?)</div>', page, re.S).group(1)
    assert core_figures.NOT_BY_PERIOD in instructors and core_figures.NOT_BY_AREA not in instructors
    visits = re.search(r'data-figure="liaison_visits">(.*?)</div>', page, re.S).group(1)
    assert "figure-note" not in visits


def test_the_coverage_page_cards_follow_the_area_chosen_by_county_staff(county, as_user):
    client = as_user(county.admin)
    for area in county.areas:
        response = client.get(reverse("organizations:coverage"), {"area": area.pk})
        cards = {figure.key: figure.value for figure in response.context["figures"]["cards"]}
        want = expected(Scope(county.admin, area=area))
        assert cards["org_standalone"] == want["org_standalone"]
        assert cards["org_joint_fallback"] == want["org_joint_fallback"]
        assert cards["mass_orgs"] == want["mass_orgs"]
        assert cards["instructors"] == want["instructors"]
        assert response.context["figures_area"] == area.name
        page = response.content.decode()
        for key in cards:
            assert f'data-figure="{key}"' in page
    whole = client.get(reverse("organizations:coverage"))
    assert whole.context["figures_area"] == "全县"
    assert {f.key: f.value for f in whole.context["figures"]["cards"]}["instructors"] == 6


def test_the_coverage_page_states_one_work_coverage_rate_and_a_footnote_that_fits_it(county, as_user):
    area = county.areas[0]
    response = as_user(county.admin).get(reverse("organizations:coverage"), {"area": area.pk})
    total = response.context["total"]
    want = expected(Scope(county.admin, area=area))
    assert _rate(total.work_rate.numerator, total.work_rate.denominator) == want["coverage_work_rate"]
    assert total.work_rate.denominator == total.organisation_rate.denominator == total.operating
    page = response.content.decode()
    assert "分母为正常经营的经营主体；组织覆盖" not in page  # the old footnote, wrong for the old rate
    assert '<dt class="col-sm-3 col-xl-2 fw-normal">工作覆盖率（%）</dt>' in page and "含组织覆盖" in page
    dashboard = portal(Scope(county.admin, area=area))
    assert dashboard["coverage_work_rate"] == want["coverage_work_rate"]


def test_the_should_have_list_states_its_definition_and_offers_no_impossible_filter(county, as_user):
    response = as_user(county.admin).get(reverse("organizations:should_have_list"))
    page = response.content.decode()
    assert "正常经营、正式党员 3 人以上" in page
    assert 'name="is_operating"' not in page
    assert response.context["paginator"].count == expected(Scope(county.admin))["should_have"]
