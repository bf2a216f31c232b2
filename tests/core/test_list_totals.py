"""The cards above every list page (``totals``, see core.figures.Totals) agree with the list under every filter.

Every list view that declares totals is found in the URLconf, so a new list with cards is covered at once (and fails
here until its plain count is written below). For the county admin and an area reviewer, with no filter, an area
and a search or status filter the list offers, each card's value as the page shows it equals a plain count over
the rows the page lists (one page of up to 200, all of them), written here from the card's 口径 with loops and
plain queries, never with the totals' own aggregates; and each card shows its 口径, as a tooltip and in the line
under the cards."""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import count, cycle

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.mixins import ScopedListView
from members.choices import CertLevel, CertStatus, EntrepreneurHonourLevel, NominationStep, SelectionKind, Stage
from members.models import (
    Certificate,
    Entrepreneur,
    EntrepreneurHonour,
    Nomination,
    Person,
    SelectionCampaign,
)
from members.validators import id_check_char
from organizations.choices import (
    CadreKind,
    FundPurpose,
    FundSource,
    LiaisonVisitKind,
    PairingActivityKind,
    PartnerKind,
    StationedActivityKind,
)
from organizations.models import (
    SIX_HAVES,
    FundEntry,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PairingActivity,
    StationedActivity,
    StationedCadre,
    Venue,
)
from party_life.models import DuesPayment
from scoring.models import MonthlyResult, QuarterlyResult
from tests.factories import make_entity

AS_OF = date(2025, 6, 30)  # a past 截至日期: where each person stood then, by their dates


# --- the lists with cards --------------------------------------------------------------------------


def lists_with_totals(resolver: URLResolver | None = None, namespace: str = "") -> dict[str, type]:
    """Every list view in the URLconf that declares totals, by URL name."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= lists_with_totals(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            view = getattr(pattern.callback, "view_class", None)
            if view is not None and issubclass(view, ScopedListView) and view.totals is not None:
                found[f"{namespace}{pattern.name}"] = view
    return found


# --- a small world: a handful of rows per list in each area ---------------------------------------


_numbers = count(1)


def _person(org, name: str, stage: str) -> Person:
    """A person at ``stage`` with the dates of each step reached: activist 2023-06, 发展对象 2024-06, admitted
    2025-03, full 2026-03."""
    birth = date(1980, 1, 1).replace(day=1 + next(_numbers) % 28)
    first17 = f"370830{birth:%Y%m%d}{next(_numbers) % 1000:03d}"
    order = [Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL]
    reached = order.index(stage)
    steps = {
        "activist_on": date(2023, 6, 1),
        "candidate_on": date(2024, 6, 1),
        "admitted_on": date(2025, 3, 1),
        "full_on": date(2026, 3, 1),
    }
    dates = {step: day for n, (step, day) in enumerate(steps.items(), start=1) if n <= reached}
    if "admitted_on" in dates:
        dates["probation_ends_on"] = date(2026, 3, 1)
    return Person.objects.create(
        name=name,
        gender="F",
        birth_date=birth,
        id_number=first17 + id_check_char(first17),
        party_organization=org,
        stage=stage,
        applied_on=date(2023, 1, 1),
        **dates,
    )


@pytest.fixture
def rows(world):
    """Records for every list with cards, in both areas, dealt so that each card has rows it counts and rows it
    does not."""
    stars = cycle([5, 3, 0, 5, 2, 4])
    certificates = cycle(
        [
            (CertStatus.VALID, CertLevel.JUNIOR),
            (CertStatus.REVOKED, CertLevel.SENIOR),
            (CertStatus.VALID, CertLevel.SENIOR),
            (CertStatus.DEMOTED, CertLevel.INTERMEDIATE),
        ]
    )
    steps = cycle(NominationStep.values)
    flags = cycle([{}, {"has_books": False}, {"has_flag": False, "has_rules": False}])
    campaign = SelectionCampaign.objects.create(kind=SelectionKind.SECRETARY, year=2025, quota=3)
    for area, orgs in ((world.area_a, [world.org_a, world.org_a_child]), (world.area_b, [world.org_b])):
        entity = make_entity(area, f"{area.name}企业", org=orgs[0])
        for n, org in enumerate(orgs):
            people = [
                _person(org, f"{surname}{org.pk}", stage)
                for surname, stage in zip("张王李赵刘", Stage.values, strict=True)
            ]
            members = [person for person in people if person.stage in (Stage.PROBATIONARY, Stage.FULL)]
            for person in [*members, people[0]]:
                for month in (date(2025, 5, 1), date(2025, 6, 1)):
                    star_count = next(stars)
                    MonthlyResult.objects.create(
                        month=month,
                        person=person,
                        party_organization=org,
                        star_count=star_count,
                        is_star_member=star_count >= 3,
                    )
                for quarter in (1, 2):
                    star_count = next(stars)
                    QuarterlyResult.objects.create(
                        year=2025,
                        quarter=quarter,
                        person=person,
                        party_organization=org,
                        star_count=star_count,
                        is_star_member=star_count >= 3,
                    )
                for month in (date(2025, 5, 1), date(2025, 6, 1)):
                    paid = DuesPayment.objects.create(
                        person=person,
                        party_organization=org,
                        month=month,
                        amount=Decimal("12.50"),
                        paid_on=month.replace(day=10),
                    )
                DuesPayment.objects.create(
                    person=person,
                    party_organization=org,
                    month=paid.month,
                    amount=-paid.amount,
                    paid_on=date(2025, 7, 1),
                    reverses=paid,
                )
            for person in people[1:4]:
                status, level = next(certificates)
                serial = next(_numbers)
                Certificate.objects.create(
                    person=person,
                    level=level,
                    serial=f"HL{serial:05d}",
                    token=f"{serial:032d}",
                    status=status,
                    issued_on=date(2024, 3, 1),
                    review_due_on=date(2026, 3, 1),
                    annual_score=80,
                )
            for person in people[:3]:
                Nomination.objects.create(
                    campaign=campaign,
                    person=person,
                    party_organization=org,
                    area=area,
                    step=next(steps),
                    statement="事迹",
                )
            for k in range(2):
                six = {**{f: True for f, _l in SIX_HAVES}, **next(flags)}
                Venue.objects.create(party_organization=org, name=f"{org.name}阵地{k}", **six)
            point = LiaisonPoint.objects.create(
                cadre_name=f"{area.name}领导{n % 2}",
                cadre_title="副县长",
                cadre_kind=CadreKind.values[n % 2],
                party_organization=org,
                started_on=date(2024, 1, 1),
            )
            # The same cadre at a second point: still one person.
            LiaisonPoint.objects.create(
                cadre_name=f"{area.name}领导{n % 2}",
                cadre_title="副县长",
                cadre_kind=CadreKind.values[n % 2],
                party_organization=orgs[-1],
                started_on=date(2024, 2, 1),
            )
            for k, kind in enumerate([*LiaisonVisitKind.values, LiaisonVisitKind.RESEARCH]):
                LiaisonVisit.objects.create(point=point, kind=kind, visited_on=date(2024 + k % 2, 5, 1 + k))
            pairing = Pairing.objects.create(
                party_organization=org,
                partner_name=f"{org.name}结对社区",
                partner_kind=PartnerKind.values[n],
                started_on=date(2024, 1, 1),
            )
            for k, kind in enumerate([*PairingActivityKind.values, PairingActivityKind.JOINT_EVENT]):
                PairingActivity.objects.create(pairing=pairing, kind=kind, held_on=date(2025, 1, 1 + k), title="共建")
            FundEntry.objects.create(
                party_organization=org,
                source=FundSource.REFUNDED_DUES,
                amount=Decimal("800.00"),
                occurred_on=date(2025, 1, 5),
            )
            FundEntry.objects.create(
                party_organization=org,
                source=FundSource.REFUNDED_DUES,
                amount=Decimal("-150.00"),
                purpose=FundPurpose.ACTIVITIES,
                occurred_on=date(2025, 2, 5),
            )
            income = FundEntry.objects.create(
                party_organization=org,
                source=FundSource.PRETAX_EXPENSE,
                amount=Decimal("300.00"),
                occurred_on=date(2025, 3, 5),
            )
            if n:
                FundEntry.objects.create(
                    party_organization=org,
                    source=income.source,
                    amount=-income.amount,
                    occurred_on=date(2025, 4, 1),
                    reverses=income,
                    purpose=FundPurpose.OTHER,
                )
        for k, ended in enumerate([None, date(2025, 6, 30), date(2099, 12, 31)]):
            cadre = StationedCadre.objects.create(
                name=f"{area.name}驻企干部{k}",
                unit="县直机关",
                entity=entity,
                started_on=date(2024, 1, 1),
                ended_on=ended,
            )
            for j, kind in enumerate([*StationedActivityKind.values, StationedActivityKind.PROJECT][k:]):
                StationedActivity.objects.create(
                    cadre=cadre,
                    kind=kind,
                    done_on=date(2025, 1, 1 + j),
                    title="服务",
                    listed_as="省重点项目" if j % 2 else "",
                )
        for k, levels in enumerate([[], [EntrepreneurHonourLevel.MERIT, EntrepreneurHonourLevel.EXCELLENT]]):
            entrepreneur = Entrepreneur.objects.create(name=f"{area.name}企业家{k}", entity=entity)
            for level in levels:
                EntrepreneurHonour.objects.create(entrepreneur=entrepreneur, level=level, year=2024)
        honoured = Entrepreneur.objects.create(name=f"{area.name}杰出企业家", entity=entity)
        EntrepreneurHonour.objects.create(entrepreneur=honoured, level=EntrepreneurHonourLevel.OUTSTANDING, year=2025)
    return campaign


# --- the plain counts, card by card, from the rows the page lists -----------------------------------


def _stood(person, stage: str, as_of: date | None) -> bool:
    """Where a person stood: their stage today, or on a past 截至日期 by their dates."""
    if as_of is None or as_of >= timezone.localdate():
        if stage == "activists":
            return person.stage in (Stage.ACTIVIST, Stage.CANDIDATE)
        return person.stage == {"candidates": Stage.CANDIDATE, "probationary": Stage.PROBATIONARY}[stage]
    reached = {"activists": person.activist_on, "candidates": person.candidate_on, "probationary": person.admitted_on}
    left = person.full_on if stage == "probationary" else person.admitted_on
    return reached[stage] is not None and reached[stage] <= as_of and (left is None or left > as_of)


def people(listed, query) -> dict:
    as_of = date.fromisoformat(query["as_of"]) if query.get("as_of") else None
    return {key: sum(_stood(p, key, as_of) for p in listed) for key in ("activists", "candidates", "probationary")}


def results(listed, query) -> dict:
    return {
        "members": len({r.person_id for r in listed}),
        "star_members": len({r.person_id for r in listed if r.is_star_member}),
        "five_star": len({r.person_id for r in listed if r.star_count == 5}),
    }


def certificates(listed, query) -> dict:
    valid = [c for c in listed if c.status == CertStatus.VALID]
    return {"valid": len(valid), **{level: sum(c.level == level for c in valid) for level in CertLevel.values}}


HONOURS = EntrepreneurHonourLevel.values


def entrepreneurs(listed, query) -> dict:
    honours = {(h.entrepreneur_id, h.level) for h in EntrepreneurHonour.objects.all()}
    shown = {e.pk for e in listed}
    counts = {
        level: len({pk for pk, lv in honours if pk in shown and lv == level})
        for level in EntrepreneurHonourLevel.values
    }
    return {"honoured": len({pk for pk, _level in honours if pk in shown}), **counts}


def nominations(listed, query) -> dict:
    return {step: sum(n.step == step for n in listed) for step in NominationStep.values}


def venues(listed, query) -> dict:
    missing = {f"missing_{f}": sum(not getattr(v, f) for v in listed) for f, _label in SIX_HAVES}
    complete = sum(all(getattr(v, f) for f, _label in SIX_HAVES) for v in listed)
    return {"venues": len(listed), "compliant": complete, **missing}


def points(listed, query) -> dict:
    visits = [v for p in listed for v in LiaisonVisit.objects.filter(point=p)]
    cadres = {f"cadres_{k}": len({p.cadre_name for p in listed if p.cadre_kind == k}) for k in CadreKind.values}
    kinds = {f"visits_{k}": sum(v.kind == k for v in visits) for k in LiaisonVisitKind.values}
    return {**cadres, "visits": len(visits), **kinds}


def visits(listed, query) -> dict:
    return {"visits": len(listed), **{k: sum(v.kind == k for v in listed) for k in LiaisonVisitKind.values}}


def cadres(listed, query) -> dict:
    today = timezone.localdate()
    work = [a for c in listed for a in StationedActivity.objects.filter(cadre=c)]
    projects = [a for a in work if a.kind == StationedActivityKind.PROJECT]
    return {
        "cadres": len(listed),
        "on_post": sum(c.ended_on is None or c.ended_on >= today for c in listed),
        "policy_visits": sum(a.kind == StationedActivityKind.POLICY_VISIT for a in work),
        "projects": len(projects),
        "listed_projects": sum(a.listed_as != "" for a in projects),
    }


def pairings(listed, query) -> dict:
    work = [a for p in listed for a in PairingActivity.objects.filter(pairing=p)]
    kinds = {f"activities_{k}": sum(a.kind == k for a in work) for k in PairingActivityKind.values}
    return {"pairings": len(listed), **kinds}


def funds(listed, query) -> dict:
    lines = [e for o in listed for e in FundEntry.objects.filter(party_organization=o)]
    sources = {f"balance_{s}": sum((e.amount for e in lines if e.source == s), Decimal(0)) for s in FundSource.values}
    return {"balance_total": sum((e.amount for e in lines), Decimal(0)), **sources}


def dues(listed, query) -> dict:
    return {"collected": sum((p.amount for p in listed), Decimal(0)), "lines": len(listed)}


@dataclass
class Plain:
    """How a list's cards are counted here, and the filters of its own to try besides an area."""

    counts: Callable[[list, dict], dict]
    filters: list[dict] = field(default_factory=list)
    args: Callable[[object], list] = lambda campaign: []


PLAIN: dict[str, Plain] = {
    "members:person_list": Plain(people, [{"stage": Stage.CANDIDATE}, {"q": "张"}, {"as_of": AS_OF.isoformat()}]),
    "scoring:monthlyresult_list": Plain(results, [{"is_star_member": "true"}, {"q": "刘"}, {"month": "2025-06-01"}]),
    "scoring:quarterlyresult_list": Plain(results, [{"star_count": "5"}, {"quarter": "2"}]),
    "members:certificate_list": Plain(certificates, [{"status": CertStatus.VALID}, {"level": CertLevel.SENIOR}]),
    "members:entrepreneur_list": Plain(entrepreneurs, [{"honour": "any"}, {"q": "杰出"}]),
    "members:selectioncampaign_detail": Plain(
        nominations, [{"step": NominationStep.APPLIED}, {"q": "王"}], args=lambda campaign: [campaign.pk]
    ),
    "organizations:venue_list": Plain(venues, [{"compliant": "false"}, {"q": "阵地1"}]),
    "organizations:liaisonpoint_list": Plain(points, [{"cadre_kind": CadreKind.LEADER}, {"q": "领导1"}]),
    "organizations:liaisonvisit_list": Plain(visits, [{"kind": LiaisonVisitKind.RESEARCH}, {"year": "2025"}]),
    "organizations:stationedcadre_list": Plain(cadres, [{"on_post": "true"}, {"q": "干部1"}]),
    "organizations:pairing_list": Plain(pairings, [{"partner_kind": PartnerKind.ORGAN}, {"q": "第一"}]),
    "organizations:fund_summary": Plain(funds, [{"has_funds": "true"}, {"q": "第一"}]),
    "party_life:duespayment_list": Plain(dues, [{"month": "2025-06-01"}, {"q": "刘"}]),
}


# --- reading the page ----------------------------------------------------------------------------

CARD = re.compile(r'data-total="([^"]+)" title="([^"]*)">.*?<span data-value>([^<]*)</span>', re.S)
NOTE = re.compile(r'data-testid="totals-note">(.*?)</details>', re.S)


def shown(value) -> str:
    """A value as the card writes it: money with two decimals."""
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


def check_page(client, url_name: str, plain: Plain, campaign, query: dict) -> None:
    response = client.get(reverse(url_name, args=plain.args(campaign)), {**query, "page_size": 200})
    assert response.status_code == 200, (url_name, query)
    listed = list(response.context["object_list"])
    assert response.context["paginator"].count == len(listed), f"{url_name}: more rows than one page"
    page = response.content.decode()
    cards = {key: (html.unescape(title), value) for key, title, value in CARD.findall(page)}
    note = html.unescape(NOTE.search(page).group(1))
    assert "以上数字按当前筛选条件统计" in note
    expected = plain.counts(listed, query)
    view = lists_with_totals()[url_name]
    assert list(cards) == [total.key for total in view.totals], f"{url_name}: the page's cards"
    for total in view.totals:
        title, value = cards[total.key]
        assert value == shown(expected[total.key]), f"{url_name} {query}: {total.label}"
        assert title == total.definition and total.definition in note, f"{url_name}: {total.label}'s 口径"


# --- the tests ------------------------------------------------------------------------------------


def test_every_list_with_cards_has_its_plain_count_here():
    found = set(lists_with_totals())
    assert found, "no list declares totals"
    assert found == set(PLAIN), (
        f"write the plain counts of {sorted(found - set(PLAIN))}; drop {sorted(set(PLAIN) - found)}"
    )


def test_every_card_equals_a_plain_count_of_the_rows_listed_under_each_filter(
    world, rows, county_admin, area_reviewer, as_user
):
    for user, areas in ((county_admin, [world.area_a, world.area_b]), (area_reviewer, [world.area_a])):
        client = as_user(user)
        for url_name, plain in PLAIN.items():
            queries = [{}, *({"area": area.pk} for area in areas), *plain.filters]
            queries.append({**plain.filters[0], "area": areas[-1].pk})
            for query in queries:
                check_page(client, url_name, plain, rows, query)


def test_each_filter_tried_narrows_the_list_so_the_cards_are_put_to_the_test(world, rows, county_admin, as_user):
    client = as_user(county_admin)
    for url_name, plain in PLAIN.items():
        url = reverse(url_name, args=plain.args(rows))
        every = client.get(url, {"page_size": 200}).context["paginator"].count
        assert every > 1, f"{url_name}: no rows to count"
        for query in [{"area": world.area_b.pk}, *plain.filters]:
            if "as_of" in query:  # a date the cards read, narrowing no row
                continue
            narrowed = client.get(url, {**query, "page_size": 200}).context["paginator"].count
            assert 0 < narrowed < every, f"{url_name} {query}: the filter should keep some rows, not all"
