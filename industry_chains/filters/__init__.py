from core.filters import SearchFilterSet
from industry_chains.models import Department, IndustryChain


class IndustryChainFilterSet(SearchFilterSet):
    search_fields = ("name", "committee_name")

    class Meta:
        model = IndustryChain
        fields = []


class DepartmentFilterSet(SearchFilterSet):
    search_fields = ("name", "short_name")

    class Meta:
        model = Department
        fields = []
