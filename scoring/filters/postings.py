"""Filters of postings."""

import django_filters

from core.filters import SearchFilterSet
from scoring.choices import PostingKind, PostingState
from scoring.models import Posting


class PostingFilterSet(SearchFilterSet):
    search_fields = ("title",)
    kind = django_filters.ChoiceFilter(label="公示内容", choices=PostingKind.choices, empty_label="全部")
    # By the dates, as the list shows it (Posting.state), not by the stored status the nightly job moves.
    status = django_filters.ChoiceFilter(
        label="状态", choices=PostingState.choices, empty_label="全部", method="filter_state"
    )

    class Meta:
        model = Posting
        fields = ["q", "kind", "status"]

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)
