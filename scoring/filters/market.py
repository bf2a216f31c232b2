"""Filters of the 积分超市 lists; one FilterSet serves the page and the API."""

import django_filters

from core.filters import PeriodDateFilter, SearchFilterSet
from organizations.models import Area
from scoring.choices import RedemptionStatus
from scoring.models import PointAccount, Redemption, RewardItem


class RewardItemFilterSet(SearchFilterSet):
    search_fields = ("name",)
    is_active = django_filters.BooleanFilter(label="上架")

    class Meta:
        model = RewardItem
        fields = ["q", "is_active"]


class RedemptionFilterSet(SearchFilterSet):
    search_fields = ("person__name", "item__name")
    linked_only = ("created_after", "created_before")
    status = django_filters.ChoiceFilter(label="状态", choices=RedemptionStatus.choices, empty_label="全部")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区",
        field_name="person__party_organization__area",
        queryset=Area.objects.all(),
        empty_label="全部",
    )
    created_after = PeriodDateFilter(label="兑换日期起", field_name="created_at__date", lookup_expr="gte")
    created_before = PeriodDateFilter(label="兑换日期止", field_name="created_at__date", lookup_expr="lte")

    class Meta:
        model = Redemption
        fields = ["q", "status", "area", "created_after", "created_before"]


class PointAccountFilterSet(SearchFilterSet):
    search_fields = ("person__name", "person__party_organization__name")

    class Meta:
        model = PointAccount
        fields = ["q"]
