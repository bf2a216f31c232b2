"""API endpoints of the members area: 红领党务 certificates (read-only, scoped, filterable).

Grants, promotions, demotions and revocations go through the pages, whose services hold the rules.
"""

from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet
from members.filters.certification import CertificateFilterSet
from members.models import Certificate


class CertificateSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    party_organization_name = serializers.CharField(source="person.party_organization.name", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "person",
            "person_name",
            "party_organization_name",
            "level",
            "level_display",
            "serial",
            "status",
            "status_display",
            "issued_on",
            "review_due_on",
            "annual_score",
            "demo_point_work",
            "results",
            "ended_on",
            "end_reason",
        ]


class CertificateViewSet(ScopedReadOnlyViewSet):
    queryset = Certificate.objects.all()
    serializer_class = CertificateSerializer
    filterset_class = CertificateFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("person__party_organization").order_by("-issued_on", "serial")


# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES: list = [("certificates", CertificateViewSet, "certificate")]
