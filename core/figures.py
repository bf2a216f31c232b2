"""The programme's figures, section by section, for the dashboard and the generated work report.

Each area offers ``<app>.selectors.figures.section(scope) -> Section``: a few aggregate queries over what
the user may see, narrowed to one area and one period when asked. The dashboard shows the sections; the
work report prints them (same charts, same numbers) and writes them to a workbook.

Every figure is defined once in its area's ``CATALOGUE`` (a ``Catalogue`` of ``Definition``): key, Chinese
label, unit, 口径 (what is counted, over what, which date decides the period) and which filters apply. Pages,
the report's 指标口径 appendix and its workbook take label and definition from there; ``catalogue()`` is the
whole list. A figure shown under a filter it does not follow says so (``Figure.note``: 全县 / 不分年度).

The cards above a list page are figures too: each list view declares its ``Totals`` (a few ``Total``, each a
``Definition`` with the aggregate that counts it), and ``core.mixins.ScopedListView`` computes them in one query over
exactly the rows the list shows under its current filters; ``core/_totals.html`` draws them with their 口径.

Each definition also says where its records are listed (``Definition.link``, a ``Link``): the list page and the
query that narrows it to exactly what the figure counts, built from the same area and period as the figure, so a
card and the list it opens cannot disagree (tests/core/test_figure_drilldown.py follows every link). A sum or a
ratio opens the list of the rows it adds up or the page that shows its numerator and denominator
(``Link.counts`` False); a figure with no such list says why in ``Definition.unlinked``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode

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


NOT_BY_AREA = "全县"
NOT_BY_PERIOD = "不分年度"


@dataclass(frozen=True)
class Link:
    """The list a figure counts, narrowed by its filters to exactly the figure's rows.

    ``query`` holds the list's fixed filters (a status, a kind); ``area`` names the list's area filter, given the
    chosen area (``own_area``: also an area reviewer's own, for records every user may read); ``start``/``end``
    name the list's filters on the date that decides the period, given the figure's period. ``needs`` names
    values only the section knows (the campaign whose stars are counted): without them there is no link.
    ``counts`` False: a sum or a ratio, whose list shows the rows added up or the numerator, not the figure.
    """

    url_name: str
    query: tuple[tuple[str, str], ...] = ()
    area: str = "area"
    own_area: bool = False
    start: str = ""
    end: str = ""
    needs: tuple[str, ...] = ()
    counts: bool = True

    def url(self, scope: Scope, **values) -> str:
        params = list(self.query)
        area = scope.own_area if self.own_area else scope.area
        if self.area and area is not None:
            params.append((self.area, str(area.pk)))
        if self.start and scope.start is not None:
            params.append((self.start, scope.start.isoformat()))
        if self.end and scope.end is not None:
            params.append((self.end, scope.end.isoformat()))
        for name in self.needs:
            if values.get(name) in (None, ""):
                return ""
            params.append((name, str(values[name])))
        return reverse(self.url_name) + (f"?{urlencode(params)}" if params else "")


@dataclass(frozen=True)
class Definition:
    """A figure of the catalogue: what it is called, what it counts, which filters it follows."""

    key: str
    label: str
    unit: str
    definition: str  # 口径: what is counted (numerator and denominator), and which date decides the period
    by_area: bool = True  # narrowed to the chosen area (otherwise counted for the whole county)
    by_period: bool = False  # counted for the chosen period (otherwise as of today, whatever the period)
    article: str = ""  # the figure the source article reports for 汶上县, for comparison
    link: Link | None = None  # the list of what it counts (see Link)
    unlinked: str = ""  # without a link: why no list shows these rows
    selector: str = ""  # the function that computes it (set by the catalogue)

    @property
    def filters(self) -> str:
        """Which filters apply, in words (the appendix's and the workbook's column)."""
        area = "按所选街镇/园区" if self.by_area else "全县，不按街镇/园区"
        period = "按所选统计期间" if self.by_period else "当前数，不分年度"
        return f"{area}；{period}"


@dataclass(frozen=True)
class Total(Definition):
    """A card above a list: a ``Definition`` whose value is one aggregate over the rows the list shows under its
    current filters. ``count`` is that aggregate (``Count``/``Sum`` with ``filter=Q(...)``), or a function of the
    list's filter values returning it, for a card that reads a filter which narrows no row (人员名单's 截至日期) or
    a date only known when the page is read (today)."""

    count: object = None


class Totals:
    """The cards above one list, in order, all computed by ``figures()`` in one aggregate query."""

    def __init__(self, *totals: Total):
        self.totals = totals
        if len({total.key for total in totals}) != len(totals):
            raise ValueError("a list total's key is defined twice")
        for total in totals:
            if total.count is None:
                raise ValueError(f"{total.key}: a list total needs the aggregate that counts it")
            if not total.definition.endswith("。"):
                raise ValueError(f"{total.key}: its 口径 is one sentence ending in “。”")

    def __iter__(self):
        return iter(self.totals)

    def values(self, rows: QuerySet, filters: dict | None = None) -> dict[str, object]:
        """Each total's value over ``rows`` (the list's filtered queryset), by key, in one aggregate query;
        ``filters``: the list's cleaned filter values, for the totals that read one."""
        filters = filters or {}
        # Aliases of their own: a key may name the very annotation it adds up (``Sum("visit_count")``).
        aggregates = {
            f"_total{index}": total.count if hasattr(total.count, "resolve_expression") else total.count(filters)
            for index, total in enumerate(self.totals)
        }
        values = rows.order_by().aggregate(**aggregates)
        return {
            total.key: values[f"_total{index}"] if values[f"_total{index}"] is not None else 0
            for index, total in enumerate(self.totals)
        }

    def figures(self, rows: QuerySet, filters: dict | None = None) -> list[Figure]:
        """The cards: each total's definition with its value over ``rows``."""
        values = self.values(rows, filters)
        return [Figure(total, values[total.key]) for total in self.totals]


class Catalogue:
    """One area's figure definitions, computed by its ``selector``; ``figure()`` pairs a definition with a value."""

    def __init__(self, selector: str, definitions: list[Definition]):
        self.definitions = {item.key: replace(item, selector=selector) for item in definitions}
        if len(self.definitions) != len(definitions):
            raise ValueError(f"{selector}: a figure key is defined twice")
        for item in definitions:
            if (item.link is None) == (not item.unlinked):
                raise ValueError(f"{selector}: {item.key} needs a link to its list or the reason it has none")
            if item.link is not None and (item.link.start or item.link.end) and not item.by_period:
                raise ValueError(f"{selector}: {item.key} is not counted by period, its list must not be either")

    def __getitem__(self, key: str) -> Definition:
        return self.definitions[key]

    def figure(self, scope: Scope, key: str, value, **values) -> Figure:
        """The figure with the link to its list, narrowed to the scope's area and period (``values``: what the
        link ``needs``)."""
        definition = self.definitions[key]
        url = definition.link.url(scope, **values) if definition.link is not None else ""
        notes = []
        if not definition.by_area and (scope.area is not None or getattr(scope.user, "area_id", None)):
            notes.append(NOT_BY_AREA)
        if not definition.by_period and (scope.start is not None or scope.end is not None):
            notes.append(NOT_BY_PERIOD)
        return Figure(definition, value, url, "，".join(notes))


def catalogue() -> dict[str, Definition]:
    """Every figure the portal states, by key, in the order of the programme."""
    result: dict[str, Definition] = {}
    for name in SOURCES:
        result.update(importlib.import_module(name).CATALOGUE.definitions)
    return result


@dataclass
class Figure:
    """One number: its catalogue definition, its value, where to see the records, and which filter it ignores."""

    definition: Definition
    value: int | Decimal
    url: str = ""
    note: str = ""  # 全县 / 不分年度 when a chosen filter does not apply to this figure

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def label(self) -> str:
        return self.definition.label

    @property
    def unit(self) -> str:
        return self.definition.unit

    @property
    def article(self) -> str:
        return self.definition.article

    @property
    def in_period(self) -> bool:
        return self.definition.by_period


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

    def values(self) -> dict[str, object]:
        """Value by catalogue key."""
        return {figure.key: figure.value for figure in self.figures}


def sections(scope: Scope, *, progress: Callable[[str], None] | None = None) -> list[Section]:
    """Every area's section, in the order of the programme; ``progress(title)`` after each (the report's bar)."""
    result = []
    for name in SOURCES:
        section = importlib.import_module(name).section(scope)
        result.append(section)
        if progress is not None:
            progress(section.title)
    return result
