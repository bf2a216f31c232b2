"""Reads of 星级党员: the monthly grid of one organisation, figures of results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum

from members.models import Person
from organizations.models import PartyOrganization
from scoring.choices import Star
from scoring.models import PointEntry, PointRule, ScoringMonth
from scoring.services.stars import MEMBER_STAGES, handbook_version_for


@dataclass
class GridRow:
    person: Person
    month_total: int = 0
    cells: list[tuple[PointRule, int]] = field(default_factory=list)
    # rule id -> how many of the count come from meeting attendance (组织生活), recorded there, not here
    from_meetings: dict[int, int] = field(default_factory=dict)


@dataclass
class GridTab:
    """One star's part of the month's grid: its rules across, the members' counts."""

    star: str
    label: str
    rules: list[PointRule]
    rows: list[GridRow]


def month_grid(*, party_organization: PartyOrganization, month: date) -> dict:
    """The month's grid of one organisation, one tab per star: members down, the star's rules across and each
    member's current count. All stars at once, so the page can keep counts typed on one tab while another is
    shown and save them together. Four queries."""
    scoring_month = ScoringMonth.objects.filter(month=month).select_related("version").first()
    version = scoring_month.version if scoring_month else handbook_version_for(month)
    rules = list(PointRule.objects.filter(version=version))
    members = list(
        Person.objects.filter(party_organization=party_organization, stage__in=MEMBER_STAGES)
        .only("pk", "name", "stage")
        .order_by("name", "pk")
    )
    live = (
        PointEntry.objects.filter(person__in=[m.pk for m in members], month=month)
        .values("person_id", "rule_id")
        .annotate(points=Sum("points"), from_meetings=Count("pk", filter=Q(attendance__isnull=False)))
    )
    counts: dict[tuple[int, int], int] = {}
    totals: dict[int, int] = {}
    attended: dict[int, dict[int, int]] = {}
    rule_points = {r.pk: r.points for r in rules}
    for row in live:
        counts[(row["person_id"], row["rule_id"])] = max(row["points"], 0) // rule_points[row["rule_id"]]
        totals[row["person_id"]] = totals.get(row["person_id"], 0) + row["points"]
        if row["from_meetings"]:
            attended.setdefault(row["person_id"], {})[row["rule_id"]] = row["from_meetings"]
    tabs = []
    for star, label in Star.choices:
        star_rules = [r for r in rules if r.star == star]
        rows = [
            GridRow(
                person=m,
                month_total=totals.get(m.pk, 0),
                cells=[(r, counts.get((m.pk, r.pk), 0)) for r in star_rules],
                from_meetings=attended.get(m.pk, {}),
            )
            for m in members
        ]
        tabs.append(GridTab(star=star, label=label, rules=star_rules, rows=rows))
    return {"scoring_month": scoring_month, "version": version, "tabs": tabs, "has_members": bool(members)}


STAR_FIELDS = [(star.value, star.label) for star in Star]
