"""Filters of organisation ratings, 红旗支部 candidates and designations."""

import django_filters

from core.filters import SearchFilterSet, WholeNumberFilter, YearFilter
from organizations.models import Area
from scoring.choices import CampaignStep, DesignationKind, OrgTrack
from scoring.models import Designation, OrgRating, RatingCampaign, RedFlagCandidate

MODEL_POSTS = "model_posts"  # the three kinds of 示范创建 together, as the dashboard counts them
# Ratings still waiting for a step's score: the self-check (secretaries) and the inspection (reviewers).
WAITING = {
    "self_check": (CampaignStep.SELF_CHECK, "self_total"),
    "inspection": (CampaignStep.INSPECTION, "inspection_total"),
}
WAITING_CHOICES = [("self_check", "自查初评尚未自评"), ("inspection", "检查验收尚未评分")]


def _area(field_name="party_organization__area"):
    return django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name=field_name, queryset=Area.objects.all(), empty_label="全部"
    )


class OrgRatingFilterSet(SearchFilterSet):
    search_fields = ("party_organization__name",)
    linked_only = ("campaign", "waiting")
    year = YearFilter(label="年度", field_name="campaign__year")
    campaign = django_filters.ModelChoiceFilter(label="评星定级", queryset=RatingCampaign.objects.all())
    waiting = django_filters.ChoiceFilter(
        label="待办", choices=WAITING_CHOICES, empty_label="全部", method="filter_waiting"
    )
    stars = WholeNumberFilter(label="星级")
    area = _area()
    has_tasks = django_filters.BooleanFilter(
        label="有转化提升任务", field_name="tasks", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = OrgRating
        fields = ["q", "year", "campaign", "waiting", "stars", "area"]

    def filter_waiting(self, queryset, name, value):
        step, total_field = WAITING[value]
        return queryset.filter(campaign__step=step, **{f"{total_field}__isnull": True})


class RedFlagFilterSet(SearchFilterSet):
    search_fields = ("party_organization__name",)
    linked_only = ("campaign", "is_demo_point")
    year = YearFilter(label="年度", field_name="rating__campaign__year")
    campaign = django_filters.ModelChoiceFilter(
        label="评星定级", field_name="rating__campaign", queryset=RatingCampaign.objects.all()
    )
    track = django_filters.ChoiceFilter(label="类别", choices=OrgTrack.choices, empty_label="全部")
    selected = django_filters.BooleanFilter(label="评为红旗支部")
    is_demo_point = django_filters.BooleanFilter(label="示范点")
    area = _area()

    class Meta:
        model = RedFlagCandidate
        fields = ["q", "year", "campaign", "track", "selected", "is_demo_point", "area"]


class DesignationFilterSet(SearchFilterSet):
    search_fields = ("name", "party_organization__name", "person__name", "commitment")
    kind = django_filters.ChoiceFilter(
        label="类别",
        choices=[*DesignationKind.choices, (MODEL_POSTS, "示范车间、班组、先锋岗")],
        empty_label="全部",
        method="filter_kind",
    )
    year = YearFilter(label="年度")
    is_active = django_filters.BooleanFilter(label="有效")
    area = _area()

    class Meta:
        model = Designation
        fields = ["q", "kind", "year", "is_active", "area"]

    def filter_kind(self, queryset, name, value):
        if value == MODEL_POSTS:
            return queryset.filter(
                kind__in=[DesignationKind.WORKSHOP, DesignationKind.TEAM, DesignationKind.VANGUARD_POST]
            )
        return queryset.filter(kind=value)
