"""Filters of postings."""

import django_filters
from django.db.models import Exists, OuterRef

from core.filters import PeriodDateFilter, SearchFilterSet
from organizations.models import Area
from scoring.choices import ObjectionOutcome, PostingKind, PostingState
from scoring.models import Objection, Posting


class PostingFilterSet(SearchFilterSet):
    search_fields = ("title",)
    linked_only = ("published_after", "published_before", "pending_objections")
    kind = django_filters.ChoiceFilter(label="公示内容", choices=PostingKind.choices, empty_label="全部")
    # By the dates, as the list shows it (Posting.state), not by the stored status the nightly job moves.
    status = django_filters.ChoiceFilter(
        label="状态", choices=PostingState.choices, empty_label="全部", method="filter_state"
    )

    area = django_filters.ModelChoiceFilter(label="街镇/园区", queryset=Area.objects.all(), empty_label="全部")
    published_after = PeriodDateFilter(label="发布日期起", field_name="published_on", lookup_expr="gte")
    published_before = PeriodDateFilter(label="发布日期止", field_name="published_on", lookup_expr="lte")
    pending_objections = django_filters.BooleanFilter(label="有待处理异议", method="filter_pending")

    class Meta:
        model = Posting
        fields = ["q", "kind", "status", "area", "published_after", "published_before", "pending_objections"]

    def filter_pending(self, queryset, name, value):
        if value is None:
            return queryset
        pending = Objection.objects.filter(posting=OuterRef("pk"), outcome=ObjectionOutcome.PENDING)
        return queryset.filter(Exists(pending) if value else ~Exists(pending))

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)
