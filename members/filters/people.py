import django_filters
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import PeriodDateFilter, SearchFilterSet
from members.choices import Post, Stage
from members.models import Person
from members.selectors.people import (
    TALENT,
    activists_reaching_one_year,
    admitted_within,
    candidate_at,
    in_training_at,
    probation_ending,
    probationary_at,
)
from organizations.models import Area, PartyOrganization

TALENT_CHOICES = [
    ("management", "管理人才"),
    ("technical", "技术人才"),
    ("any", "管理或技术人才"),
    ("backbone", "管理/技术骨干（岗位或人才标签）"),  # the 双向培养 figures' definition
]
# Where a person stood at a date (``as_of``, today when empty), as the dashboard's pipeline figures count.
PIPELINE_CHOICES = [
    ("activists", "入党积极分子（含发展对象）"),
    ("candidates", "发展对象"),
    ("probationary", "预备党员"),
    ("admitted", "已接收为预备党员（按接收日期）"),
]
PIPELINE = {"activists": in_training_at, "candidates": candidate_at, "probationary": probationary_at}
# The home page's to-dos about people, each the list of exactly the people it counts.
DUE_CHOICES = [
    ("probation", "本月预备期满"),
    ("one_year", "本月培养满一年的积极分子"),
    ("scorecard", "本季度积分卡尚未提交"),
]


@extend_schema_field(OpenApiTypes.INT)
class OrganizationSubtreeFilter(django_filters.ModelChoiceFilter):
    """Chosen by id: a Party organisation and every organisation under it."""


class PersonFilterSet(SearchFilterSet):
    search_fields = ("name",)
    linked_only = ("pipeline", "as_of", "admitted_after", "admitted_before", "due")

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
    pipeline = django_filters.ChoiceFilter(
        label="发展情况", choices=PIPELINE_CHOICES, empty_label="全部", method="filter_pipeline"
    )
    as_of = PeriodDateFilter(label="截至日期", method="filter_nothing", help_text="发展情况按此日期，空为今天")
    admitted_after = PeriodDateFilter(label="接收日期起", field_name="admitted_on", lookup_expr="gte")
    admitted_before = PeriodDateFilter(label="接收日期止", field_name="admitted_on", lookup_expr="lte")
    due = django_filters.ChoiceFilter(label="待办", choices=DUE_CHOICES, empty_label="全部", method="filter_due")

    class Meta:
        model = Person
        fields = [
            "area",
            "organization",
            "stage",
            "post",
            "talent",
            "pipeline",
            "as_of",
            "admitted_after",
            "admitted_before",
            "due",
        ]

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
        if value == "backbone":
            return queryset.filter(TALENT)
        return queryset.filter(Q(is_management_talent=True) | Q(is_technical_talent=True))

    def filter_pipeline(self, queryset, name, value):
        if value == "admitted":
            return queryset.filter(admitted_within())
        return queryset.filter(PIPELINE[value](self.form.cleaned_data.get("as_of")))

    def filter_nothing(self, queryset, name, value):
        """Read by another filter (the pipeline's date)."""
        return queryset

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "probation":
            return probation_ending(queryset, today=today)
        if value == "one_year":
            return activists_reaching_one_year(queryset, today=today)
        from scoring.selectors.todos import people_with_scorecards_due  # scoring builds on members, not back

        return queryset.filter(pk__in=people_with_scorecards_due(today).values("pk"))
