"""Filters of the 积分超市 lists; one FilterSet serves the page and the API."""

import django_filters

from core.filters import SearchFilterSet
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
    status = django_filters.ChoiceFilter(label="状态", choices=RedemptionStatus.choices, empty_label="全部")

    class Meta:
        model = Redemption
        fields = ["q", "status"]


class PointAccountFilterSet(SearchFilterSet):
    search_fields = ("person__name", "person__party_organization__name")

    class Meta:
        model = PointAccount
        fields = ["q"]
