"""Writing to the audit log; every service that changes audited data calls `record_event`."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from ptp.accounts.models import User
from ptp.audit.models import AuditAction, AuditEvent


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The JSON-safe values of the named fields (foreign keys by id), for before/after records."""
    values: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        assert isinstance(field, models.Field)  # noqa: S101  (only concrete fields are snapshotted)
        value = getattr(obj, field.attname)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "name") and isinstance(field, models.FileField):
            value = value.name or ""
        values[name] = value
    return values


def record_event(
    *,
    actor: User | None,
    action: AuditAction,
    obj: models.Model,
    summary: str,
    hub_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Appends one entry to the audit log; callers run it inside their own transaction."""
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.email if actor is not None else "sistema",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:255],
        hub_id=hub_id,
        summary=summary[:255],
        before=before,
        after=after,
    )
