"""What the audit-log screens read."""

from ptp.audit.models import AuditEvent, AuditEventQuerySet


def hub_audit_log(*, hub_id: int, action: str = "", object_type: str = "") -> AuditEventQuerySet:
    """The hub's audit entries, newest first, optionally filtered by action and object type."""
    events = AuditEvent.objects.for_hub(hub_id).select_related("actor")
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    return events
