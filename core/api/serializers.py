from rest_framework import serializers

from core.models import User


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    scope = serializers.CharField(source="scope_label", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "role", "role_display", "scope"]
