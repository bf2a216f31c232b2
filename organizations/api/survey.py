"""API endpoints of the organisations area: survey campaigns and their records (read-only, scoped)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import ScopedReadOnlyViewSet
from organizations.filters.survey import SurveyCampaignFilterSet, SurveyRecordApiFilterSet
from organizations.models import SIX_CLEARS, SurveyCampaign, SurveyRecord
from organizations.selectors.survey import campaign_progress


class SurveyCampaignSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)
    half_display = serializers.CharField(source="get_half_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SurveyCampaign
        fields = ["id", "label", "year", "half", "half_display", "status", "status_display", "opened_at", "closed_at"]


class SurveyRecordSerializer(serializers.ModelSerializer):
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    credit_code = serializers.CharField(source="entity.credit_code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    establishment_method_display = serializers.CharField(source="get_establishment_method_display", read_only=True)
    is_complete = serializers.BooleanField(read_only=True)

    class Meta:
        model = SurveyRecord
        fields = [
            "id",
            "campaign",
            "entity",
            "entity_name",
            "credit_code",
            "area",
            "area_name",
            "kind",
            "kind_display",
            *(field for field, _label in SIX_CLEARS),
            "staff_count",
            "full_member_count",
            "is_complete",
            "establishment_method",
            "establishment_method_display",
            "work_covered",
            "updated_at",
        ]


class AreaProgressSerializer(serializers.Serializer):
    area_id = serializers.IntegerField(allow_null=True)
    area_name = serializers.CharField()
    records = serializers.IntegerField()
    complete = serializers.IntegerField()
    percent = serializers.FloatField()


class SurveyCampaignViewSet(ScopedReadOnlyViewSet):
    """摸底排查（所有工作人员可读）；progress 给出权限范围内各街镇/园区的填报进度。"""

    queryset = SurveyCampaign.objects.all()
    serializer_class = SurveyCampaignSerializer
    filterset_class = SurveyCampaignFilterSet
    ordering_fields = ["year", "half", "opened_at"]

    @extend_schema(responses=AreaProgressSerializer(many=True), summary="各街镇/园区填报进度（含合计行）")
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def progress(self, request, pk=None):
        progress = campaign_progress(campaign=self.get_object(), user=request.user)
        return Response(AreaProgressSerializer([*progress.areas, progress.total], many=True).data)


class SurveyRecordViewSet(ScopedReadOnlyViewSet):
    """摸底排查记录，按当前用户的权限范围返回；可按摸底排查、街镇/园区、类型、是否填全筛选。"""

    queryset = SurveyRecord.objects.all()
    serializer_class = SurveyRecordSerializer
    filterset_class = SurveyRecordApiFilterSet
    ordering_fields = ["updated_at", "staff_count", "full_member_count"]

    def scope_queryset(self, queryset):
        return queryset.with_completeness().select_related("entity", "area")


# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES: list = [
    ("survey-campaigns", SurveyCampaignViewSet, "surveycampaign"),
    ("survey-records", SurveyRecordViewSet, "surveyrecord"),
]
