"""Filters of scorecards; one FilterSet serves the list page and the API."""

import django_filters

from core.filters import PeriodDateFilter, SearchFilterSet, WholeNumberFilter, YearFilter
from organizations.models import Area
from scoring.choices import ScorecardStatus
from scoring.models import Scorecard

PUBLISHED = "published"  # the dashboard's 已公示、确定的积分卡


class ScorecardFilterSet(SearchFilterSet):
    search_fields = ("person__name", "party_organization__name")
    linked_only = ("quarter_end_after", "quarter_end_before")

    year = YearFilter(label="年度")
    quarter = WholeNumberFilter(label="季度")
    quarter_end_after = PeriodDateFilter(label="季度末起", method="filter_quarter_end_after")
    quarter_end_before = PeriodDateFilter(label="季度末止", method="filter_quarter_end_before")
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[*ScorecardStatus.choices, (PUBLISHED, "已公示或已确定")],
        empty_label="全部",
        method="filter_status",
    )
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = Scorecard
        fields = ["q", "year", "quarter", "quarter_end_after", "quarter_end_before", "status", "area"]

    def filter_status(self, queryset, name, value):
        if value == PUBLISHED:
            return queryset.filter(status__in=[ScorecardStatus.POSTED, ScorecardStatus.FINAL])
        return queryset.filter(status=value)

    # Quarters that end inside a period, as the dashboard counts them.
    def filter_quarter_end_after(self, queryset, name, value):
        from scoring.selectors.figures import quarters_within

        return quarters_within(queryset, start=value)

    def filter_quarter_end_before(self, queryset, name, value):
        from scoring.selectors.figures import quarters_within

        return quarters_within(queryset, end=value)
