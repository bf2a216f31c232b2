"""Read endpoints of organisational life and dues: meetings with their attendance, the dues ledger."""

from django.db.models import Prefetch
from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet
from party_life.filters.dues import DuesPaymentFilterSet
from party_life.filters.meetings import MeetingFilterSet
from party_life.models import Attendance, DuesPayment, Meeting


class AttendanceSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["person", "person_name", "status", "leave_reason", "point_entry"]


class MeetingSerializer(serializers.ModelSerializer):
    party_organization_name = serializers.CharField(source="party_organization.name", read_only=True)
    attendances = AttendanceSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "party_organization",
            "party_organization_name",
            "kind",
            "group",
            "held_on",
            "place",
            "topic",
            "by_secretary",
            "minutes",
            "recorded_by",
            "created_at",
            "attendances",
        ]


class MeetingViewSet(ScopedReadOnlyViewSet):
    """组织生活会议及出席情况（只读；登记和修改在页面上由书记办理）。"""

    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet

    def scope_queryset(self, queryset):
        attendances = Prefetch("attendances", queryset=Attendance.objects.select_related("person"))
        return queryset.select_related("party_organization").prefetch_related(attendances)


class DuesPaymentSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = DuesPayment
        fields = [
            "id",
            "person",
            "person_name",
            "party_organization",
            "month",
            "amount",
            "paid_on",
            "note",
            "reverses",
            "created_at",
        ]


class DuesPaymentViewSet(ScopedReadOnlyViewSet):
    """党费台账（只增不改，冲销记录的金额为负数并指向被冲销的记录）。"""

    queryset = DuesPayment.objects.all()
    serializer_class = DuesPaymentSerializer
    filterset_class = DuesPaymentFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("person")


ROUTES = [
    ("party-life/meetings", MeetingViewSet, "partylife-meeting"),
    ("party-life/dues-payments", DuesPaymentViewSet, "partylife-duespayment"),
]
