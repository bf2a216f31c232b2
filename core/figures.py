"""The programme's figures, section by section, for the dashboard and the generated work report.

Each area offers ``<app>.selectors.figures.section(scope) -> Section``: a few aggregate queries over what
the user may see, narrowed to one area and one period when asked. The dashboard shows the sections; the
work report prints them (same charts, same numbers) and writes them to a workbook.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

SOURCES = [
    "organizations.selectors.figures",
    "members.selectors.figures",
    "scoring.selectors.figures",
    "industry_chains.selectors.figures",
    "party_life.selectors.figures",
]


PERIOD_ORDER = "结束日期不能早于开始日期。"


def period_check(start: date | None, end: date | None) -> None:
    """Refuse a period that ends before it starts (the dashboard's filter and the work report alike)."""
    if start and end and start > end:
        raise ValidationError({"end": PERIOD_ORDER}, code="period")


@dataclass(frozen=True)
class Scope:
    """Whose figures, where and when: ``area`` None means everything the user sees; no dates mean all time."""

    user: object
    area: object | None = None
    start: date | None = None
    end: date | None = None

    @property
    def period_label(self) -> str:
        if self.start is None and self.end is None:
            return "全部时间"
        if (
            self.start
            and self.end
            and self.start.year == self.end.year
            and (self.start.month, self.start.day)
            == (
                1,
                1,
            )
            and (self.end.month, self.end.day) == (12, 31)
        ):
            return f"{self.start.year}年"
        return f"{self.start or '…'} 至 {self.end or '…'}"

    @property
    def own_area(self):
        """The chosen area, or an area reviewer's own: for records every user may read (chain enterprises),
        which ``visible_to`` does not narrow."""
        return self.area if self.area is not None else getattr(self.user, "area", None)

    @property
    def area_label(self) -> str:
        return self.area.name if self.area is not None else getattr(self.user, "scope_label", "")

    def visible(self, queryset: QuerySet) -> QuerySet:
        """``visible_to(user)``, narrowed to the chosen area along the model's own area lookup."""
        queryset = queryset.visible_to(self.user)
        lookup = getattr(type(queryset), "scope_area", None)
        if self.area is not None and lookup is not None:
            queryset = queryset.filter(**({lookup: self.area} if lookup else {"pk": self.area.pk}))
        return queryset

    def period(self, date_field: str) -> Q:
        """The condition that ``date_field`` (a date, or ``<datetime>__date``) falls inside the period, for
        ``filter()`` or an aggregate's ``Count(filter=...)``; empty when the period is all time."""
        condition = Q()
        if self.start is not None:
            condition &= Q(**{f"{date_field}__gte": self.start})
        if self.end is not None:
            condition &= Q(**{f"{date_field}__lte": self.end})
        return condition

    def within(self, queryset: QuerySet, date_field: str) -> QuerySet:
        """Rows whose ``date_field`` falls inside the period."""
        return queryset.filter(self.period(date_field))


@dataclass
class Figure:
    """One number: what it is, its value and unit, where to see the records, and what the article says."""

    label: str
    value: int | Decimal
    unit: str = ""
    url: str = ""
    article: str = ""  # the figure the source article reports for 汶上县, for comparison
    in_period: bool = False  # counted inside the chosen period (otherwise: as of today)


@dataclass
class Section:
    """A part of the dashboard and of the work report."""

    key: str
    title: str
    figures: list[Figure]
    charts: list[str] = field(default_factory=list)  # SVG markup, the same for page and PDF
    summary: str = ""  # one paragraph for the work report, written from the figures

    def value(self, label: str):
        return next(figure.value for figure in self.figures if figure.label == label)


def sections(scope: Scope, *, progress: Callable[[str], None] | None = None) -> list[Section]:
    """Every area's section, in the order of the programme; ``progress(title)`` after each (the report's bar)."""
    result = []
    for name in SOURCES:
        section = importlib.import_module(name).section(scope)
        result.append(section)
        if progress is not None:
            progress(section.title)
    return result
