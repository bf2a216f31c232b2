"""Filters of tickets; one FilterSet serves the list page and the API."""

import django_filters

from core.filters import PeriodDateFilter, SearchFilterSet
from industry_chains.choices import OPEN_STATUSES, TicketCategory, TicketStatus
from industry_chains.models import Department, IndustryChain, Ticket
from organizations.models import Area

OPEN = "open"  # every status before 销号, as the dashboard's 办理中 counts them


class TicketFilterSet(SearchFilterSet):
    search_fields = ("title", "entity__name", "description")
    linked_only = ("closed_after", "closed_before", "rated", "awaiting_me")

    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[(OPEN, "未销号（办理中）"), *TicketStatus.choices],
        empty_label="全部",
        method="filter_status",
    )
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="entity__area", queryset=Area.objects.all(), empty_label="全部"
    )
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
    closed_after = PeriodDateFilter(label="销号起", field_name="closed_at__date", lookup_expr="gte")
    closed_before = PeriodDateFilter(label="销号止", field_name="closed_at__date", lookup_expr="lte")
    rated = django_filters.BooleanFilter(label="企业已评价", field_name="rating", lookup_expr="isnull", exclude=True)
    awaiting_me = django_filters.BooleanFilter(label="待本部门办理", method="filter_awaiting_me")

    class Meta:
        model = Ticket
        fields = [
            "q",
            "status",
            "area",
            "category",
            "chain",
            "department",
            "supervised",
            "reported_after",
            "reported_before",
            "closed_after",
            "closed_before",
            "rated",
            "awaiting_me",
        ]

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_awaiting_me(self, queryset, name, value):
        """A department handler's tickets still to answer (the home page's to-do)."""
        if value is None:
            return queryset
        from industry_chains.selectors.todos import awaiting_department

        waiting = awaiting_department(getattr(getattr(self.request, "user", None), "department_id", None))
        return queryset.filter(waiting if value else ~waiting)
