"""Filters of star-member results and point lines; one FilterSet serves the list page and the API."""

import django_filters

from core.filters import PeriodDateFilter, SearchFilterSet, WholeNumberFilter, YearFilter
from core.form_widgets import MonthInput
from organizations.models import Area
from scoring.choices import MonthStatus, Star
from scoring.models import MonthlyResult, PointEntry, QuarterlyResult, ScoringMonth


class MonthlyResultFilterSet(SearchFilterSet):
    search_fields = ("person__name", "party_organization__name")
    linked_only = ("month_after", "month_before")

    month = PeriodDateFilter(label="月份", widget=MonthInput())
    month_after = PeriodDateFilter(label="月份起", field_name="month", lookup_expr="gte")
    month_before = PeriodDateFilter(label="月份止", field_name="month", lookup_expr="lte")
    is_star_member = django_filters.BooleanFilter(label="星级党员")
    star_count = WholeNumberFilter(label="获星数")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = MonthlyResult
        fields = ["q", "month", "month_after", "month_before", "is_star_member", "star_count", "area"]


class QuarterlyResultFilterSet(SearchFilterSet):
    search_fields = ("person__name", "party_organization__name")
    linked_only = ("quarter_end_after", "quarter_end_before")

    year = YearFilter(label="年度")
    quarter = WholeNumberFilter(label="季度")
    quarter_end_after = PeriodDateFilter(label="季度末起", method="filter_quarter_end_after")
    quarter_end_before = PeriodDateFilter(label="季度末止", method="filter_quarter_end_before")
    is_star_member = django_filters.BooleanFilter(label="星级党员")
    star_count = WholeNumberFilter(label="获星数")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = QuarterlyResult
        fields = [
            "q",
            "year",
            "quarter",
            "quarter_end_after",
            "quarter_end_before",
            "is_star_member",
            "star_count",
            "area",
        ]

    # Quarters that end inside a period, as the dashboard counts them.
    def filter_quarter_end_after(self, queryset, name, value):
        from scoring.selectors.figures import quarters_within

        return quarters_within(queryset, start=value)

    def filter_quarter_end_before(self, queryset, name, value):
        from scoring.selectors.figures import quarters_within

        return quarters_within(queryset, end=value)


class PointEntryFilterSet(SearchFilterSet):
    search_fields = ("person__name", "rule__name", "note")
    linked_only = ("month_after", "month_before")

    month = PeriodDateFilter(label="月份", widget=MonthInput())
    month_after = PeriodDateFilter(label="月份起", field_name="month", lookup_expr="gte")
    month_before = PeriodDateFilter(label="月份止", field_name="month", lookup_expr="lte")
    star = django_filters.ChoiceFilter(label="所属星", choices=Star.choices, empty_label="全部")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区",
        field_name="person__party_organization__area",
        queryset=Area.objects.all(),
        empty_label="全部",
    )

    class Meta:
        model = PointEntry
        fields = ["q", "month", "month_after", "month_before", "star", "area"]


class ScoringMonthFilterSet(SearchFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=MonthStatus.choices, empty_label="全部")

    class Meta:
        model = ScoringMonth
        fields = ["status"]
