import django_filters

from core.filters import SearchFilterSet
from organizations.choices import EstablishmentMethod, PartyOrgKind
from organizations.models import Area, PartyOrganization


class AreaFilterSet(SearchFilterSet):
    search_fields = ("name", "code")

    class Meta:
        model = Area
        fields = ["kind"]


class PartyOrganizationFilterSet(SearchFilterSet):
    search_fields = ("name",)

    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all())
    kind = django_filters.ChoiceFilter(label="组织类型", choices=PartyOrgKind.choices)
    establishment_method = django_filters.ChoiceFilter(label="组建方式", choices=EstablishmentMethod.choices)
    is_active = django_filters.BooleanFilter(label="存续")

    class Meta:
        model = PartyOrganization
        fields = ["area", "kind", "establishment_method", "is_active"]
