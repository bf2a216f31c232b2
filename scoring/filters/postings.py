"""Filters of postings."""

import django_filters

from core.filters import SearchFilterSet
from scoring.choices import PostingKind, PostingStatus
from scoring.models import Posting


class PostingFilterSet(SearchFilterSet):
    search_fields = ("title",)
    kind = django_filters.ChoiceFilter(label="公示内容", choices=PostingKind.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=PostingStatus.choices, empty_label="全部")

    class Meta:
        model = Posting
        fields = ["q", "kind", "status"]
