"""Filters of 红领党务 certificates; one FilterSet serves the list page and the API."""

import django_filters
from django.utils import timezone

from core.filters import SearchFilterSet
from members.choices import CertLevel, CertStatus
from members.models import Certificate
from organizations.models import Area


class CertificateFilterSet(SearchFilterSet):
    search_fields = ("person__name", "serial", "person__party_organization__name")
    linked_only = ("review_due",)

    level = django_filters.ChoiceFilter(label="等级", choices=CertLevel.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=CertStatus.choices, empty_label="全部")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区",
        field_name="person__party_organization__area",
        queryset=Area.objects.all(),
        empty_label="全部",
    )

    review_due = django_filters.BooleanFilter(label="即将到动态调整期", method="filter_review_due")

    class Meta:
        model = Certificate
        fields = ["q", "level", "status", "area", "review_due"]

    def filter_review_due(self, queryset, name, value):
        """Valid certificates whose two-year review falls within the notice window (the county's to-do)."""
        if not value:
            return queryset
        from members.selectors.todos import certificates_due_for_review

        return certificates_due_for_review(queryset, today=timezone.localdate())
