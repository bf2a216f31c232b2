"""Filters of organisational life; one FilterSet serves the list page and the API."""

import django_filters

from core.filters import SearchFilterSet, WholeNumberFilter, YearFilter
from organizations.models import Area, PartyOrganization
from party_life.choices import MeetingKind
from party_life.models import Meeting


class MeetingFilterSet(SearchFilterSet):
    search_fields = ("topic", "place", "party_organization__name")

    kind = django_filters.ChoiceFilter(label="会议类型", choices=MeetingKind.choices, empty_label="全部")
    year = YearFilter(label="年度", field_name="held_on", lookup_expr="year")
    month = WholeNumberFilter(label="月", field_name="held_on", lookup_expr="month", min_value=1, max_value=12)
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = Meeting
        fields = ["q", "kind", "year", "month", "area"]


class ComplianceFilterSet(SearchFilterSet):
    """The organisations' compliance list: by name and area (the year is the page's own parameter)."""

    search_fields = ("name",)

    year = YearFilter(label="年度", method="for_year")
    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")

    class Meta:
        model = PartyOrganization
        fields = ["q", "year", "area"]

    def for_year(self, queryset, name, value):
        """The year chooses the periods counted, not the organisations listed (read by the page)."""
        return queryset
