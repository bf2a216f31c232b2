"""Reads of organisational life: which required meetings each organisation held or is missing, per period.

Frequencies are "一般" (as a rule): a missing meeting is listed for the secretary and the area reviewer, never
blocked; nobody is ranked by attendance. Three queries whatever the number of organisations: the
organisations, their meetings grouped by kind and month, their Party groups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractMonth

from members.models import Person
from organizations.models import PartyOrganization
from party_life.choices import FREQUENCY, ORG_KINDS, Frequency, MeetingKind
from party_life.models import Meeting, PartyGroup
from scoring.services.stars import MEMBER_STAGES


@dataclass(frozen=True)
class Period:
    """A month, quarter or year of a frequency: its months, label, and whether it has ended."""

    frequency: str
    months: tuple[int, ...]
    label: str
    ended: bool
    current: bool


@dataclass
class KindCell:
    kind: str
    label: str
    held: int = 0
    required: int = 0


@dataclass
class Compliance:
    """One organisation's year: per meeting kind, periods held out of the periods ended; what is missing or due."""

    organization: PartyOrganization
    cells: list[KindCell] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    due: list[str] = field(default_factory=list)

    @property
    def held(self) -> int:
        return sum(cell.held for cell in self.cells)

    @property
    def required(self) -> int:
        return sum(cell.required for cell in self.cells)

    @property
    def rate(self) -> int | None:
        """Percentage of ended periods with the meeting held (None before any period has ended)."""
        return round(100 * self.held / self.required) if self.required else None


def periods(year: int, today: date) -> dict[str, list[Period]]:
    """The year's periods of each frequency up to today (the current one included, marked as not ended)."""
    out: dict[str, list[Period]] = {Frequency.MONTH: [], Frequency.QUARTER: [], Frequency.YEAR: []}
    if year > today.year:
        return out
    last_month = 12 if year < today.year else today.month
    for month in range(1, last_month + 1):
        ended = year < today.year or month < today.month
        out[Frequency.MONTH].append(Period(Frequency.MONTH, (month,), f"{year}年{month}月", ended, not ended))
    for quarter in range(1, (last_month - 1) // 3 + 2):
        months = tuple(range(3 * quarter - 2, 3 * quarter + 1))
        ended = year < today.year or months[-1] < today.month
        out[Frequency.QUARTER].append(Period(Frequency.QUARTER, months, f"{year}年第{quarter}季度", ended, not ended))
    ended = year < today.year
    out[Frequency.YEAR].append(Period(Frequency.YEAR, tuple(range(1, 13)), f"{year}年度", ended, not ended))
    return out


def organizations_owing(queryset):
    """Organisations that hold organisational life: active, below the area committees, with members of their own."""
    members = Person.objects.filter(party_organization=OuterRef("pk"), stage__in=MEMBER_STAGES)
    return queryset.filter(is_active=True, depth__gt=1).filter(Exists(members))


def _owes(period: Period, year: int, founded_on: date | None) -> bool:
    """An organisation founded during a period owes nothing for periods that ended before it existed."""
    if founded_on is None or founded_on.year < year:
        return True
    if founded_on.year > year:
        return False
    return period.months[-1] >= founded_on.month


def compliance(organizations: list[PartyOrganization], *, year: int, today: date) -> list[Compliance]:
    """Each organisation's held/required meetings for the year up to today, with what is missing or still due."""
    ids = [org.pk for org in organizations]
    held: dict[tuple, set[int]] = defaultdict(set)  # (org, kind, group) -> months with such a meeting
    secretary_lecture: set[int] = set()
    rows = (
        Meeting.objects.filter(party_organization_id__in=ids, held_on__year=year)
        .annotate(month=ExtractMonth("held_on"))
        .values_list("party_organization_id", "kind", "group_id", "month", "by_secretary")
        .distinct()
    )
    for org_id, kind, group_id, month, by_secretary in rows:
        held[(org_id, kind, group_id)].add(month)
        if by_secretary:
            secretary_lecture.add(org_id)
    groups: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for org_id, pk, name in PartyGroup.objects.filter(party_organization_id__in=ids, is_active=True).values_list(
        "party_organization_id", "pk", "name"
    ):
        groups[org_id].append((pk, name))
    by_frequency = periods(year, today)
    labels = dict(MeetingKind.choices)
    result = []
    for org in organizations:
        item = Compliance(org)
        cells = {kind: KindCell(kind, str(label)) for kind, label in MeetingKind.choices}
        subjects = [(kind, None, str(labels[kind])) for kind in ORG_KINDS]
        subjects += [(MeetingKind.GROUP, pk, f"{labels[MeetingKind.GROUP]}（{name}）") for pk, name in groups[org.pk]]
        for kind, group_id, label in subjects:
            months = held[(org.pk, kind, group_id)]
            cell = cells[kind]  # the Party groups' meetings add up in one column
            for period in by_frequency[FREQUENCY[kind]]:
                if not _owes(period, year, org.founded_on):
                    continue
                done = bool(months.intersection(period.months))
                if period.ended:
                    cell.required += 1
                    cell.held += done
                    if not done:
                        item.missing.append(f"{period.label}{label}")
                elif not done:
                    item.due.append(f"{period.label}{label}")
        item.cells = list(cells.values())
        lecture = by_frequency[Frequency.YEAR]
        if lecture and org.pk not in secretary_lecture and _owes(lecture[0], year, org.founded_on):
            (item.missing if lecture[0].ended else item.due).append(f"{lecture[0].label}书记讲党课")
        result.append(item)
    return result
