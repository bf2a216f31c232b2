from rest_framework import serializers

from organizations.models import Area, PartyOrganization


class AreaSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Area
        fields = ["id", "name", "kind", "kind_display", "code"]


class PartyOrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    establishment_method_display = serializers.CharField(source="get_establishment_method_display", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = PartyOrganization
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "establishment_method",
            "establishment_method_display",
            "area",
            "area_name",
            "depth",
            "founded_on",
            "is_active",
        ]
