"""Serializers and fields every area's API shares."""

from rest_framework import serializers

from core.form_widgets import DATE_MAX, DATE_MIN
from core.models import Notification, User

OUT_OF_REACH = "找不到该记录，或不在您的管理范围内。"


class PortalDateField(serializers.DateField):
    """A date written through the API: within the years every form of the portal takes (core.form_widgets)."""

    default_error_messages = {"out_of_range": f"日期应在 {DATE_MIN:%Y-%m-%d} 至 {DATE_MAX:%Y-%m-%d} 之间。"}

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not DATE_MIN <= day <= DATE_MAX:
            self.fail("out_of_range")
        return day


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record by id, looked up only among those the requesting user may read (``scope="visible"``) or
    change (``scope="editable"``): another organisation's record and one that does not exist get the same answer,
    so the API tells nobody what exists outside their scope. ``queryset`` names the model (and the schema)."""

    default_error_messages = {"does_not_exist": OUT_OF_REACH}

    def __init__(self, *, scope: str = "visible", **kwargs):
        if scope not in {"visible", "editable"}:
            raise ValueError(f"unknown scope {scope!r}")
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        manager = super().get_queryset().model._default_manager
        user = self.context["request"].user
        return manager.editable_by(user) if self.scope == "editable" else manager.visible_to(user)


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
