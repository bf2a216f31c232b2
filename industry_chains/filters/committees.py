"""Filters of the committees and duty parts; one FilterSet serves the list page and the API."""

import django_filters

from core.filters import PeriodDateFilter, SearchFilterSet, YearFilter
from industry_chains.choices import ActivityKind, MemberRole, TurnStatus
from industry_chains.models import ChainActivity, ChainEnterprise, ChainMember, DutyTurn, IndustryChain
from organizations.models import Area


def _area(field_name: str, label: str = "街镇/园区"):
    return django_filters.ModelChoiceFilter(
        label=label, field_name=field_name, queryset=Area.objects.all(), empty_label="全部"
    )


def _chain():
    return django_filters.ModelChoiceFilter(label="产业链", queryset=IndustryChain.objects.all(), empty_label="全部")


class ChainMemberFilterSet(SearchFilterSet):
    search_fields = ("name", "unit", "position")
    chain = _chain()
    role = django_filters.ChoiceFilter(label="职务", choices=MemberRole.choices, empty_label="全部")

    class Meta:
        model = ChainMember
        fields = ["q", "chain", "role"]


class ChainEnterpriseFilterSet(SearchFilterSet):
    search_fields = ("entity__name", "instructor__name")
    chain = _chain()
    has_instructor = django_filters.BooleanFilter(
        label="已配指导员", field_name="instructor", lookup_expr="isnull", exclude=True
    )
    is_active = django_filters.BooleanFilter(label="在册")
    area = _area("entity__area")

    class Meta:
        model = ChainEnterprise
        fields = ["q", "chain", "area", "has_instructor", "is_active"]


class DutyTurnFilterSet(SearchFilterSet):
    search_fields = ("enterprise__entity__name", "reason")
    chain = _chain()
    status = django_filters.ChoiceFilter(label="状态", choices=TurnStatus.choices, empty_label="全部")
    year = YearFilter(label="年份", field_name="starts_on", lookup_expr="year")

    class Meta:
        model = DutyTurn
        fields = ["q", "chain", "status", "year"]


class ChainActivityFilterSet(SearchFilterSet):
    search_fields = ("title", "summary")
    chain = _chain()
    kind = django_filters.ChoiceFilter(label="形式", choices=ActivityKind.choices, empty_label="全部")
    benefits_enterprises = django_filters.BooleanFilter(label="党建惠企活动")
    held_after = PeriodDateFilter(label="起", field_name="held_on", lookup_expr="gte")
    held_before = PeriodDateFilter(label="止", field_name="held_on", lookup_expr="lte")
    # The area whose chain enterprise hosted it on its duty turn (轮值承办), as the dashboard counts an area's own.
    area = _area("duty_turn__enterprise__entity__area", label="承办企业所在街镇/园区")

    class Meta:
        model = ChainActivity
        fields = ["q", "chain", "kind", "benefits_enterprises", "held_after", "held_before", "area"]
