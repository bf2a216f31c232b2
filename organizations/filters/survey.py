import django_filters
from django import forms

from core.filters import SearchFilterSet, YearFilter
from organizations.choices import CampaignHalf, CampaignStatus, EntityKind
from organizations.models import Area, SurveyCampaign, SurveyRecord

__all__ = ["SurveyCampaignFilterSet", "SurveyRecordApiFilterSet", "SurveyRecordFilterSet"]


class SurveyCampaignFilterSet(django_filters.FilterSet):
    year = YearFilter(label="年度")
    half = django_filters.ChoiceFilter(label="半年", choices=CampaignHalf.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=CampaignStatus.choices, empty_label="全部")

    class Meta:
        model = SurveyCampaign
        fields = ["year", "half", "status"]


class SurveyRecordFilterSet(SearchFilterSet):
    """The records of one campaign; the queryset must carry ``with_completeness()``."""

    search_fields = ("entity__name", "entity__credit_code")

    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")
    kind = django_filters.ChoiceFilter(label="类型", choices=EntityKind.choices, empty_label="全部")
    complete = django_filters.BooleanFilter(
        label="填报情况",
        field_name="is_complete",
        widget=forms.Select(choices=[("", "全部"), ("true", "六个清已填全"), ("false", "未填全")]),
    )

    class Meta:
        model = SurveyRecord
        fields = ["area", "kind", "complete"]


class SurveyRecordApiFilterSet(SurveyRecordFilterSet):
    """The API lists records of every campaign: the campaign is one more filter."""

    campaign = django_filters.ModelChoiceFilter(label="摸底排查", queryset=SurveyCampaign.objects.all())

    class Meta(SurveyRecordFilterSet.Meta):
        fields = ["campaign", "area", "kind", "complete"]
