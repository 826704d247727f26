from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ptp.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = ["at", "actor_label", "action", "object_type", "object_label", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_label", "summary"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
