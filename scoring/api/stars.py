"""API endpoints of star members: point lines (read, and record points for one's own members), results."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from core.api.serializers import PortalDateField
from core.api.viewsets import ScopedReadOnlyViewSet
from members.models import Person
from scoring.filters.stars import MonthlyResultFilterSet, PointEntryFilterSet, QuarterlyResultFilterSet
from scoring.models import MonthlyResult, PointEntry, PointRule, QuarterlyResult
from scoring.services import stars as services

RESULT_FIELDS = [
    "id",
    "person",
    "person_name",
    "party_organization",
    "party_organization_name",
    "study",
    "care",
    "dedication",
    "performance",
    "innovation",
    "total",
    "star_count",
    "is_star_member",
]


class PointEntrySerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    rule_name = serializers.CharField(source="rule.name", read_only=True)

    class Meta:
        model = PointEntry
        fields = [
            "id",
            "person",
            "person_name",
            "month",
            "rule",
            "rule_name",
            "star",
            "points",
            "note",
            "reverses",
            "is_correction",
            "created_at",
        ]


class PointEntryInputSerializer(serializers.Serializer):
    person = serializers.IntegerField(help_text="党员 id（须为本党组织党员，否则 404）")
    rule = serializers.IntegerField(help_text="积分事项 id（本月适用手册中的）")
    month = PortalDateField(help_text="月份，当月1日")
    times = serializers.IntegerField(min_value=1, default=1)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PointEntryViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """星级党员积分记录；POST 为本党组织党员记分（超出每月上限、已结账月份会被拒绝并说明原因）。"""

    queryset = PointEntry.objects.all()
    serializer_class = PointEntrySerializer
    filterset_class = PointEntryFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "rule")

    def get_serializer_class(self):
        return PointEntryInputSerializer if self.action == "create" else PointEntrySerializer

    def create(self, request, *args, **kwargs):
        data = PointEntryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = get_object_or_404(Person.objects.editable_by(request.user), pk=data.validated_data["person"])
        rule = get_object_or_404(PointRule.objects.all(), pk=data.validated_data["rule"])
        try:
            entry = services.point_entry_add(
                by=request.user,
                person=person,
                rule=rule,
                month=data.validated_data["month"],
                times=data.validated_data["times"],
                note=data.validated_data["note"],
            )
        except ValidationError as error:
            raise ApiValidationError({"detail": error.messages}) from None
        return Response(PointEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class MonthlyResultSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    party_organization_name = serializers.CharField(source="party_organization.name", read_only=True)

    class Meta:
        model = MonthlyResult
        fields = ["month", *RESULT_FIELDS]


class QuarterlyResultSerializer(MonthlyResultSerializer):
    class Meta:
        model = QuarterlyResult
        fields = ["year", "quarter", *RESULT_FIELDS]


class MonthlyResultViewSet(ScopedReadOnlyViewSet):
    """月度星级党员结果（结账后计算）。"""

    queryset = MonthlyResult.objects.all()
    serializer_class = MonthlyResultSerializer
    filterset_class = MonthlyResultFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "party_organization")


class QuarterlyResultViewSet(MonthlyResultViewSet):
    """季度星级党员评选结果。"""

    queryset = QuarterlyResult.objects.all()
    serializer_class = QuarterlyResultSerializer
    filterset_class = QuarterlyResultFilterSet


ROUTES = [
    ("scoring/points", PointEntryViewSet, "scoring-pointentry"),
    ("scoring/monthly-results", MonthlyResultViewSet, "scoring-monthlyresult"),
    ("scoring/quarterly-results", QuarterlyResultViewSet, "scoring-quarterlyresult"),
]
