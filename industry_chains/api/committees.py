"""API endpoints of the chain committees and duty (read-only, filterable; changes go through the pages)."""

from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet
from industry_chains.filters.committees import (
    ChainActivityFilterSet,
    ChainEnterpriseFilterSet,
    ChainMemberFilterSet,
    DutyTurnFilterSet,
)
from industry_chains.models import ChainActivity, ChainEnterprise, ChainMember, ChainUnit, DutyTurn


class ChainMemberSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = ChainMember
        fields = ["id", "chain", "name", "role", "role_display", "unit", "position"]


class ChainUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChainUnit
        fields = ["id", "chain", "kind", "name", "duty"]


class ChainEnterpriseSerializer(serializers.ModelSerializer):
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    instructor_name = serializers.CharField(source="instructor.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = ChainEnterprise
        fields = [
            "id",
            "chain",
            "entity",
            "entity_name",
            "instructor",
            "instructor_name",
            "joined_on",
            "duty_order",
            "is_active",
        ]


class DutyTurnSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.entity.name", read_only=True)

    class Meta:
        model = DutyTurn
        fields = ["id", "chain", "enterprise", "enterprise_name", "starts_on", "ends_on", "status", "reason"]


class ChainActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = ChainActivity
        fields = [
            "id",
            "chain",
            "duty_turn",
            "kind",
            "title",
            "held_on",
            "participants",
            "benefits_enterprises",
            "summary",
        ]


class ChainMemberViewSet(ScopedReadOnlyViewSet):
    """产业链党委成员。"""

    queryset = ChainMember.objects.all()
    serializer_class = ChainMemberSerializer
    filterset_class = ChainMemberFilterSet


class ChainUnitViewSet(ScopedReadOnlyViewSet):
    """“2+2+7+N”单位。"""

    queryset = ChainUnit.objects.all()
    serializer_class = ChainUnitSerializer
    filterset_fields = ["chain", "kind"]


class ChainEnterpriseViewSet(ScopedReadOnlyViewSet):
    """链上成员企业及其党建指导员。"""

    queryset = ChainEnterprise.objects.all()
    serializer_class = ChainEnterpriseSerializer
    filterset_class = ChainEnterpriseFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("entity", "instructor")


class DutyTurnViewSet(ScopedReadOnlyViewSet):
    """轮值安排。"""

    queryset = DutyTurn.objects.all()
    serializer_class = DutyTurnSerializer
    filterset_class = DutyTurnFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("enterprise__entity")


class ChainActivityViewSet(ScopedReadOnlyViewSet):
    """红色沙龙活动。"""

    queryset = ChainActivity.objects.all()
    serializer_class = ChainActivitySerializer
    filterset_class = ChainActivityFilterSet


ROUTES: list = [
    ("chain-members", ChainMemberViewSet, "chainmember"),
    ("chain-units", ChainUnitViewSet, "chainunit"),
    ("chain-enterprises", ChainEnterpriseViewSet, "chainenterprise"),
    ("duty-turns", DutyTurnViewSet, "dutyturn"),
    ("chain-activities", ChainActivityViewSet, "chainactivity"),
]
