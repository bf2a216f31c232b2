from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from party_life.models import PartyGroup


@admin.register(PartyGroup)
class PartyGroupAdmin(SimpleHistoryAdmin):
    """党小组 and their members are kept here until they have a page of their own."""

    list_display = ["name", "party_organization", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "party_organization__name"]
    raw_id_fields = ["party_organization", "members"]
