"""督办考核: per department and per chain, for any period, with a chart and an Excel export."""

import datetime
from dataclasses import dataclass, replace

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from core import spreadsheets
from core.charts import Series, stacked_bars_svg
from core.figures import Definition, Scope
from industry_chains.forms.assessment import PeriodForm
from industry_chains.selectors import assessment as selectors

INDEX_LINKS: list[tuple[str, str, str]] = [
    ("industry_chains:assessment", "督办考核", "各部门、各产业链收到、办结、按时、逾期件数，平均办结用时和满意率"),
]

SERIES = [Series("按时答复", "#198754"), Series("逾期", "#c8161d"), Series("办理中", "#adb5bd")]
# Each table's sheet title in the export and the header of its name column.
TABLES = {"department": ("部门考核", "部门"), "chain": ("产业链考核", "产业链")}
DEPARTMENT_TOTAL = "合计（按派单计）"
COLUMNS = {"department": selectors.DEPARTMENT_COLUMNS, "chain": selectors.CHAIN_COLUMNS}


@dataclass(frozen=True)
class Cell:
    """A figure of the table: its column's definition, its value (None: nothing to count) and its list."""

    definition: Definition
    value: object
    url: str = ""

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        unit = self.definition.unit
        return f"{self.value}%" if unit == "%" else f"{self.value} 天" if unit == "天" else str(self.value)

    @property
    def alert(self) -> bool:
        """An overdue count above zero, shown in red."""
        return self.definition.key.endswith("_overdue") and bool(self.value)


@dataclass(frozen=True)
class Row:
    name: str
    cells: list[Cell]


def _row(columns, figures: selectors.Figures, scope: Scope | None = None, **values) -> Row:
    """A row's cells; with ``scope``, each column with a list links to the row's (``values``: what it needs)."""
    cells = []
    for definition in columns.definitions.values():
        url = definition.link.url(scope, **values) if scope is not None and definition.link is not None else ""
        cells.append(Cell(definition, selectors.column_value(definition, figures), url))
    return Row(figures.name, cells)


def headers(kind: str) -> list[str]:
    """The export's header row: the name column, then each column's label with its unit."""
    return [TABLES[kind][1], *(f"{d.label}({d.unit})" for d in COLUMNS[kind].definitions.values())]


def _chart(rows: list[selectors.Figures], title: str) -> str:
    bars = [(r.name, [r.on_time, r.overdue, max(r.received - r.on_time - r.overdue, 0)]) for r in rows]
    return stacked_bars_svg(bars, SERIES, unit="件", title=title, width=560, label_width=150) if bars else ""


class AssessmentView(LoginRequiredMixin, TemplateView):
    """The figures of the tickets in the user's scope: county staff all, a department its own, a chain its own."""

    template_name = "industry_chains/assessment.html"

    def get(self, request, *args, **kwargs):
        form = PeriodForm(request.GET or None)
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        else:
            today = timezone.localdate()
            start, end = datetime.date(today.year, 1, 1), today
        user = request.user
        departments = selectors.department_figures(assignments=selectors.scoped_assignments(user), start=start, end=end)
        chains = selectors.chain_figures(tickets=selectors.scoped_tickets(user), start=start, end=end)
        department_total = selectors.totals(departments, DEPARTMENT_TOTAL)
        chain_total = selectors.totals(chains)
        if request.GET.get("format") == "xlsx":
            return self.export(
                {"department": (departments, department_total), "chain": (chains, chain_total)}, start, end
            )
        scope = Scope(user, start=start, end=end)
        context = self.get_context_data(
            form=form if form.is_bound and not form.is_valid() else PeriodForm(initial={"start": start, "end": end}),
            start=start,
            end=end,
            department_columns=list(selectors.DEPARTMENT_COLUMNS.definitions.values()),
            departments=[_row(selectors.DEPARTMENT_COLUMNS, figures) for figures in departments],
            department_total=department_total and _row(selectors.DEPARTMENT_COLUMNS, department_total),
            chain_columns=list(selectors.CHAIN_COLUMNS.definitions.values()),
            chains=[_row(selectors.CHAIN_COLUMNS, figures, scope, chain=figures.key) for figures in chains],
            chain_total=chain_total and _row(selectors.CHAIN_COLUMNS, chain_total),
            department_chart=_chart(departments, "各部门办理情况"),
            chain_chart=_chart(chains, "各产业链办理情况"),
            query=request.GET.urlencode(),
        )
        return self.render_to_response(context)

    def export(self, tables: dict, start, end):
        """Both tables (``tables``: kind -> rows, total) with their totals, then the 指标口径 sheet of their columns."""
        sheets = []
        for kind, (rows, total) in tables.items():
            lines = [_row(COLUMNS[kind], figures) for figures in (*rows, *([total] if total else []))]
            values = [[line.name, *(cell.value for cell in line.cells)] for line in lines]  # None: an empty cell
            sheets.append(spreadsheets.Table(title=TABLES[kind][0], headers=headers(kind), rows=values))
        # One sheet for both tables, whose columns share their labels: each named with its table's.
        definitions = [
            replace(definition, label=f"{TABLES[kind][0]}：{definition.label}")
            for kind, columns in COLUMNS.items()
            for definition in columns.definitions.values()
        ]
        sheets.append(spreadsheets.definitions_table(definitions))
        return spreadsheets.xlsx_response(sheets, f"督办考核_{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


urlpatterns = [path("assessment/", AssessmentView.as_view(), name="assessment")]
