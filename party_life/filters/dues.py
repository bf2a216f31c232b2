"""Filters of Party dues and of the members listed under the six-month rule."""

import django_filters

from core.filters import PeriodDateFilter, SearchFilterSet, YearFilter
from core.form_widgets import MonthInput
from members.models import Person
from organizations.models import Area
from party_life.models import DuesPayment


class DuesPaymentFilterSet(SearchFilterSet):
    search_fields = ("person__name", "party_organization__name", "note")
    linked_only = ("paid_after", "paid_before")

    month = PeriodDateFilter(label="所属月份", widget=MonthInput())
    year = YearFilter(label="年度", field_name="month", lookup_expr="year")
    paid_after = PeriodDateFilter(label="缴纳日期起", field_name="paid_on", lookup_expr="gte")
    paid_before = PeriodDateFilter(label="缴纳日期止", field_name="paid_on", lookup_expr="lte")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = DuesPayment
        fields = ["q", "year", "month", "paid_after", "paid_before", "area"]


class MemberFilterSet(SearchFilterSet):
    """Members (dues list, six-month list): by name or organisation, and area."""

    search_fields = ("name", "party_organization__name")

    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = Person
        fields = ["q", "area"]
