from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin
from industry_chains import models
from industry_chains.models import Department, IndustryChain


@admin.register(IndustryChain)
class IndustryChainAdmin(SimpleHistoryAdmin):
    list_display = ["name", "committee_name", "sort_order"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name"]
    search_fields = ["name", "short_name"]


@admin.register(models.ChainMember)
class ChainMemberAdmin(ReadOnlyAdmin):
    list_display = ["name", "chain", "role", "unit"]
    list_filter = ["chain", "role"]
    search_fields = ["name", "unit"]


@admin.register(models.ChainEnterprise)
class ChainEnterpriseAdmin(ReadOnlyAdmin):
    list_display = ["entity", "chain", "instructor", "duty_order", "is_active"]
    list_filter = ["chain", "is_active"]
    search_fields = ["entity__name"]
    raw_id_fields = ["entity", "instructor"]


@admin.register(models.DutyTurn)
class DutyTurnAdmin(ReadOnlyAdmin):
    list_display = ["chain", "starts_on", "ends_on", "enterprise", "status"]
    list_filter = ["chain", "status"]


@admin.register(models.Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "chain", "entity", "status", "due_on", "is_supervised"]
    list_filter = ["chain", "status", "is_supervised"]
    search_fields = ["title", "entity__name"]


@admin.register(models.Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["title", "issuing_department", "category", "valid_from", "valid_until"]
    list_filter = ["issuing_department", "category"]
    search_fields = ["title"]
