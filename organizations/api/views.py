from core.api.viewsets import ScopedReadOnlyViewSet
from organizations.api.serializers import AreaSerializer, PartyOrganizationSerializer
from organizations.filters import AreaFilterSet, PartyOrganizationFilterSet
from organizations.models import Area, PartyOrganization


class AreaViewSet(ScopedReadOnlyViewSet):
    """街镇/园区（所有工作人员可读）。"""

    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilterSet


class PartyOrganizationViewSet(ScopedReadOnlyViewSet):
    """党组织，按当前用户的权限范围返回。"""

    queryset = PartyOrganization.objects.all()
    serializer_class = PartyOrganizationSerializer
    filterset_class = PartyOrganizationFilterSet
    ordering_fields = ["name", "founded_on", "path"]

    def scope_queryset(self, queryset):
        return queryset.select_related("area")
