from core.api.viewsets import ScopedReadOnlyViewSet
from industry_chains.api.serializers import DepartmentSerializer, IndustryChainSerializer
from industry_chains.filters import DepartmentFilterSet, IndustryChainFilterSet
from industry_chains.models import Department, IndustryChain


class IndustryChainViewSet(ScopedReadOnlyViewSet):
    """产业链及其产业链党委。"""

    queryset = IndustryChain.objects.all()
    serializer_class = IndustryChainSerializer
    filterset_class = IndustryChainFilterSet


class DepartmentViewSet(ScopedReadOnlyViewSet):
    """职能部门。"""

    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet
