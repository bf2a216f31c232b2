"""API endpoints reading the other results of the scoring area: scorecards, ratings, postings, market."""

from rest_framework import serializers

from core.api.viewsets import ScopedReadOnlyViewSet
from scoring.filters.market import RedemptionFilterSet
from scoring.filters.postings import PostingFilterSet
from scoring.filters.ratings import OrgRatingFilterSet
from scoring.filters.scorecards import ScorecardFilterSet
from scoring.models import OrgRating, Posting, Redemption, Scorecard


class ScorecardSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "person",
            "person_name",
            "party_organization",
            "year",
            "quarter",
            "political",
            "discipline",
            "solidarity",
            "performance",
            "total",
            "status",
            "status_display",
            "return_reason",
        ]


class ScorecardViewSet(ScopedReadOnlyViewSet):
    """季度积分卡（总分由四个维度相加）。"""

    queryset = Scorecard.objects.all()
    serializer_class = ScorecardSerializer
    filterset_class = ScorecardFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("person")


class OrgRatingSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="campaign.year", read_only=True)
    party_organization_name = serializers.CharField(source="party_organization.name", read_only=True)

    class Meta:
        model = OrgRating
        fields = [
            "id",
            "year",
            "party_organization",
            "party_organization_name",
            "self_total",
            "inspection_total",
            "stars",
            "self_scores",
            "inspection_scores",
        ]


class OrgRatingViewSet(ScopedReadOnlyViewSet):
    """党组织评星定级结果。"""

    queryset = OrgRating.objects.all()
    serializer_class = OrgRatingSerializer
    filterset_class = OrgRatingFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("campaign", "party_organization")


class PostingSerializer(serializers.ModelSerializer):
    status = serializers.CharField(
        source="state",
        read_only=True,
        help_text="withdrawn 已撤回、corrected 已被更正，否则按公示期日期：upcoming/open/closed",
    )
    status_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Posting
        fields = [
            "id",
            "kind",
            "title",
            "subject",
            "area",
            "start_on",
            "end_on",
            "status",
            "status_display",
            "publisher",
        ]


class PostingViewSet(ScopedReadOnlyViewSet):
    """公示（公示内容见公开页面，姓名已脱敏）。"""

    queryset = Posting.objects.all()
    serializer_class = PostingSerializer
    filterset_class = PostingFilterSet


class RedemptionSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = Redemption
        fields = ["id", "person", "person_name", "item", "item_name", "quantity", "points", "status", "created_at"]


class RedemptionViewSet(ScopedReadOnlyViewSet):
    """积分超市兑换记录。"""

    queryset = Redemption.objects.all()
    serializer_class = RedemptionSerializer
    filterset_class = RedemptionFilterSet

    def scope_queryset(self, queryset):
        return queryset.select_related("person", "item")


ROUTES = [
    ("scoring/scorecards", ScorecardViewSet, "scoring-scorecard"),
    ("scoring/org-ratings", OrgRatingViewSet, "scoring-orgrating"),
    ("scoring/postings", PostingViewSet, "scoring-posting"),
    ("scoring/redemptions", RedemptionViewSet, "scoring-redemption"),
]
