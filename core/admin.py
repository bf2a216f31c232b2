from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.models import ImportJob, User


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Shown in the admin, changed only through the portal's pages, imports and API, whose services hold the
    rules (docs/rules.md): an admin form would be a way around them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "role", "scope_label", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "name"]
    list_select_related = ["area", "party_organization", "chain", "department"]
    autocomplete_fields = ["area", "party_organization", "chain", "department"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("个人信息", {"fields": ["name", "email"]}),
        ("角色与管理范围", {"fields": ["role", "area", "party_organization", "chain", "department"]}),
        ("权限", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("时间", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "name", "password1", "password2"]}),
        ("角色与管理范围", {"fields": ["role", "area", "party_organization", "chain", "department"]}),
    ]

    @admin.display(description="管理范围")
    def scope_label(self, obj):
        return obj.scope_label


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["original_name", "resource_key", "created_by", "status", "total_rows", "created_at"]
    list_filter = ["status", "resource_key"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False
