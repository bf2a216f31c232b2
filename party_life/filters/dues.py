"""Filters of Party dues and of the members listed under the six-month rule."""

import django_filters

from core.filters import PeriodDateFilter, SearchFilterSet, YearFilter
from core.form_widgets import MonthInput
from members.models import Person
from organizations.models import Area, PartyOrganization
from party_life.models import DuesPayment, DuesRefund, DuesRemittance


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


class OrganizationFlowFilterSet(SearchFilterSet):
    """Organisations on the dues flow page: by name and area (the year is read by the view)."""

    search_fields = ("name",)

    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")

    class Meta:
        model = PartyOrganization
        fields = ["q", "area"]


class RemittanceFilterSet(SearchFilterSet):
    search_fields = ("party_organization__name", "note")
    linked_only = ("remitted_after", "remitted_before", "to_county")

    year = YearFilter(label="年度", field_name="month", lookup_expr="year")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )
    remitted_after = PeriodDateFilter(label="上缴日期起", field_name="remitted_on", lookup_expr="gte")
    remitted_before = PeriodDateFilter(label="上缴日期止", field_name="remitted_on", lookup_expr="lte")
    to_county = django_filters.BooleanFilter(label="直接上缴县委", field_name="recipient", lookup_expr="isnull")

    class Meta:
        model = DuesRemittance
        fields = ["q", "year", "area", "remitted_after", "remitted_before", "to_county"]


class RefundFilterSet(SearchFilterSet):
    search_fields = ("party_organization__name", "fund_entry__note")

    year = YearFilter(label="年度", field_name="year")

    class Meta:
        model = DuesRefund
        fields = ["q", "year"]
