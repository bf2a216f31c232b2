import django_filters

from core.filters import SearchFilterSet, YearFilter
from members.choices import EntrepreneurHonourLevel, NominationStep, SelectionKind, SelectionStatus, TrainingKind
from members.models import Entrepreneur, Nomination, SelectionCampaign, Studio
from organizations.models import Area

MBA_GRADUATED = "mba_graduated"
__all__ = ["EntrepreneurFilterSet", "NominationFilterSet", "SelectionCampaignFilterSet", "StudioFilterSet"]


class SelectionCampaignFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label="评选类别", choices=SelectionKind.choices, empty_label="全部")
    year = YearFilter(label="年度")
    status = django_filters.ChoiceFilter(label="状态", choices=SelectionStatus.choices, empty_label="全部")

    class Meta:
        model = SelectionCampaign
        fields = ["kind", "year", "status"]


class NominationFilterSet(SearchFilterSet):
    search_fields = ("person__name", "instructor__name", "party_organization__name")

    step = django_filters.ChoiceFilter(label="进度", choices=NominationStep.choices, empty_label="全部")
    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")

    class Meta:
        model = Nomination
        fields = ["step", "area"]


class NominationApiFilterSet(NominationFilterSet):
    campaign = django_filters.ModelChoiceFilter(label="评选", queryset=SelectionCampaign.objects.all())

    class Meta(NominationFilterSet.Meta):
        fields = ["campaign", "step", "area"]


class StudioFilterSet(SearchFilterSet):
    search_fields = ("name", "nomination__person__name", "nomination__instructor__name")

    kind = django_filters.ChoiceFilter(
        label="评选类别", field_name="nomination__campaign__kind", choices=SelectionKind.choices, empty_label="全部"
    )

    class Meta:
        model = Studio
        fields = ["kind"]


class EntrepreneurFilterSet(SearchFilterSet):
    search_fields = ("name", "entity__name")

    area = django_filters.ModelChoiceFilter(
        label="街镇/园区", field_name="entity__area", queryset=Area.objects.all(), empty_label="全部"
    )
    honour = django_filters.ChoiceFilter(
        label="荣誉称号",
        choices=[*EntrepreneurHonourLevel.choices, ("any", "任一称号")],
        empty_label="全部",
        method="filter_honour",
    )
    training = django_filters.ChoiceFilter(
        label="培训类别",
        choices=[*TrainingKind.choices, (MBA_GRADUATED, "MBA/EMBA 已毕业")],
        empty_label="全部",
        method="filter_training",
    )

    class Meta:
        model = Entrepreneur
        fields = ["area", "honour", "training"]

    # Subqueries, not joins: an entrepreneur with two honours is still one row.
    def filter_honour(self, queryset, name, value):
        from members.models import EntrepreneurHonour

        honours = EntrepreneurHonour.objects.all() if value == "any" else EntrepreneurHonour.objects.filter(level=value)
        return queryset.filter(pk__in=honours.values("entrepreneur"))

    def filter_training(self, queryset, name, value):
        from members.models import EntrepreneurTraining

        if value == MBA_GRADUATED:  # the dashboard's MBA/EMBA figure
            trainings = EntrepreneurTraining.objects.filter(
                kind__in=[TrainingKind.MBA, TrainingKind.EMBA], graduated=True
            )
        else:
            trainings = EntrepreneurTraining.objects.filter(kind=value)
        return queryset.filter(pk__in=trainings.values("entrepreneur"))
