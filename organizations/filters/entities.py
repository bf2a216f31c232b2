import django_filters
from django import forms

from core.filters import SearchFilterSet
from organizations.choices import EntityKind, EstablishmentMethod, MassOrgKind
from organizations.models import Area, Entity, Instructor, MassOrganization
from organizations.selectors.coverage import ORG_COVERED, work_reach

YES_NO_ALL = [("", "全部"), ("true", "是"), ("false", "否")]

COVERAGE_CHOICES = [
    ("org", "组织覆盖"),
    *((method, f"组织覆盖（{label}）") for method, label in EstablishmentMethod.choices),
    ("work", "仅工作覆盖"),
    ("none", "未覆盖"),
]


class EntityFilterSet(SearchFilterSet):
    search_fields = ("name", "credit_code", "industry")

    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")
    kind = django_filters.ChoiceFilter(label="类型", choices=EntityKind.choices, empty_label="全部")
    coverage = django_filters.ChoiceFilter(
        label="覆盖情况", choices=COVERAGE_CHOICES, empty_label="全部", method="filter_coverage"
    )
    is_key_enterprise = django_filters.BooleanFilter(label="重点企业", widget=forms.Select(choices=YES_NO_ALL))
    is_operating = django_filters.BooleanFilter(label="正常经营", widget=forms.Select(choices=YES_NO_ALL))

    class Meta:
        model = Entity
        fields = ["area", "kind", "coverage", "is_key_enterprise", "is_operating"]

    def filter_coverage(self, queryset, name, value):
        if value == "org":
            return queryset.filter(ORG_COVERED)
        if value in EstablishmentMethod.values:  # the coverage page's 单独建/联合建/兜底建 columns
            return queryset.filter(ORG_COVERED, party_organization__establishment_method=value)
        reached = queryset.exclude(ORG_COVERED).alias(reached=work_reach())
        return reached.filter(reached=value == "work")


class MassOrganizationFilterSet(SearchFilterSet):
    search_fields = ("name", "entity__name")

    kind = django_filters.ChoiceFilter(label="类型", choices=MassOrgKind.choices, empty_label="全部")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="entity__area", queryset=Area.objects.all(), empty_label="全部"
    )

    class Meta:
        model = MassOrganization
        fields = ["kind", "area"]


class InstructorFilterSet(SearchFilterSet):
    search_fields = ("name", "unit")

    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")
    is_red_sail = django_filters.BooleanFilter(label="“红帆”指导员", widget=forms.Select(choices=YES_NO_ALL))

    class Meta:
        model = Instructor
        fields = ["area", "is_red_sail"]
