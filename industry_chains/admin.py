from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from industry_chains.models import Department, IndustryChain


@admin.register(IndustryChain)
class IndustryChainAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee_name", "sort_order"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]
