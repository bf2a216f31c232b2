"""Filters of organisation ratings, 红旗支部 candidates and designations."""

import django_filters

from core.filters import SearchFilterSet, WholeNumberFilter, YearFilter
from organizations.models import Area
from scoring.choices import DesignationKind, OrgTrack
from scoring.models import Designation, OrgRating, RedFlagCandidate


def _area(field_name="party_organization__area"):
    return django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name=field_name, queryset=Area.objects.all(), empty_label="全部"
    )


class OrgRatingFilterSet(SearchFilterSet):
    search_fields = ("party_organization__name",)
    year = YearFilter(label="年度", field_name="campaign__year")
    stars = WholeNumberFilter(label="星级")
    area = _area()
    has_tasks = django_filters.BooleanFilter(
        label="有转化提升任务", field_name="tasks", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = OrgRating
        fields = ["q", "year", "stars", "area"]


class RedFlagFilterSet(SearchFilterSet):
    search_fields = ("party_organization__name",)
    year = YearFilter(label="年度", field_name="rating__campaign__year")
    track = django_filters.ChoiceFilter(label="类别", choices=OrgTrack.choices, empty_label="全部")
    selected = django_filters.BooleanFilter(label="评为红旗支部")
    area = _area()

    class Meta:
        model = RedFlagCandidate
        fields = ["q", "year", "track", "selected", "area"]


class DesignationFilterSet(SearchFilterSet):
    search_fields = ("name", "party_organization__name", "person__name", "commitment")
    kind = django_filters.ChoiceFilter(label="类别", choices=DesignationKind.choices, empty_label="全部")
    year = YearFilter(label="年度")
    area = _area()

    class Meta:
        model = Designation
        fields = ["q", "kind", "year", "area"]
