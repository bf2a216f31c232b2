"""The scoring area on the home page: its figures (the article's on the demo county, narrowed by area, period
and the user's scope, at a query count that does not grow with the data) and each role's to-do items."""

import io
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.figures import Scope
from core.models import User
from members.choices import Stage
from organizations.models import Area
from scoring.choices import (
    CampaignStep,
    DesignationKind,
    MonthStatus,
    ObjectionOutcome,
    OrgTrack,
    PostingKind,
    PostingStatus,
    RedemptionStatus,
    ScorecardStatus,
    Star,
)
from scoring.models import (
    Designation,
    MonthlyResult,
    Objection,
    OrgRating,
    PointEntry,
    Posting,
    QuarterlyResult,
    RatingCampaign,
    Redemption,
    RedFlagCandidate,
    RewardItem,
    Scorecard,
    ScoringMonth,
)
from scoring.selectors.figures import section
from scoring.selectors.todos import todos
from tests.core.test_dashboard import figures_of
from tests.factories import make_org
from tests.scoring.factories import make_handbook, make_person, make_sheet, make_template, rule

FIVE_STAR_MEMBERS = "五星党员（季度评选累计）"
FIVE_STAR_ORGS = "五星级党组织"
MODEL_POSTS = "党员示范车间、班组、先锋岗"


def scoring_figures(scope) -> dict[str, object]:
    return {figure.label: figure.value for figure in section(scope).figures}


def todos_of(user) -> dict[str, object]:
    return {todo.label: todo for todo in todos(user)}


# --- the demo county ------------------------------------------------------------------------------


def test_the_demo_countys_scoring_figures_match_the_article_and_narrow_to_an_area(db, as_user):
    call_command("load_demo", stdout=io.StringIO())
    admin = User.objects.get(username="county_admin")
    county = figures_of(Scope(admin))
    assert county[FIVE_STAR_MEMBERS] >= 500
    assert county[FIVE_STAR_ORGS] == 86
    assert county[MODEL_POSTS] >= 800
    # The five-star tally is of quarterly selections: it is what the quarterly lists hold.
    assert county[FIVE_STAR_MEMBERS] == QuarterlyResult.objects.filter(star_count=5).count()

    reviewer = User.objects.get(username="zhongdu_reviewer")
    own = scoring_figures(Scope(reviewer))
    assert own == scoring_figures(Scope(admin, area=Area.objects.get(name="中都街道")))
    for label in (FIVE_STAR_MEMBERS, FIVE_STAR_ORGS, MODEL_POSTS):
        assert 0 < own[label] < county[label], label

    page = as_user(admin).get(reverse("core:home")).content.decode()
    assert 'id="section-scoring"' in page and "各街镇/园区党组织星级分布" in page


# --- a small world built with factories -----------------------------------------------------------


@pytest.fixture
def _today():
    with time_machine.travel("2025-06-15 10:00 +0800", tick=False):
        yield


@pytest.fixture
def basics(db):
    """A handbook, a scorecard template, a reward, an awarded 2024 campaign and the 2025 one at 检查验收."""
    sheet = make_sheet(effective_from=date(2024, 1, 1))
    return {
        "handbook": make_handbook(),
        "template": make_template(),
        "item": RewardItem.objects.create(name="党建读物", price=30, stock=100),
        "awarded": RatingCampaign.objects.create(year=2024, sheet=sheet, step=CampaignStep.AWARDED),
    }


def populate(basics, parent, count: int, prefix: str) -> None:
    """``count`` new branches under ``parent``, each with one of every scoring record (stars: 5, 4, 5, 4 …)."""
    for index in range(count):
        org = make_org(parent, f"{prefix}党支部{index}")
        member = make_person(org, f"{prefix}党员{index}")
        activist = make_person(org, f"{prefix}积极分子{index}", stage=Stage.ACTIVIST)
        QuarterlyResult.objects.create(
            year=2025, quarter=1, person=member, party_organization=org, star_count=5, is_star_member=True
        )
        MonthlyResult.objects.create(
            month=date(2025, 5, 1), person=member, party_organization=org, star_count=3, is_star_member=True
        )
        PointEntry.objects.create(
            person=member, month=date(2025, 5, 1), rule=rule(basics["handbook"], "XX01"), star=Star.STUDY, points=2
        )
        Redemption.objects.create(person=member, item=basics["item"], points=30, status=RedemptionStatus.DONE)
        Scorecard.objects.create(
            person=activist,
            party_organization=org,
            template=basics["template"],
            year=2025,
            quarter=1,
            status=ScorecardStatus.FINAL,
        )
        stars = 5 if index % 2 == 0 else 4
        rating = OrgRating.objects.create(campaign=basics["awarded"], party_organization=org, stars=stars)
        if stars == 5:
            RedFlagCandidate.objects.create(
                rating=rating, party_organization=org, track=OrgTrack.ENTERPRISE, selected=True
            )
        Designation.objects.create(party_organization=org, kind=DesignationKind.TEAM, name="示范班组", year=2024)
        Designation.objects.create(
            party_organization=org, kind=DesignationKind.COMMITMENT, name="三亮三比", person=member, year=2024
        )
        Posting.objects.create(
            kind=PostingKind.STAR_MONTHLY,
            title=f"{prefix}{index}月度星级党员公示",
            area=org.area,
            party_organization=org,
            subject="2025-05",
            published_on=date(2025, 6, 3),
            start_on=date(2025, 6, 3),
            end_on=date(2025, 6, 20),
        )


@pytest.mark.usefixtures("_today")
def test_the_area_filter_narrows_every_scoring_figure_to_that_areas_organisations(world, county_admin, basics):
    populate(basics, world.committee_a, 2, "甲")
    populate(basics, world.committee_b, 3, "乙")
    county = scoring_figures(Scope(county_admin))
    in_a = scoring_figures(Scope(county_admin, area=world.area_a))
    in_b = scoring_figures(Scope(county_admin, area=world.area_b))
    expected_a = {
        FIVE_STAR_MEMBERS: 2,
        "季度星级党员": 2,
        "月度星级党员": 2,
        "登记积分": 4,
        "参加积分的党员": 2,
        "积分超市兑换": 2,
        "兑换积分": 60,
        "已公示、确定的季度积分卡": 2,
        "参加评星定级的党组织": 2,
        FIVE_STAR_ORGS: 1,
        "四星级党组织": 1,
        "红旗支部": 1,
        MODEL_POSTS: 2,
        "党员示范班组": 2,
        "三亮三比承诺": 2,
        "公示中": 2,
    }
    assert {label: in_a[label] for label in expected_a} == expected_a
    assert county[FIVE_STAR_ORGS] == 3 and in_b[FIVE_STAR_ORGS] == 2
    for label, value in county.items():
        assert value == in_a[label] + in_b[label], label
    assert "甲镇" in "".join(section(Scope(county_admin)).charts)
    assert "乙镇" not in "".join(section(Scope(county_admin, area=world.area_a)).charts)


@pytest.mark.usefixtures("_today")
def test_per_period_figures_count_the_quarters_and_the_campaign_of_the_chosen_period(world, county_admin, basics):
    member = make_person(world.org_a, "甲党员")
    for year, quarter in ((2024, 4), (2025, 1), (2025, 2)):
        QuarterlyResult.objects.create(
            year=year, quarter=quarter, person=member, party_organization=world.org_a, star_count=5
        )
    earlier = RatingCampaign.objects.create(year=2023, sheet=basics["awarded"].sheet, step=CampaignStep.AWARDED)
    OrgRating.objects.create(campaign=earlier, party_organization=world.org_a, stars=5)
    OrgRating.objects.create(campaign=earlier, party_organization=world.org_b, stars=5)
    OrgRating.objects.create(campaign=basics["awarded"], party_organization=world.org_a, stars=5)
    # A campaign not yet awarded does not count, even though it is the latest.
    current = RatingCampaign.objects.create(year=2025, sheet=basics["awarded"].sheet)
    OrgRating.objects.create(campaign=current, party_organization=world.org_a, stars=5)

    def value(label, **dates):
        return scoring_figures(Scope(county_admin, **dates))[label]

    assert value(FIVE_STAR_MEMBERS) == 3
    assert value(FIVE_STAR_MEMBERS, start=date(2025, 1, 1), end=date(2025, 12, 31)) == 2
    assert value(FIVE_STAR_MEMBERS, start=date(2025, 1, 1), end=date(2025, 3, 31)) == 1
    # A period that stops before the second quarter ends leaves that quarter's selection out.
    assert value(FIVE_STAR_MEMBERS, start=date(2025, 1, 1), end=date(2025, 5, 31)) == 1
    assert value(FIVE_STAR_ORGS) == 1  # the latest awarded campaign: 2024
    assert value(FIVE_STAR_ORGS, start=date(2023, 1, 1), end=date(2023, 12, 31)) == 2
    assert value(FIVE_STAR_ORGS, start=date(2025, 1, 1), end=date(2025, 12, 31)) == 0


@pytest.mark.usefixtures("_today")
def test_an_area_reviewer_sees_only_its_own_areas_scoring_figures(world, county_admin, area_reviewer, basics):
    populate(basics, world.committee_a, 1, "甲")
    populate(basics, world.committee_b, 2, "乙")
    own = scoring_figures(Scope(area_reviewer))
    assert own == scoring_figures(Scope(county_admin, area=world.area_a))
    assert own[FIVE_STAR_MEMBERS] == 1 < scoring_figures(Scope(county_admin))[FIVE_STAR_MEMBERS] == 3


@pytest.mark.usefixtures("_today")
def test_the_scoring_section_costs_the_same_queries_however_many_records(world, county_admin, basics):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            section(Scope(county_admin))
            section(Scope(county_admin, area=world.area_a, start=date(2025, 1, 1), end=date(2025, 12, 31)))
        return len(captured.captured_queries)

    populate(basics, world.committee_a, 1, "甲")
    few = queries()
    populate(basics, world.committee_a, 4, "甲二")
    populate(basics, world.committee_b, 5, "乙")
    assert queries() == few


# --- to-do items ------------------------------------------------------------------------------------


@pytest.fixture
def waiting(world, basics):
    """Work waiting on 15 June 2025 (the quarter's last month): points, scorecards, inspections, objections."""
    # Points: org A's members have none this month, its child branch's have; org B's none either.
    make_person(world.org_a, "甲党员一")
    make_person(world.org_a, "甲党员二")
    child_member = make_person(world.org_a_child, "甲支部党员")
    PointEntry.objects.create(
        person=child_member, month=date(2025, 6, 1), rule=rule(basics["handbook"], "XX01"), star=Star.STUDY, points=2
    )
    make_person(world.org_b, "乙党员")
    # Scorecards of 2025 Q2: org A has one unscored, one draft, one submitted, one returned; org B one submitted.
    template = basics["template"]

    def card(org, name, status):
        person = make_person(org, name, stage=Stage.ACTIVIST)
        if status is not None:
            Scorecard.objects.create(
                person=person, party_organization=org, template=template, year=2025, quarter=2, status=status
            )

    card(world.org_a, "甲未评", None)
    card(world.org_a_child, "甲草稿", ScorecardStatus.DRAFT)
    card(world.org_a, "甲已提交", ScorecardStatus.SUBMITTED)
    card(world.org_a, "甲已退回", ScorecardStatus.RETURNED)
    card(world.org_b, "乙已提交", ScorecardStatus.SUBMITTED)
    # Inspections of the 2025 campaign: org A's child branch already inspected, org A and org B not yet.
    campaign = RatingCampaign.objects.create(year=2025, sheet=basics["awarded"].sheet, step=CampaignStep.INSPECTION)
    OrgRating.objects.create(campaign=campaign, party_organization=world.org_a)
    OrgRating.objects.create(campaign=campaign, party_organization=world.org_a_child, inspection_total=92)
    OrgRating.objects.create(campaign=campaign, party_organization=world.org_b)
    # The awarded campaign's organisations are not waiting for anything.
    OrgRating.objects.create(campaign=basics["awarded"], party_organization=world.org_b, stars=3)
    # Objections: two pending and one settled on area A's posting, one pending on area B's.
    for area, outcomes in (
        (world.area_a, ["pending", "pending", ObjectionOutcome.DISMISSED]),
        (world.area_b, ["pending"]),
    ):
        posting = Posting.objects.create(
            kind=PostingKind.SCORECARD,
            title=f"{area.name}积分卡公示",
            area=area,
            subject="2025Q1",
            published_on=date(2025, 6, 10),
            start_on=date(2025, 6, 10),
            end_on=date(2025, 6, 16),
            status=PostingStatus.OPEN,
        )
        for outcome in outcomes:
            Objection.objects.create(posting=posting, received_on=date(2025, 6, 12), content="有异议", outcome=outcome)


POINTS = "2025年06月尚未登记星级党员积分的党组织"
UNSUBMITTED = "2025年第2季度积分卡尚未提交的考察对象"
RETURNED = "被街镇/园区退回、待修改后重新提交的积分卡"
TO_REVIEW = "书记已提交、待街镇/园区审核的积分卡"
INSPECTIONS = "评星定级检查验收阶段、尚未验收评分的党组织"
OBJECTIONS = "收到异议、尚未处理完的公示"
SELF_CHECK = "评星定级自查初评阶段、尚未自评的本党组织"


def counts(user) -> dict[str, int]:
    return {label: todo.count for label, todo in todos_of(user).items()}


@pytest.mark.usefixtures("_today", "waiting")
def test_a_secretary_is_asked_for_its_organisations_missing_points_and_scorecards(world, secretary, other_secretary):
    assert counts(secretary) == {POINTS: 1, UNSUBMITTED: 2, RETURNED: 1, SELF_CHECK: 0}
    assert counts(other_secretary) == {POINTS: 1, UNSUBMITTED: 0, RETURNED: 0, SELF_CHECK: 0}
    points = todos_of(secretary)[POINTS]
    assert [text for text, _url, _note in points.items] == [world.org_a.name]
    assert points.items[0][1] == reverse("scoring:month_grid", args=[world.org_a.pk, 2025, 6])
    assert not points.urgent  # before the 25th
    assert todos_of(secretary)[UNSUBMITTED].urgent  # June ends the quarter


@pytest.mark.usefixtures("_today")
def test_a_secretary_is_asked_to_score_its_own_organisations_while_the_campaign_is_at_self_check(
    world, basics, secretary, other_secretary, area_reviewer
):
    campaign = RatingCampaign.objects.create(year=2025, sheet=basics["awarded"].sheet, step=CampaignStep.SELF_CHECK)
    OrgRating.objects.create(campaign=campaign, party_organization=world.org_a)
    OrgRating.objects.create(campaign=campaign, party_organization=world.org_a_child, self_total=88)
    OrgRating.objects.create(campaign=campaign, party_organization=world.org_b)
    assert (counts(secretary)[SELF_CHECK], counts(other_secretary)[SELF_CHECK]) == (1, 1)
    assert todos_of(secretary)[SELF_CHECK].url.endswith("?waiting=self_check")
    assert SELF_CHECK not in counts(area_reviewer)
    campaign.step = CampaignStep.IMPROVEMENT
    campaign.save()
    assert counts(secretary)[SELF_CHECK] == 0


@pytest.mark.usefixtures("_today", "waiting")
def test_an_area_reviewer_is_asked_for_its_areas_reviews_inspections_and_objections(area_reviewer):
    assert counts(area_reviewer) == {TO_REVIEW: 1, INSPECTIONS: 1, OBJECTIONS: 1}  # one posting, two objections
    objections = todos_of(area_reviewer)[OBJECTIONS]
    assert [(text, note) for text, _url, note in objections.items] == [("甲镇积分卡公示", "2 条 · 公示截止 06-16")]


@pytest.mark.usefixtures("_today", "waiting")
def test_the_county_admin_is_asked_for_every_inspection_and_objection_but_not_for_reviews(county_admin):
    assert counts(county_admin) == {INSPECTIONS: 2, OBJECTIONS: 2}


@pytest.mark.usefixtures("_today", "waiting")
def test_chain_staff_and_department_handlers_have_no_scoring_work(chain_staff, dept_handler):
    assert todos(chain_staff) == [] and todos(dept_handler) == []


@pytest.mark.usefixtures("_today", "waiting")
def test_the_home_page_lists_the_scoring_work_that_is_not_empty(secretary, other_secretary, as_user):
    page = as_user(secretary).get(reverse("core:home")).content.decode()
    assert POINTS in page and UNSUBMITTED in page and RETURNED in page
    page = as_user(other_secretary).get(reverse("core:home")).content.decode()
    assert POINTS in page and UNSUBMITTED not in page and RETURNED not in page


@pytest.mark.usefixtures("_today", "waiting")
def test_a_month_the_county_has_closed_leaves_the_latest_open_one_to_score(world, basics, secretary):
    version = basics["handbook"]
    ScoringMonth.objects.create(month=date(2025, 5, 1), version=version, status=MonthStatus.OPEN)
    ScoringMonth.objects.create(month=date(2025, 6, 1), version=version, status=MonthStatus.CLOSED)
    labels = counts(secretary)
    assert POINTS not in labels
    # May is still open and org A has no May points; its child branch has none either now.
    assert labels["2025年05月尚未登记星级党员积分的党组织"] == 2
    assert todos_of(secretary)["2025年05月尚未登记星级党员积分的党组织"].urgent  # an earlier month still open
    ScoringMonth.objects.filter(month=date(2025, 5, 1)).update(status=MonthStatus.CLOSED)
    assert not any("星级党员积分" in label for label in counts(secretary))


@pytest.mark.usefixtures("_today")
def test_without_a_handbook_or_template_in_force_nothing_is_asked(world, secretary):
    make_person(world.org_a, "甲党员")
    make_person(world.org_a, "甲积极分子", stage=Stage.ACTIVIST)
    assert counts(secretary) == {POINTS: 0, UNSUBMITTED: 0, RETURNED: 0, SELF_CHECK: 0}


@pytest.mark.usefixtures("_today", "waiting")
def test_the_to_do_lists_cost_the_same_queries_however_much_is_waiting(
    world, basics, secretary, area_reviewer, county_admin
):
    def queries(user):
        with CaptureQueriesContext(connection) as captured:
            todos(user)
        return len(captured.captured_queries)

    users = (secretary, area_reviewer, county_admin)
    before = [queries(user) for user in users]
    populate(basics, world.org_a, 4, "甲三")
    populate(basics, world.committee_b, 3, "乙三")
    assert [queries(user) for user in users] == before
