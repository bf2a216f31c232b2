"""Filters of 党建惠企: handlers, experts, visits, policies (with “applies to my enterprise”), results."""

import django_filters
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import PeriodDateFilter, SearchFilterSet, YearFilter
from industry_chains.choices import PolicyCategory, ResultKind
from industry_chains.models import (
    Department,
    DepartmentHandler,
    EnterpriseResult,
    Expert,
    ExpertVisit,
    IndustryChain,
    Policy,
)
from industry_chains.selectors.service import policies_for
from organizations.models import Area, Entity


def _chain(field_name: str = "chain"):
    return django_filters.ModelChoiceFilter(
        label="产业链", field_name=field_name, queryset=IndustryChain.objects.all(), empty_label="全部"
    )


class DepartmentHandlerFilterSet(SearchFilterSet):
    search_fields = ("name", "position", "department__name")
    department = django_filters.ModelChoiceFilter(label="部门", queryset=Department.objects.all(), empty_label="全部")
    chain = _chain("chains")
    is_active = django_filters.BooleanFilter(label="在岗")

    class Meta:
        model = DepartmentHandler
        fields = ["q", "department", "chain", "is_active"]


class ExpertFilterSet(SearchFilterSet):
    search_fields = ("name", "unit", "specialty")
    chain = _chain()

    class Meta:
        model = Expert
        fields = ["q", "chain"]


class ExpertVisitFilterSet(SearchFilterSet):
    search_fields = ("expert__name", "enterprise__entity__name", "topic")
    chain = _chain("enterprise__chain")
    expert = django_filters.ModelChoiceFilter(label="专家", queryset=Expert.objects.all(), empty_label="全部")

    class Meta:
        model = ExpertVisit
        fields = ["q", "chain", "expert"]


class PolicyFilterSet(SearchFilterSet):
    search_fields = ("title", "summary")
    category = django_filters.ChoiceFilter(label="政策类别", choices=PolicyCategory.choices, empty_label="全部")
    issuing_department = django_filters.ModelChoiceFilter(
        label="发布部门", queryset=Department.objects.all(), empty_label="全部"
    )
    in_force = django_filters.BooleanFilter(label="现行有效", method="filter_in_force")
    # The API takes the enterprise's id.
    applies_to = extend_schema_field(OpenApiTypes.INT)(
        django_filters.ModelChoiceFilter(
            label="适用我的企业", queryset=Entity.objects.all(), method="filter_applies_to", empty_label="全部"
        )
    )

    class Meta:
        model = Policy
        fields = ["q", "category", "issuing_department", "in_force", "applies_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None:
            # Only the user's own enterprises that belong to a chain (an enterprise browses what applies to it).
            self.filters["applies_to"].queryset = (
                Entity.objects.editable_by(user).filter(chain_memberships__is_active=True).distinct().order_by("name")
            )

    def filter_in_force(self, queryset, name, value):
        if value is None:
            return queryset
        in_force = Policy.objects.in_force(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=in_force) if value else queryset.exclude(pk__in=in_force)

    def filter_applies_to(self, queryset, name, value):
        return policies_for(entity=value, on=timezone.localdate(), policies=queryset) if value else queryset


class EnterpriseResultFilterSet(SearchFilterSet):
    search_fields = ("title", "enterprise__entity__name", "note")
    linked_only = ("achieved_after", "achieved_before")
    chain = _chain("enterprise__chain")
    kind = django_filters.ChoiceFilter(label="类别", choices=ResultKind.choices, empty_label="全部")
    year = YearFilter(label="年份", field_name="achieved_on", lookup_expr="year")
    achieved_after = PeriodDateFilter(label="起", field_name="achieved_on", lookup_expr="gte")
    achieved_before = PeriodDateFilter(label="止", field_name="achieved_on", lookup_expr="lte")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="enterprise__entity__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = EnterpriseResult
        fields = ["q", "chain", "kind", "year", "achieved_after", "achieved_before", "area"]
