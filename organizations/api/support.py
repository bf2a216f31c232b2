"""API endpoints of the organisations area: support work (read-only, scoped, filterable).

Writes go through the pages, whose services hold the rules (the funds ledger above all).
"""

from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet
from organizations.filters.support import (
    FundEntryFilterSet,
    LiaisonPointApiFilterSet,
    LiaisonVisitApiFilterSet,
    PairingActivityFilterSet,
    PairingApiFilterSet,
    StationedActivityApiFilterSet,
    StationedCadreApiFilterSet,
    VenueApiFilterSet,
)
from organizations.models import (
    FundEntry,
    LiaisonPoint,
    LiaisonVisit,
    Pairing,
    PairingActivity,
    StationedActivity,
    StationedCadre,
    Venue,
)
from organizations.selectors import support as selectors

# --- serializers --------------------------------------------------------------------------------


class LiaisonPointSerializer(serializers.ModelSerializer):
    cadre_kind_display = serializers.CharField(source="get_cadre_kind_display", read_only=True)
    party_organization_name = serializers.CharField(source="party_organization.name", read_only=True)
    visit_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = LiaisonPoint
        fields = [
            "id",
            "cadre_name",
            "cadre_title",
            "cadre_kind",
            "cadre_kind_display",
            "party_organization",
            "party_organization_name",
            "started_on",
            "visit_count",
        ]


class LiaisonVisitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    cadre_name = serializers.CharField(source="point.cadre_name", read_only=True)

    class Meta:
        model = LiaisonVisit
        fields = ["id", "point", "cadre_name", "kind", "kind_display", "visited_on", "summary"]


class StationedCadreSerializer(serializers.ModelSerializer):
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    policy_visits = serializers.IntegerField(read_only=True)
    projects = serializers.IntegerField(read_only=True)
    listed_projects = serializers.IntegerField(read_only=True)

    class Meta:
        model = StationedCadre
        fields = [
            "id",
            "name",
            "unit",
            "entity",
            "entity_name",
            "post",
            "started_on",
            "ended_on",
            "policy_visits",
            "projects",
            "listed_projects",
        ]


class StationedActivitySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)

    class Meta:
        model = StationedActivity
        fields = ["id", "cadre", "cadre_name", "kind", "kind_display", "done_on", "title", "listed_as"]


class VenueSerializer(serializers.ModelSerializer):
    party_organization_name = serializers.CharField(source="party_organization.name", read_only=True)
    is_compliant = serializers.BooleanField(read_only=True)

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "party_organization",
            "party_organization_name",
            "address",
            "has_space",
            "has_facilities",
            "has_sign",
            "has_flag",
            "has_books",
            "has_rules",
            "is_compliant",
        ]


class FundEntrySerializer(serializers.ModelSerializer):
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    purpose_display = serializers.CharField(source="get_purpose_display", read_only=True)
    party_organization_name = serializers.CharField(source="party_organization.name", read_only=True)
    is_reversal = serializers.BooleanField(read_only=True)
    is_reversed = serializers.BooleanField(read_only=True)

    class Meta:
        model = FundEntry
        fields = [
            "id",
            "party_organization",
            "party_organization_name",
            "source",
            "source_display",
            "amount",
            "purpose",
            "purpose_display",
            "occurred_on",
            "note",
            "is_reversal",
            "is_reversed",
            "created_at",
        ]


class PairingSerializer(serializers.ModelSerializer):
    partner_kind_display = serializers.CharField(source="get_partner_kind_display", read_only=True)
    party_organization_name = serializers.CharField(source="party_organization.name", read_only=True)
    activity_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Pairing
        fields = [
            "id",
            "party_organization",
            "party_organization_name",
            "partner_name",
            "partner_kind",
            "partner_kind_display",
            "started_on",
            "activity_count",
        ]


class PairingActivitySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PairingActivity
        fields = ["id", "pairing", "kind", "kind_display", "held_on", "title"]


# --- viewsets -----------------------------------------------------------------------------------


class LiaisonPointViewSet(ScopedReadOnlyViewSet):
    """领导干部联系点（含活动次数），按当前用户的权限范围返回。"""

    queryset = LiaisonPoint.objects.all()
    serializer_class = LiaisonPointSerializer
    filterset_class = LiaisonPointApiFilterSet
    ordering_fields = ["cadre_name", "started_on", "visit_count"]

    def scope_queryset(self, queryset):
        return selectors.liaison_points_with_counts(queryset.select_related("party_organization")).order_by(
            "cadre_name", "pk"
        )


class LiaisonVisitViewSet(ScopedReadOnlyViewSet):
    """联系点活动（走访调研、党纪学习教育、我来讲党课、我为群众办实事）。"""

    queryset = LiaisonVisit.objects.all()
    serializer_class = LiaisonVisitSerializer
    filterset_class = LiaisonVisitApiFilterSet
    ordering_fields = ["visited_on"]

    def scope_queryset(self, queryset):
        return queryset.select_related("point").order_by("-visited_on", "-pk")


class StationedCadreViewSet(ScopedReadOnlyViewSet):
    """驻企干部（含送政策上门、项目帮办次数）。"""

    queryset = StationedCadre.objects.all()
    serializer_class = StationedCadreSerializer
    filterset_class = StationedCadreApiFilterSet
    ordering_fields = ["name", "started_on", "policy_visits", "projects"]

    def scope_queryset(self, queryset):
        return selectors.stationed_cadres_with_counts(queryset.select_related("entity")).order_by("-started_on", "pk")


class StationedActivityViewSet(ScopedReadOnlyViewSet):
    """驻企干部工作记录：送政策上门、项目帮办（含列入名单）。"""

    queryset = StationedActivity.objects.all()
    serializer_class = StationedActivitySerializer
    filterset_class = StationedActivityApiFilterSet
    ordering_fields = ["done_on"]

    def scope_queryset(self, queryset):
        return queryset.select_related("cadre").order_by("-done_on", "-pk")


class VenueViewSet(ScopedReadOnlyViewSet):
    """党群活动阵地及“六有”达标情况。"""

    queryset = Venue.objects.all()
    serializer_class = VenueSerializer
    filterset_class = VenueApiFilterSet
    ordering_fields = ["name"]

    def scope_queryset(self, queryset):
        return queryset.select_related("party_organization")


class FundEntryViewSet(ScopedReadOnlyViewSet):
    """党建工作经费台账记录：金额正数为收入、负数为支出；冲销记录与被冲销记录已标明。"""

    queryset = FundEntry.objects.all()
    serializer_class = FundEntrySerializer
    filterset_class = FundEntryFilterSet
    ordering_fields = ["occurred_on", "amount"]

    def scope_queryset(self, queryset):
        return selectors.fund_entries_for_ledger(queryset.select_related("party_organization"))


class PairingViewSet(ScopedReadOnlyViewSet):
    """结对共建（含共建活动次数）。"""

    queryset = Pairing.objects.all()
    serializer_class = PairingSerializer
    filterset_class = PairingApiFilterSet
    ordering_fields = ["started_on", "partner_name", "activity_count"]

    def scope_queryset(self, queryset):
        return selectors.pairings_with_counts(queryset.select_related("party_organization")).order_by(
            "-started_on", "pk"
        )


class PairingActivityViewSet(ScopedReadOnlyViewSet):
    """结对共建活动：阵地共用、活动联办、资源联享。"""

    queryset = PairingActivity.objects.all()
    serializer_class = PairingActivitySerializer
    filterset_class = PairingActivityFilterSet
    ordering_fields = ["held_on"]

    def scope_queryset(self, queryset):
        return queryset.order_by("-held_on", "-pk")


# (prefix, viewset, basename) registered on the one router in config/api.py.
ROUTES: list = [
    ("liaison-points", LiaisonPointViewSet, "liaisonpoint"),
    ("liaison-visits", LiaisonVisitViewSet, "liaisonvisit"),
    ("stationed-cadres", StationedCadreViewSet, "stationedcadre"),
    ("stationed-activities", StationedActivityViewSet, "stationedactivity"),
    ("venues", VenueViewSet, "venue"),
    ("fund-entries", FundEntryViewSet, "fundentry"),
    ("pairings", PairingViewSet, "pairing"),
    ("pairing-activities", PairingActivityViewSet, "pairingactivity"),
]
