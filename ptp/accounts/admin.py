from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from ptp.accounts.models import Invitation, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    fields = ["role", "region", "hub", "organization", "granted_at", "revoked_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    inlines = [RoleGrantInline]
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name")}),
        ("Stato", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "role", "hub", "organization", "created_at", "accepted_at"]
    readonly_fields = ["accepted_at", "accepted_by"]
