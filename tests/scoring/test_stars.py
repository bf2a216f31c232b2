"""星级党员: handbook versions, the monthly grid, reversals, the close, quarterly selection and corrections."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring.choices import LedgerKind, MonthStatus
from scoring.models import (
    LedgerEntry,
    MonthCorrection,
    MonthlyResult,
    PointAccount,
    PointEntry,
    QuarterlyResult,
    ScoringMonth,
)
from scoring.services import stars as services
from scoring.tasks import month_close_previous, quarter_select_previous
from tests.scoring.factories import make_handbook, make_person, rule

MAY = date(2025, 5, 1)
pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel("2025-05-20 10:00 +0800", tick=False):
        yield


def grid(secretary, org, version, cells, month=MAY):
    return services.month_grid_save(
        by=secretary,
        party_organization=org,
        month=month,
        counts={(person.pk, rule(version, code).pk): n for person, code, n in cells},
    )


def total(person, month=MAY):
    return sum(PointEntry.objects.filter(person=person, month=month).values_list("points", flat=True))


# --- grid and entries ---------------------------------------------------------------------------


def test_the_grid_appends_lines_and_lowering_a_count_appends_reversals(world, secretary, handbook, members_a):
    first = members_a[0]
    assert grid(secretary, world.org_a, handbook, [(first, "XX01", 3)]) == 1
    assert total(first) == 6
    grid(secretary, world.org_a, handbook, [(first, "XX01", 1)])
    assert total(first) == 2
    lines = list(PointEntry.objects.filter(person=first).order_by("pk").values_list("points", "reverses_id"))
    # The 6-point line is never edited: it is reversed, and 2 points are added back.
    assert lines[0][0] == 6 and lines[1] == (-6, PointEntry.objects.filter(person=first).order_by("pk")[0].pk)
    assert lines[2] == (2, None)


def test_saving_the_same_grid_twice_adds_nothing(world, secretary, handbook, members_a):
    cells = [(members_a[0], "XX01", 2), (members_a[1], "BF01", 1)]
    grid(secretary, world.org_a, handbook, cells)
    assert grid(secretary, world.org_a, handbook, cells) == 0
    assert PointEntry.objects.count() == 2


def test_it_refuses_points_above_a_rules_monthly_cap_and_saves_nothing(world, secretary, handbook, members_a):
    with pytest.raises(ValidationError, match="超过每月上限 8 分"):
        grid(secretary, world.org_a, handbook, [(members_a[0], "XX02", 1), (members_a[1], "XX01", 5)])
    assert PointEntry.objects.count() == 0


def test_it_refuses_points_for_a_member_of_another_organisation(world, secretary, handbook, member_b):
    with pytest.raises(ValidationError, match="不在您的管理范围内"):
        grid(secretary, world.org_b, handbook, [(member_b, "XX01", 1)])
    members_a = [make_person(world.org_a, "甲党员")]
    with pytest.raises(ValidationError, match="只能为本党组织的党员记分"):
        grid(secretary, world.org_a, handbook, [(member_b, "XX01", 1), (members_a[0], "XX01", 1)])
    assert PointEntry.objects.count() == 0


def test_it_refuses_an_entry_into_a_closed_month(world, secretary, handbook, members_a):
    services.month_close(month=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="2025年04月已结账"):
        grid(secretary, world.org_a, handbook, [(members_a[0], "XX01", 1)], month=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="已结账"):
        services.point_entry_add(by=secretary, person=members_a[0], rule=rule(handbook, "XX01"), month=date(2025, 4, 1))
    assert PointEntry.objects.count() == 0


def test_point_entry_add_checks_the_cap_against_what_the_month_already_has(world, secretary, handbook, members_a):
    services.point_entry_add(by=secretary, person=members_a[0], rule=rule(handbook, "XX02"), month=MAY, times=1)
    with pytest.raises(ValidationError, match="合计 15 分"):
        services.point_entry_add(by=secretary, person=members_a[0], rule=rule(handbook, "XX02"), month=MAY, times=2)
    assert total(members_a[0]) == 5


def test_an_activist_gets_no_star_points(world, secretary, handbook, activist_a):
    with pytest.raises(ValidationError, match="不是党员"):
        services.point_entry_add(by=secretary, person=activist_a, rule=rule(handbook, "XX01"), month=MAY)


def test_a_line_is_reversed_once_and_a_reversal_is_never_reversed(world, secretary, handbook, members_a):
    entry = services.point_entry_add(by=secretary, person=members_a[0], rule=rule(handbook, "XX01"), month=MAY)
    reversal = services.point_entry_reverse(by=secretary, entry=entry)
    assert reversal.points == -2 and total(members_a[0]) == 0
    with pytest.raises(ValidationError, match="已冲销"):
        services.point_entry_reverse(by=secretary, entry=entry)
    with pytest.raises(ValidationError, match="不能再冲销"):
        services.point_entry_reverse(by=secretary, entry=reversal)


def test_a_past_month_is_judged_by_the_handbook_version_in_force_then(world, secretary, handbook, members_a):
    grid(secretary, world.org_a, handbook, [(members_a[0], "XX01", 1)], month=date(2025, 4, 1))
    june = make_handbook(number=2, effective_from=date(2025, 6, 1), points_factor=2)
    assert services.scoring_month_get(month=date(2025, 4, 1)).version == handbook
    assert services.handbook_version_for(date(2025, 6, 1)) == june
    with pytest.raises(ValidationError, match="不属于本月适用的积分手册"):
        grid(secretary, world.org_a, june, [(members_a[0], "XX01", 1)], month=date(2025, 4, 1))


def test_a_new_handbook_cannot_start_in_a_month_already_scored(world, county_admin, secretary, handbook, members_a):
    grid(secretary, world.org_a, handbook, [(members_a[0], "XX01", 1)])
    rules = [{"code": "A1", "name": "学习", "star": "study", "points": 2, "monthly_cap": 4}]
    with pytest.raises(ValidationError, match="已开始记分"):
        services.handbook_version_create(by=county_admin, number=2, effective_from=MAY, rules=rules)
    with pytest.raises(ValidationError, match="没有权限"):
        services.handbook_version_create(by=secretary, number=2, effective_from=date(2025, 6, 1), rules=rules)
    version = services.handbook_version_create(by=county_admin, number=2, effective_from=date(2025, 6, 1), rules=rules)
    assert version.rules.count() == 1


def test_saving_a_grid_of_fifty_members_takes_a_fixed_handful_of_queries(world, secretary, handbook):
    rule_ids = [rule(handbook, code).pk for code in ["XX01", "XX02", "BF01", "JY01", "YJ01", "JC01"]]

    def save(org, people):
        counts = {(person.pk, rule_id): 1 for person in people for rule_id in rule_ids}
        with CaptureQueriesContext(connection) as queries:
            added = services.month_grid_save(by=secretary, party_organization=org, month=MAY, counts=counts)
        assert added == len(counts)
        return len(queries)

    services.scoring_month_get(month=MAY)  # the month's first save also opens it
    few = save(world.org_a_child, [make_person(world.org_a_child, f"支部党员{i}") for i in range(2)])
    many = save(world.org_a, [make_person(world.org_a, f"党员{i}") for i in range(50)])
    assert many == few <= 10


# --- close, quarter, correction ----------------------------------------------------------------


def fill_month(secretary, world, version, month, people):
    # Everyone gets 12 study points; the first also 12 care points; the second 5 innovation points.
    cells = [(p, "XX01", 1) for p in people] + [(p, "XX02", 2) for p in people]
    cells += [(people[0], "BF01", 4), (people[1], "JC01", 1)]
    with time_machine.travel(month.replace(day=20), tick=False):
        grid(secretary, world.org_a, version, cells, month=month)


def test_the_close_computes_totals_per_star_selects_star_members_and_credits_balances(
    world, secretary, handbook, members_a
):
    fill_month(secretary, world, handbook, date(2025, 4, 1), members_a)
    assert services.month_close(month=date(2025, 4, 1)) is True
    results = {r.person_id: r for r in MonthlyResult.objects.filter(month=date(2025, 4, 1))}
    first, second, third = (results[p.pk] for p in members_a)
    assert (first.study, first.care, first.total, first.star_count) == (12, 12, 24, 2)
    assert (second.innovation, second.total, second.star_count) == (10, 22, 2)
    assert (third.total, third.star_count, third.is_star_member) == (12, 1, True)
    assert PointAccount.objects.get(person=members_a[0]).balance == 24
    assert ScoringMonth.objects.get(month=date(2025, 4, 1)).status == MonthStatus.CLOSED


def test_closing_a_month_twice_gives_the_same_result(world, secretary, handbook, members_a):
    fill_month(secretary, world, handbook, date(2025, 4, 1), members_a)
    with time_machine.travel("2025-05-01 01:00 +0800", tick=False):
        assert month_close_previous() is True
        assert month_close_previous() is False
    assert MonthlyResult.objects.count() == 3
    assert not LedgerEntry.objects.exists()
    assert PointAccount.objects.get(person=members_a[0]).balance == 24


def test_the_quarterly_selection_sums_three_closed_months_and_a_second_run_gives_the_same_rows(
    world, secretary, handbook, members_a
):
    for month in (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)):
        fill_month(secretary, world, handbook, month, members_a)
    services.month_close(month=date(2025, 1, 1))
    services.month_close(month=date(2025, 2, 1))
    with pytest.raises(ValidationError, match="2025年03月尚未结账"):
        services.quarter_select(year=2025, quarter=1)
    with time_machine.travel("2025-04-01 01:30 +0800", tick=False):
        first = quarter_select_previous()
        rows = list(
            QuarterlyResult.objects.order_by("person_id").values_list("person_id", "study", "care", "star_count")
        )
        assert quarter_select_previous() == first == 3
    assert (
        list(QuarterlyResult.objects.order_by("person_id").values_list("person_id", "study", "care", "star_count"))
        == rows
    )
    assert rows[0][1:] == (36, 36, 2)


def test_a_county_correction_needs_a_reason_is_audited_and_recomputes_the_member(
    world, county_admin, secretary, handbook, members_a
):
    fill_month(secretary, world, handbook, date(2025, 4, 1), members_a)
    services.month_close(month=date(2025, 4, 1))
    person = members_a[2]
    with pytest.raises(ValidationError, match="更正原因"):
        services.month_correct(
            by=county_admin, person=person, month=date(2025, 4, 1), rule=rule(handbook, "JY01"), points=10, reason=" "
        )
    with pytest.raises(ValidationError, match="没有权限"):
        services.month_correct(
            by=secretary, person=person, month=date(2025, 4, 1), rule=rule(handbook, "JY01"), points=10, reason="漏记"
        )
    correction = services.month_correct(
        by=county_admin,
        person=person,
        month=date(2025, 4, 1),
        rule=rule(handbook, "JY01"),
        points=10,
        reason="漏记技能竞赛获奖",
    )
    assert correction.history.count() == 1
    result = MonthlyResult.objects.get(month=date(2025, 4, 1), person=person)
    assert (result.dedication, result.total, result.star_count) == (10, 22, 2)
    assert PointAccount.objects.get(person=person).balance == 22
    assert LedgerEntry.objects.get(person=person, kind=LedgerKind.CORRECTION).amount == 10
    assert MonthCorrection.objects.count() == 1


def test_a_correction_may_not_exceed_the_cap_or_touch_an_open_month(world, county_admin, handbook, members_a):
    services.month_close(month=date(2025, 4, 1))
    with pytest.raises(ValidationError, match="超过每月上限 20 分"):
        services.month_correct(
            by=county_admin,
            person=members_a[0],
            month=date(2025, 4, 1),
            rule=rule(handbook, "JY01"),
            points=30,
            reason="x",
        )
    with pytest.raises(ValidationError, match="只有已结账的月份"):
        services.month_correct(
            by=county_admin, person=members_a[0], month=MAY, rule=rule(handbook, "JY01"), points=10, reason="x"
        )


# --- pages -------------------------------------------------------------------------------------


def grid_url(org, month=MAY, star="study"):
    return reverse("scoring:month_grid", args=[org.pk, month.year, month.month]) + f"?star={star}"


def test_the_grid_page_saves_counts_for_the_secretarys_members(world, secretary, handbook, members_a, as_user):
    client = as_user(secretary)
    page = client.get(grid_url(world.org_a))
    assert page.status_code == 200 and "甲党员0" in page.content.decode()
    field = f"c_{members_a[0].pk}_{rule(handbook, 'XX01').pk}"
    # Cells count times, so the phone's number pad stops at the cap in times, not in points.
    xx01 = rule(handbook, "XX01")
    assert xx01.max_times < xx01.monthly_cap
    assert f'max="{xx01.max_times}" class="form-control form-control-sm d-inline-block" name="{field}"' in (
        page.content.decode()
    )
    response = client.post(grid_url(world.org_a), {field: "2"})
    assert response.status_code == 302
    assert total(members_a[0]) == 4


def test_the_grid_page_shows_a_chinese_reason_and_saves_nothing_above_the_cap(
    world, secretary, handbook, members_a, as_user
):
    field = f"c_{members_a[0].pk}_{rule(handbook, 'XX01').pk}"
    response = as_user(secretary).post(grid_url(world.org_a), {field: "9"})
    assert response.status_code == 200
    assert "超过每月上限" in response.content.decode()
    assert PointEntry.objects.count() == 0


def test_posting_a_cell_for_another_organisations_member_is_a_404(
    world, secretary, handbook, members_a, member_b, as_user
):
    field = f"c_{member_b.pk}_{rule(handbook, 'XX01').pk}"
    assert as_user(secretary).post(grid_url(world.org_a), {field: "1"}).status_code == 404
    assert as_user(secretary).get(grid_url(world.org_b)).status_code == 404
    assert PointEntry.objects.count() == 0


def test_the_grid_page_reads_in_a_fixed_number_of_queries(
    world, secretary, handbook, as_user, django_assert_max_num_queries
):
    for i in range(50):
        make_person(world.org_a, f"党员{i}")
    client = as_user(secretary)
    with django_assert_max_num_queries(15):
        assert client.get(grid_url(world.org_a)).status_code == 200


def test_county_staff_publish_a_new_handbook_version_from_the_page(county_admin, handbook, as_user):
    rules = "A1|参加集中学习|学习进步星|2|8\nB1|志愿服务|帮扶关爱星|3|9"
    url = reverse("scoring:handbook_create")
    bad = as_user(county_admin).post(url, {"number": 2, "effective_from": "2025-06-01", "rules": "A1|x|月亮星|2|8"})
    assert "不是五颗星之一" in bad.content.decode()
    response = as_user(county_admin).post(url, {"number": 2, "effective_from": "2025-06-01", "rules": rules})
    assert response.status_code == 302
    assert services.handbook_version_for(date(2025, 6, 1)).rules.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_entries_at_once_cannot_pass_a_rules_monthly_cap_together(world, secretary):
    import threading

    version = make_handbook()
    person = make_person(world.org_a, "并发党员")
    essay = rule(version, "XX02")  # 5 points a time, 10 a month
    services.scoring_month_get(month=MAY)  # opened already: only the locks can keep the two apart
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def add():
        try:
            start.wait()
            services.point_entry_add(by=secretary, person=person, rule=essay, month=MAY, times=2)
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes)[0] == "ok" and "超过每月上限 10 分" in sorted(outcomes)[1]
    assert total(person) == 10


@pytest.mark.django_db(transaction=True)
def test_grid_saves_run_side_by_side_and_the_close_waits_for_a_save_in_flight(
    world, secretary, other_secretary, members_a, member_b
):
    """Month end: one organisation's save, still open, neither holds up another organisation's save nor lets the
    close slip past it (each waits at most two seconds here: the lock_timeout makes a wait an error)."""
    import threading

    from django.db import OperationalError

    version = make_handbook()
    services.scoring_month_get(month=MAY)
    saved, release, outcome = threading.Event(), threading.Event(), []

    def save_and_hold():
        try:
            with transaction.atomic():
                grid(secretary, world.org_a, version, [(members_a[0], "JY01", 1)])
                saved.set()
                release.wait(timeout=30)
            outcome.append("committed")
        finally:
            connection.close()

    holder = threading.Thread(target=save_and_hold)
    holder.start()
    try:
        assert saved.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        assert grid(other_secretary, world.org_b, version, [(member_b, "JY01", 1)]) == 1
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            services.month_close(month=MAY)
    finally:
        release.set()
        holder.join(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    assert outcome == ["committed"]
    assert ScoringMonth.objects.get(month=MAY).status == MonthStatus.OPEN
    assert total(members_a[0]) + total(member_b) == 2 * rule(version, "JY01").points


def test_the_correction_page_finds_the_member_by_id_number_and_recomputes(
    world, county_admin, secretary, handbook, members_a, as_user
):
    fill_month(secretary, world, handbook, date(2025, 4, 1), members_a)
    services.month_close(month=date(2025, 4, 1))
    month = ScoringMonth.objects.get(month=date(2025, 4, 1))
    url = reverse("scoring:month_correct", args=[month.pk])
    data = {"id_number": "370830198501019999", "rule": rule(handbook, "JY01").pk, "points": 10, "reason": "漏记"}
    assert "未找到该身份证号的党员" in as_user(county_admin).post(url, data).content.decode()
    data["id_number"] = members_a[2].id_number
    assert as_user(county_admin).post(url, data).status_code == 302
    assert MonthlyResult.objects.get(month=date(2025, 4, 1), person=members_a[2]).total == 22


def test_the_close_job_does_nothing_before_any_handbook_is_in_force(db):
    with time_machine.travel("2025-05-01 01:00 +0800", tick=False):
        assert month_close_previous() is False
    assert not ScoringMonth.objects.exists()
