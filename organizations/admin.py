from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin
from organizations.models import Area, PartyOrganization


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ReadOnlyAdmin):
    """The tree is changed through the portal's pages and imports, which run the rules."""

    list_display = ["name", "kind", "establishment_method", "area", "depth", "is_active"]
    list_filter = ["kind", "establishment_method", "area", "is_active"]
    search_fields = ["name"]
    list_select_related = ["area"]
