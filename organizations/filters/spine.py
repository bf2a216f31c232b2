import django_filters
from django import forms

from core.filters import PeriodDateFilter, SearchFilterSet
from core.form_widgets import MonthInput
from organizations.choices import AreaKind, DemoLevel, EstablishmentMethod, PartyOrgKind
from organizations.models import Area, PartyOrganization


class AreaFilterSet(SearchFilterSet):
    search_fields = ("name", "code")

    kind = django_filters.ChoiceFilter(label="类型", choices=AreaKind.choices, empty_label="全部")

    class Meta:
        model = Area
        fields = ["kind"]


JOINT_OR_FALLBACK = "joint_or_fallback"  # the programme's 联合及兜底 figure


class PartyOrganizationFilterSet(SearchFilterSet):
    search_fields = ("name",)
    linked_only = ("points_missing",)

    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")
    kind = django_filters.ChoiceFilter(label="组织类型", choices=PartyOrgKind.choices, empty_label="全部")
    establishment_method = django_filters.ChoiceFilter(
        label="组建方式",
        choices=[*EstablishmentMethod.choices, (JOINT_OR_FALLBACK, "联合建或兜底建")],
        empty_label="全部",
        method="filter_method",
    )
    demo_level = django_filters.ChoiceFilter(
        label="示范点", choices=[choice for choice in DemoLevel.choices if choice[0]], empty_label="全部"
    )
    is_active = django_filters.BooleanFilter(
        label="状态", widget=forms.Select(choices=[("", "全部"), ("true", "存续"), ("false", "已撤销")])
    )
    points_missing = PeriodDateFilter(label="尚未登记积分的月份", widget=MonthInput(), method="filter_points_missing")

    class Meta:
        model = PartyOrganization
        fields = ["area", "kind", "establishment_method", "demo_level", "is_active", "points_missing"]

    def filter_points_missing(self, queryset, name, value):
        """Organisations still without a point line in the month (a secretary's to-do)."""
        from scoring.selectors.todos import organizations_to_score  # scoring builds on organisations, not back

        return queryset.filter(pk__in=organizations_to_score(value).values("pk"))

    def filter_method(self, queryset, name, value):
        if value == JOINT_OR_FALLBACK:
            return queryset.filter(establishment_method__in=[EstablishmentMethod.JOINT, EstablishmentMethod.FALLBACK])
        return queryset.filter(establishment_method=value)
