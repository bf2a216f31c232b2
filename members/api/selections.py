"""API endpoints of the members area: selections, studios and entrepreneurs (read-only, scoped)."""

from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet
from members.filters.selections import EntrepreneurFilterSet, NominationApiFilterSet, SelectionCampaignFilterSet
from members.models import Entrepreneur, Nomination, SelectionCampaign, Studio


class SelectionCampaignSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SelectionCampaign
        fields = ["id", "label", "kind", "kind_display", "year", "quota", "status"]


class NominationSerializer(serializers.ModelSerializer):
    nominee = serializers.CharField(source="__str__", read_only=True)
    step_display = serializers.CharField(source="get_step_display", read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "campaign",
            "nominee",
            "person",
            "instructor",
            "party_organization",
            "area",
            "step",
            "step_display",
            "return_reason",
            "updated_at",
        ]


class StudioSerializer(serializers.ModelSerializer):
    class Meta:
        model = Studio
        fields = ["id", "name", "nomination", "founded_on"]


class EntrepreneurSerializer(serializers.ModelSerializer):
    honours = serializers.StringRelatedField(many=True, read_only=True)
    trainings = serializers.SerializerMethodField()

    class Meta:
        model = Entrepreneur
        fields = ["id", "name", "title", "entity", "honours", "trainings"]

    def get_trainings(self, obj) -> list[dict]:
        return [
            {"kind": t.kind, "program": t.program, "year": t.year, "graduated": t.graduated}
            for t in obj.trainings.all()
        ]


class SelectionCampaignViewSet(ScopedReadOnlyViewSet):
    """红色头雁评选（所有工作人员可读）。"""

    queryset = SelectionCampaign.objects.all()
    serializer_class = SelectionCampaignSerializer
    filterset_class = SelectionCampaignFilterSet


class NominationViewSet(ScopedReadOnlyViewSet):
    """红色头雁候选人，按权限范围返回；可按评选、进度、街镇/园区筛选。"""

    queryset = Nomination.objects.all()
    serializer_class = NominationSerializer
    filterset_class = NominationApiFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "instructor")


class StudioViewSet(ScopedReadOnlyViewSet):
    """头雁工作室（所有工作人员可读）。"""

    queryset = Studio.objects.all()
    serializer_class = StudioSerializer


class EntrepreneurViewSet(ScopedReadOnlyViewSet):
    """企业家及其荣誉、培训，按权限范围返回。"""

    queryset = Entrepreneur.objects.all()
    serializer_class = EntrepreneurSerializer
    filterset_class = EntrepreneurFilterSet

    def scope_queryset(self, queryset):
        return queryset.prefetch_related("honours", "trainings")


# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES: list = [
    ("selection-campaigns", SelectionCampaignViewSet, "selectioncampaign"),
    ("nominations", NominationViewSet, "nomination"),
    ("studios", StudioViewSet, "studio"),
    ("entrepreneurs", EntrepreneurViewSet, "entrepreneur"),
]
