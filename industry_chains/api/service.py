"""API endpoints of 党建惠企 (read-only, filterable): handlers, experts, visits, policies, results."""

from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet
from industry_chains.filters import service as filters
from industry_chains.models import DepartmentHandler, EnterpriseResult, Expert, ExpertVisit, Policy


class DepartmentHandlerSerializer(serializers.ModelSerializer):
    class Meta:
        model = DepartmentHandler
        fields = ["id", "department", "name", "position", "chains", "reported_on", "is_active"]


class ExpertSerializer(serializers.ModelSerializer):
    class Meta:
        model = Expert
        fields = ["id", "name", "unit", "specialty", "chain"]


class ExpertVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpertVisit
        fields = ["id", "expert", "enterprise", "visited_on", "topic", "outcome"]


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = [
            "id",
            "title",
            "issuing_department",
            "category",
            "summary",
            "valid_from",
            "valid_until",
            "chains",
            "min_staff",
        ]


class EnterpriseResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnterpriseResult
        fields = ["id", "enterprise", "kind", "title", "amount", "achieved_on", "note"]


class DepartmentHandlerViewSet(ScopedReadOnlyViewSet):
    """部门报到人员（不含联系电话）。"""

    queryset = DepartmentHandler.objects.all()
    serializer_class = DepartmentHandlerSerializer
    filterset_class = filters.DepartmentHandlerFilterSet

    def scope_queryset(self, queryset):
        return queryset.prefetch_related("chains")


class ExpertViewSet(ScopedReadOnlyViewSet):
    """红领专家服务团。"""

    queryset = Expert.objects.all()
    serializer_class = ExpertSerializer
    filterset_class = filters.ExpertFilterSet


class ExpertVisitViewSet(ScopedReadOnlyViewSet):
    """红领专家服务记录。"""

    queryset = ExpertVisit.objects.all()
    serializer_class = ExpertVisitSerializer
    filterset_class = filters.ExpertVisitFilterSet


class PolicyViewSet(ScopedReadOnlyViewSet):
    """政策大礼包；applies_to=企业 id 只列适用于该企业的现行政策。"""

    queryset = Policy.objects.all()
    serializer_class = PolicySerializer
    filterset_class = filters.PolicyFilterSet

    def scope_queryset(self, queryset):
        return queryset.prefetch_related("chains")


class EnterpriseResultViewSet(ScopedReadOnlyViewSet):
    """党建惠企成果：贷款、称号、项目。"""

    queryset = EnterpriseResult.objects.all()
    serializer_class = EnterpriseResultSerializer
    filterset_class = filters.EnterpriseResultFilterSet


ROUTES: list = [
    ("department-handlers", DepartmentHandlerViewSet, "departmenthandler"),
    ("experts", ExpertViewSet, "expert"),
    ("expert-visits", ExpertVisitViewSet, "expertvisit"),
    ("policies", PolicyViewSet, "policy"),
    ("enterprise-results", EnterpriseResultViewSet, "enterpriseresult"),
]
