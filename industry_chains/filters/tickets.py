"""Filters of tickets; one FilterSet serves the list page and the API."""

import django_filters

from core.filters import PeriodDateFilter, SearchFilterSet
from industry_chains.choices import TicketCategory, TicketStatus
from industry_chains.models import Department, IndustryChain, Ticket


class TicketFilterSet(SearchFilterSet):
    search_fields = ("title", "entity__name", "description")

    status = django_filters.ChoiceFilter(label="状态", choices=TicketStatus.choices, empty_label="全部")
    category = django_filters.ChoiceFilter(label="问题类别", choices=TicketCategory.choices, empty_label="全部")
    chain = django_filters.ModelChoiceFilter(label="产业链", queryset=IndustryChain.objects.all(), empty_label="全部")
    department = django_filters.ModelChoiceFilter(
        label="承办部门",
        field_name="assignments__department",
        queryset=Department.objects.all(),
        empty_label="全部",
        distinct=True,
    )
    supervised = django_filters.BooleanFilter(label="督办中", field_name="is_supervised")
    reported_after = PeriodDateFilter(label="报送起", field_name="reported_at__date", lookup_expr="gte")
    reported_before = PeriodDateFilter(label="报送止", field_name="reported_at__date", lookup_expr="lte")

    class Meta:
        model = Ticket
        fields = ["q", "status", "category", "chain", "department", "supervised", "reported_after", "reported_before"]
