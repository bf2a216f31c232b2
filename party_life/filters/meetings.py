"""Filters of organisational life; one FilterSet serves the list page and the API."""

import django_filters
from django.utils import timezone

from core.filters import PeriodDateFilter, SearchFilterSet, WholeNumberFilter, YearFilter
from organizations.models import Area, PartyOrganization
from party_life.choices import MeetingKind
from party_life.models import Meeting


class MeetingFilterSet(SearchFilterSet):
    search_fields = ("topic", "place", "party_organization__name")
    linked_only = ("held_after", "held_before")

    kind = django_filters.ChoiceFilter(label="会议类型", choices=MeetingKind.choices, empty_label="全部")
    year = YearFilter(label="年度", field_name="held_on", lookup_expr="year")
    month = WholeNumberFilter(label="月", field_name="held_on", lookup_expr="month", min_value=1, max_value=12)
    held_after = PeriodDateFilter(label="召开日期起", field_name="held_on", lookup_expr="gte")
    held_before = PeriodDateFilter(label="召开日期止", field_name="held_on", lookup_expr="lte")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = Meeting
        fields = ["q", "kind", "year", "month", "held_after", "held_before", "area"]


LACKING_CHOICES = [("due", "本月、本季度、本年度尚未登记"), ("last_month", "上月缺少必开会议")]


class ComplianceFilterSet(SearchFilterSet):
    """The organisations' compliance list: by name and area (the year is the page's own parameter)."""

    search_fields = ("name",)
    linked_only = ("lacking",)

    year = YearFilter(label="年度", method="for_year")
    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")

    lacking = django_filters.ChoiceFilter(
        label="待办", choices=LACKING_CHOICES, empty_label="全部", method="filter_lacking"
    )

    class Meta:
        model = PartyOrganization
        fields = ["q", "year", "area", "lacking"]

    def filter_lacking(self, queryset, name, value):
        """The organisations a to-do counts: with meetings still due, or short of last month's (one compliance
        pass over the organisations, as the to-do makes)."""
        from party_life.selectors.todos import organizations_due, organizations_short_last_month

        pick = organizations_due if value == "due" else organizations_short_last_month
        rows = pick(list(queryset), today=timezone.localdate())
        return queryset.filter(pk__in=[item.organization.pk for item in rows])

    def for_year(self, queryset, name, value):
        """The year chooses the periods counted, not the organisations listed (read by the page)."""
        return queryset
