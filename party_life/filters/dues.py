"""Filters of Party dues and of the members listed under the six-month rule."""

import django_filters

from core.filters import PeriodDateFilter, SearchFilterSet, YearFilter
from core.form_widgets import MonthInput
from members.models import Person
from organizations.models import Area, PartyOrganization
from party_life.models import DuesPayment, DuesRefund, DuesRemittance


class DuesPaymentFilterSet(SearchFilterSet):
    search_fields = ("person__name", "party_organization__name", "note")

    month = PeriodDateFilter(label="所属月份", widget=MonthInput())
    year = YearFilter(label="年度", field_name="month", lookup_expr="year")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = DuesPayment
        fields = ["q", "year", "month", "area"]


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

    year = YearFilter(label="年度", field_name="month", lookup_expr="year")

    class Meta:
        model = DuesRemittance
        fields = ["q", "year"]


class RefundFilterSet(SearchFilterSet):
    search_fields = ("party_organization__name", "fund_entry__note")

    year = YearFilter(label="年度", field_name="year")

    class Meta:
        model = DuesRefund
        fields = ["q", "year"]
