import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import SearchFilterSet
from members.choices import Post, Stage
from members.models import Person
from organizations.models import Area, PartyOrganization

TALENT_CHOICES = [("management", "管理人才"), ("technical", "技术人才"), ("any", "管理或技术人才")]


@extend_schema_field(OpenApiTypes.INT)
class OrganizationSubtreeFilter(django_filters.ModelChoiceFilter):
    """Chosen by id: a Party organisation and every organisation under it."""


class PersonFilterSet(SearchFilterSet):
    search_fields = ("name",)

    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="party_organization__area", queryset=Area.objects.all(), empty_label="全部"
    )
    organization = OrganizationSubtreeFilter(
        label="党组织（含下级）",
        queryset=PartyOrganization.objects.all(),
        empty_label="全部",
        method="filter_organization",
    )
    stage = django_filters.ChoiceFilter(label="发展阶段", choices=Stage.choices, empty_label="全部")
    post = django_filters.ChoiceFilter(label="岗位", choices=Post.choices, empty_label="全部")
    talent = django_filters.ChoiceFilter(
        label="人才标签", choices=TALENT_CHOICES, empty_label="全部", method="filter_talent"
    )

    class Meta:
        model = Person
        fields = ["area", "organization", "stage", "post", "talent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organisations below the area committees hold people; a long list otherwise.
        org_filter = self.filters["organization"]
        org_filter.queryset = org_filter.queryset.filter(is_active=True)

    def filter_organization(self, queryset, name, value):
        return queryset.filter(party_organization__path__startswith=value.path)

    def filter_talent(self, queryset, name, value):
        if value == "management":
            return queryset.filter(is_management_talent=True)
        if value == "technical":
            return queryset.filter(is_technical_talent=True)
        return queryset.filter(Q(is_management_talent=True) | Q(is_technical_talent=True))
