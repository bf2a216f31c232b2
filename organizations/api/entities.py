"""API endpoints of the organisations area: entities, coverage, mass organisations and instructors."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.query import query_choice
from core.api.viewsets import ScopedReadOnlyViewSet
from organizations.filters.entities import EntityFilterSet, InstructorFilterSet, MassOrganizationFilterSet
from organizations.models import Entity, Instructor, MassOrganization
from organizations.selectors import coverage
from organizations.selectors.figures import COVERAGE_COLUMNS


class EntitySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    party_organization_name = serializers.CharField(
        source="party_organization.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Entity
        fields = [
            "id",
            "name",
            "credit_code",
            "kind",
            "kind_display",
            "area",
            "area_name",
            "industry",
            "staff_count",
            "full_member_count",
            "is_key_enterprise",
            "is_operating",
            "party_organization",
            "party_organization_name",
        ]


class EntityViewSet(ScopedReadOnlyViewSet):
    """经营主体，按当前用户的权限范围返回。"""

    queryset = Entity.objects.all()
    serializer_class = EntitySerializer
    filterset_class = EntityFilterSet
    ordering_fields = ["name", "staff_count", "full_member_count"]

    def scope_queryset(self, queryset):
        return queryset.select_related("area", "party_organization")


class MassOrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = MassOrganization
        fields = ["id", "entity", "kind", "kind_display", "name", "founded_on"]


class MassOrganizationViewSet(ScopedReadOnlyViewSet):
    """群团组织。"""

    queryset = MassOrganization.objects.all()
    serializer_class = MassOrganizationSerializer
    filterset_class = MassOrganizationFilterSet

    def scope_queryset(self, queryset):
        return queryset.order_by("entity_id", "pk")


class InstructorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instructor
        fields = ["id", "name", "unit", "area", "is_red_sail"]


class InstructorViewSet(ScopedReadOnlyViewSet):
    """党建工作指导员（联系电话不对外提供）。"""

    queryset = Instructor.objects.all()
    serializer_class = InstructorSerializer
    filterset_class = InstructorFilterSet


def _described(field_class, name: str, **kwargs):
    """A coverage column, titled and described in the schema by its label and 口径 in the figure catalogue, as the
    page states them."""
    column = COVERAGE_COLUMNS[name]
    return field_class(label=f"{column.label}（{column.unit}）", help_text=column.definition, **kwargs)


class CoverageRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    operating = _described(serializers.IntegerField, "operating")
    standalone = _described(serializers.IntegerField, "standalone")
    joint = _described(serializers.IntegerField, "joint")
    fallback = _described(serializers.IntegerField, "fallback")
    work_only = _described(serializers.IntegerField, "work_only")
    org_covered = _described(serializers.IntegerField, "org_covered")
    organisation_rate = _described(
        serializers.FloatField, "organisation_rate", source="organisation_rate.percent", allow_null=True
    )
    work_rate = _described(serializers.FloatField, "work_rate", source="work_rate.percent", allow_null=True)
    uncovered_reach_rate = _described(
        serializers.FloatField, "uncovered_reach_rate", source="uncovered_reach_rate.percent", allow_null=True
    )


class CoverageViewSet(viewsets.ViewSet):
    """覆盖率（含分子分母），可按街镇/园区或主体类型分组。"""

    @extend_schema(
        parameters=[OpenApiParameter("group", enum=["area", "kind"], required=False)],
        responses=CoverageRowSerializer(many=True),
    )
    def list(self, request):
        group = query_choice(request, "group", ["area", "kind"])
        filterset = EntityFilterSet(request.GET, queryset=Entity.objects.visible_to(request.user), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        entities = filterset.qs
        if group == "area":
            rows = coverage.coverage_by_area(entities)
        elif group == "kind":
            rows = coverage.coverage_by_kind(entities)
        else:
            rows = [coverage.coverage_total(entities)]
        return Response(CoverageRowSerializer(rows, many=True).data)


# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES = [
    ("entities", EntityViewSet, "entity"),
    ("mass-organizations", MassOrganizationViewSet, "massorganization"),
    ("instructors", InstructorViewSet, "instructor"),
    ("coverage", CoverageViewSet, "coverage"),
]
