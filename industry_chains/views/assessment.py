"""督办考核: per department and per chain, for any period, with a chart and an Excel export."""

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from core.charts import Series, stacked_bars_svg
from core.spreadsheets import Table, xlsx_response
from industry_chains.forms.assessment import PeriodForm
from industry_chains.selectors import assessment as selectors

INDEX_LINKS: list[tuple[str, str, str]] = [
    ("industry_chains:assessment", "督办考核", "各部门、各产业链收到、办结、按时、逾期件数，平均办结用时和满意率"),
]

SERIES = [Series("按时答复", "#198754"), Series("逾期", "#c8161d"), Series("办理中", "#adb5bd")]
HEADERS = [
    "名称",
    "收到",
    "办结",
    "办结率(%)",
    "按时",
    "逾期",
    "按时率(%)",
    "平均办结用时(天)",
    "已评价",
    "满意",
    "满意率(%)",
]


def _row(figures: selectors.Figures) -> list:
    return [
        figures.name,
        figures.received,
        figures.closed,
        figures.close_rate if figures.close_rate is not None else "",
        figures.on_time,
        figures.overdue,
        figures.on_time_rate if figures.on_time_rate is not None else "",
        figures.avg_days if figures.avg_days is not None else "",
        figures.rated,
        figures.satisfied,
        figures.satisfaction_rate if figures.satisfaction_rate is not None else "",
    ]


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
        if request.GET.get("format") == "xlsx":
            return self.export(departments, chains, start, end)
        context = self.get_context_data(
            form=form if form.is_bound and not form.is_valid() else PeriodForm(initial={"start": start, "end": end}),
            start=start,
            end=end,
            departments=departments,
            department_total=selectors.totals(departments, "合计（按派单计）"),
            chains=chains,
            chain_total=selectors.totals(chains),
            department_chart=_chart(departments, "各部门办理情况"),
            chain_chart=_chart(chains, "各产业链办理情况"),
            query=request.GET.urlencode(),
        )
        return self.render_to_response(context)

    def export(self, departments, chains, start, end):
        tables = [
            Table(title=title, headers=HEADERS, rows=[_row(figures) for figures in rows])
            for title, rows in (("部门考核", departments), ("产业链考核", chains))
        ]
        return xlsx_response(tables, f"督办考核_{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


urlpatterns = [path("assessment/", AssessmentView.as_view(), name="assessment")]
