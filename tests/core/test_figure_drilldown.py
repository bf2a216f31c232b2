"""Every figure opens the list of what it counts: on a small generated county (the figure catalogue's own, with a
few records of every other kind added), for county staff and an area's reviewer, over the whole time, a year and
a date range, following each figure's link shows a list whose total is the figure (a sum or a rate opens the rows
it is made of). The catalogue drives it: a figure added without a link to its list, or with one that does not
narrow the list to it, fails here."""

import importlib
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from core import figures as core_figures
from core.choices import Role
from core.figures import Catalogue, Definition, Link, Scope
from industry_chains.models import ChainEnterprise, EnterpriseResult
from members.choices import CertLevel, CertStatus, TrainingKind
from members.models import Certificate, Entrepreneur, EntrepreneurHonour, EntrepreneurTraining, Person
from organizations.models import (
    Entity,
    LiaisonPoint,
    LiaisonVisit,
    PartyOrganization,
    StationedActivity,
    StationedCadre,
    Venue,
)
from organizations.selectors.support import SIX_HAVES
from party_life.models import Meeting
from scoring.choices import CampaignStep, DesignationKind, PostingKind, ScorecardStatus
from scoring.models import Designation, MonthlyResult, OrgRating, Posting, QuarterlyResult, RatingCampaign, Scorecard
from tests.core.test_figure_catalogue import SPRING_TO_SPRING, TODAY, YEAR_2025, _today, county  # noqa: F401
from tests.factories import UserFactory
from tests.scoring.factories import make_sheet, make_template

DAYS = [date(2024, 11, 20), date(2025, 2, 10), date(2025, 5, 12), date(2025, 12, 30), date(2026, 3, 3), TODAY]


def _orgs(area):
    return list(PartyOrganization.objects.filter(area=area, depth=2, is_active=True).order_by("path"))


@pytest.fixture
def programme(county):  # noqa: F811 - the catalogue test's generated county
    """Records of every kind the other figures count, spread over the areas, the dates and the statuses, so that
    an unfiltered list (or one narrowed the wrong way) differs from the figure."""
    template, sheet = make_template(), make_sheet()
    awarded = RatingCampaign.objects.create(year=2025, sheet=sheet, step=CampaignStep.AWARDED)
    earlier = RatingCampaign.objects.create(year=2024, sheet=sheet, step=CampaignStep.AWARDED)
    for n, area in enumerate(county.areas):
        orgs = _orgs(area)
        entity = Entity.objects.filter(area=area).order_by("pk").first()
        people = list(Person.objects.filter(party_organization__area=area).order_by("pk"))
        for k, person in enumerate(people[:4]):
            Certificate.objects.create(
                person=person,
                level=CertLevel.values[k % 3],
                status=CertStatus.VALID if k != 1 else CertStatus.REVOKED,
                serial=f"HL{n}{k:04d}",
                token=f"t{n}-{k}",
                issued_on=date(2024, 6, 1),
                review_due_on=date(2026, 6, 1),
                annual_score=90,
            )
        for k, day in enumerate(DAYS[n:]):
            org = orgs[k % len(orgs)]
            kind = ("theme_day", "lecture", "assembly")[k % 3]
            Meeting.objects.create(party_organization=org, kind=kind, held_on=day, place="会议室", topic="学习")
        leader = LiaisonPoint.objects.create(
            cadre_name="王", cadre_title="副县长", cadre_kind="leader", party_organization=orgs[0], started_on=DAYS[0]
        )
        LiaisonPoint.objects.create(
            cadre_name="李", cadre_title="委员", cadre_kind="committee_member", party_organization=orgs[-1],
            started_on=DAYS[0],
        )  # fmt: skip
        cadre = StationedCadre.objects.create(name="赵", unit="县工信局", entity=entity, started_on=DAYS[0])
        for k, day in enumerate(DAYS[n:]):
            LiaisonVisit.objects.create(point=leader, kind="research", visited_on=day)
            StationedActivity.objects.create(
                cadre=cadre,
                kind=("policy_visit", "project", "project")[k % 3],
                done_on=day,
                title="服务",
                listed_as="省重点" if k % 3 == 1 else "",
            )
        Venue.objects.create(party_organization=orgs[0], name="活动室", **{field: True for field, _l in SIX_HAVES})
        Venue.objects.create(party_organization=orgs[-1], name="阵地")
        for k, kind in enumerate([*DesignationKind.values, DesignationKind.WORKSHOP]):
            Designation.objects.create(
                party_organization=orgs[k % len(orgs)], kind=kind, name="示范", year=2025, is_active=k != 1
            )
        for k, (published, days) in enumerate(((DAYS[3], 5), (TODAY - timedelta(days=2), 5))):
            Posting.objects.create(
                kind=PostingKind.STAR_MONTHLY,
                title="公示",
                subject=f"s{n}-{k}",
                area=area,
                published_on=published,
                start_on=published,
                end_on=published + timedelta(days=days),
            )
        statuses = [ScorecardStatus.SUBMITTED, ScorecardStatus.POSTED, ScorecardStatus.FINAL, ScorecardStatus.DRAFT]
        for k, person in enumerate(people[:8]):
            year, quarter = ((2025, 1), (2025, 4), (2026, 1), (2024, 4))[k % 4]
            Scorecard.objects.create(
                person=person,
                party_organization=person.party_organization,
                template=template,
                year=year,
                quarter=quarter,
                status=statuses[k % 4],
            )
            QuarterlyResult.objects.create(
                person=person,
                party_organization=person.party_organization,
                year=year,
                quarter=quarter,
                star_count=5 if k % 2 else 3,
                is_star_member=k % 3 != 0,
            )
            MonthlyResult.objects.create(
                person=person,
                party_organization=person.party_organization,
                month=DAYS[k % len(DAYS)].replace(day=1),
                is_star_member=k % 2 == 0,
            )
        for k, org in enumerate(orgs):
            OrgRating.objects.create(campaign=awarded, party_organization=org, stars=5 - k % 3)
            OrgRating.objects.create(campaign=earlier, party_organization=org, stars=3)
        boss = Entrepreneur.objects.create(name="钱", entity=entity)
        other = Entrepreneur.objects.create(name="孙", entity=entity)
        EntrepreneurTraining.objects.create(entrepreneur=boss, kind=TrainingKind.BENCHMARK, program="标杆", year=2025)
        EntrepreneurTraining.objects.create(
            entrepreneur=boss, kind=TrainingKind.MBA, program="MBA", year=2024, graduated=True
        )
        EntrepreneurTraining.objects.create(entrepreneur=other, kind=TrainingKind.EMBA, program="EMBA", year=2025)
        EntrepreneurHonour.objects.create(entrepreneur=other, level="merit", year=2024)
    for k, enterprise in enumerate(ChainEnterprise.objects.order_by("pk")):
        for j, day in enumerate(DAYS[k % 3 :]):
            EnterpriseResult.objects.create(
                enterprise=enterprise, kind=("title", "loan")[j % 2], title="成果", achieved_on=day, amount=100
            )
    return county


def _personas(generated) -> dict[str, tuple[object, list[Scope]]]:
    admin = generated.admin
    reviewer = UserFactory(username="reviewer", role=Role.AREA_REVIEWER, area=generated.areas[0])
    return {
        "county": (
            admin,
            [
                Scope(admin),
                Scope(admin, start=SPRING_TO_SPRING[0], end=SPRING_TO_SPRING[1]),
                Scope(admin, area=generated.areas[1], start=YEAR_2025[0], end=YEAR_2025[1]),
            ],
        ),
        "area": (reviewer, [Scope(reviewer), Scope(reviewer, start=YEAR_2025[0], end=YEAR_2025[1])]),
    }


def list_total(client, url: str) -> int:
    """The total a list page states: its paginator's count, as 共 N 条 shows it."""
    response = client.get(url)
    assert response.status_code == 200, url
    paginator = response.context.get("paginator")
    count = paginator.count if paginator is not None else None
    shown = re.search(r"共 (\d+) 条", response.content.decode())
    assert shown is not None and int(shown.group(1)) == (count if count is not None else int(shown.group(1))), url
    return int(shown.group(1))


@pytest.mark.parametrize("source", core_figures.SOURCES)
def test_each_figure_opens_a_list_whose_total_is_the_figure(source, programme, as_user):
    module = importlib.import_module(source)
    wrong, counted = [], 0
    for persona, (user, scopes) in _personas(programme).items():
        client = as_user(user)
        for scope in scopes:
            shown = {figure.key: figure for figure in module.section(scope).figures}
            assert list(shown) == list(module.CATALOGUE.definitions)
            for key, figure in shown.items():
                link = figure.definition.link
                if link is None:
                    assert figure.definition.unlinked and not figure.url, key  # says why no list shows them
                    continue
                if not figure.url:
                    # Only a figure of what the period does not have (no awarded campaign) has no list to open.
                    assert link.needs and figure.value == 0, key
                    continue
                if not link.counts:
                    assert client.get(figure.url).status_code == 200, figure.url
                    continue
                total = list_total(client, figure.url)
                counted += figure.value > 0
                if total != figure.value:
                    wrong.append((persona, scope.area_label, scope.period_label, key, figure.value, total, figure.url))
    assert not wrong, wrong
    assert counted, "the generated county gives these figures nothing to count"


def test_a_figure_without_a_list_must_say_why():
    with pytest.raises(ValueError, match="needs a link"):
        Catalogue("x.section", [Definition("bare", "无链接", "个", "没有链接的数字。")])
    with pytest.raises(ValueError, match="needs a link"):
        Catalogue("x.section", [Definition("both", "两者", "个", "定义。", link=Link("core:home"), unlinked="无")])
    with pytest.raises(ValueError, match="not counted by period"):
        Catalogue("x.section", [Definition("now", "当前数", "个", "定义。", link=Link("core:home", start="after"))])


def test_the_dashboard_cards_are_the_links_to_their_lists(programme, as_user):
    area = programme.areas[1]
    page = as_user(programme.admin).get(reverse("core:home"), {"area": area.pk, "year": 2025}).content.decode()
    probationary = re.search(r'<a class="card[^"]*" href="([^"]+)">\s*<div class="card-body py-2">\s*<div[^>]*'
                             r'data-figure="probationary"', page)  # fmt: skip
    assert probationary is not None
    assert probationary.group(1).replace("&amp;", "&") == (
        f"{reverse('members:person_list')}?pipeline=probationary&area={area.pk}&as_of=2025-12-31"
    )


def test_the_coverage_page_figures_and_table_open_the_entities_they_count(programme, as_user):
    client = as_user(programme.admin)
    area = programme.areas[0]
    response = client.get(reverse("organizations:coverage"), {"area": area.pk})
    for figure in response.context["figures"]["cards"]:
        assert figure.url, figure.key
        if figure.definition.link.counts:
            assert list_total(client, figure.url) == figure.value, figure.key
    page = response.content.decode()
    links = re.findall(r'<a href="([^"]+)" data-count="(\d+)">', page)
    assert len(links) >= 2 + 5 * 2  # the rate card's numerator and denominator, each row's counts
    for url, count in links:
        assert list_total(client, url.replace("&amp;", "&")) == int(count), url
