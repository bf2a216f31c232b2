"""Filters of scorecards; one FilterSet serves the list page and the API."""

import django_filters

from core.filters import SearchFilterSet, WholeNumberFilter, YearFilter
from organizations.models import Area
from scoring.choices import ScorecardStatus
from scoring.models import Scorecard


class ScorecardFilterSet(SearchFilterSet):
    search_fields = ("person__name", "party_organization__name")

    year = YearFilter(label="年度")
    quarter = WholeNumberFilter(label="季度")
    status = django_filters.ChoiceFilter(label="状态", choices=ScorecardStatus.choices, empty_label="全部")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = Scorecard
        fields = ["q", "year", "quarter", "status", "area"]
