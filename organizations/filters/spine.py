import django_filters
from django import forms

from core.filters import SearchFilterSet
from organizations.choices import AreaKind, DemoLevel, EstablishmentMethod, PartyOrgKind
from organizations.models import Area, PartyOrganization


class AreaFilterSet(SearchFilterSet):
    search_fields = ("name", "code")

    kind = django_filters.ChoiceFilter(label="类型", choices=AreaKind.choices, empty_label="全部")

    class Meta:
        model = Area
        fields = ["kind"]


class PartyOrganizationFilterSet(SearchFilterSet):
    search_fields = ("name",)

    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")
    kind = django_filters.ChoiceFilter(label="组织类型", choices=PartyOrgKind.choices, empty_label="全部")
    establishment_method = django_filters.ChoiceFilter(
        label="组建方式", choices=EstablishmentMethod.choices, empty_label="全部"
    )
    demo_level = django_filters.ChoiceFilter(
        label="示范点", choices=[choice for choice in DemoLevel.choices if choice[0]], empty_label="全部"
    )
    is_active = django_filters.BooleanFilter(
        label="状态", widget=forms.Select(choices=[("", "全部"), ("true", "存续"), ("false", "已撤销")])
    )

    class Meta:
        model = PartyOrganization
        fields = ["area", "kind", "establishment_method", "demo_level", "is_active"]
