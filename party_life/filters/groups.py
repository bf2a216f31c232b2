"""Filters of Party groups: by group or organisation name."""

from core.filters import SearchFilterSet
from party_life.models import PartyGroup


class PartyGroupFilterSet(SearchFilterSet):
    search_fields = ("name", "party_organization__name")

    class Meta:
        model = PartyGroup
        fields = ["q"]
