from rest_framework import serializers

from core.models import Notification, User


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    scope = serializers.CharField(source="scope_label", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "name", "role", "role_display", "scope"]


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at", "unread"]

    def get_unread(self, obj) -> bool:
        return obj.read_at is None
