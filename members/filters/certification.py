"""Filters of 红领党务 certificates; one FilterSet serves the list page and the API."""

import django_filters

from core.filters import SearchFilterSet
from members.choices import CertLevel, CertStatus
from members.models import Certificate
from organizations.models import Area


class CertificateFilterSet(SearchFilterSet):
    search_fields = ("person__name", "serial", "person__party_organization__name")

    level = django_filters.ChoiceFilter(label="等级", choices=CertLevel.choices, empty_label="全部")
    status = django_filters.ChoiceFilter(label="状态", choices=CertStatus.choices, empty_label="全部")
    area = django_filters.ModelChoiceFilter(
        label="街镇/园区",
        field_name="person__party_organization__area",
        queryset=Area.objects.all(),
        empty_label="全部",
    )

    class Meta:
        model = Certificate
        fields = ["q", "level", "status", "area"]
