"""Model validation inside services: Django's ValidationError becomes the domain error the views
and the API already know how to show."""

from typing import Any

from django.core.exceptions import ValidationError

from ptp.core.errors import InvalidInputError


def validate_model(obj: Any, *, exclude: list[str] | None = None) -> None:
    """Runs full_clean (fields and constraints) and raises the first problem as InvalidInputError,
    naming its field (None for whole-object rules)."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise InvalidInputError(messages[0], field=None if field == "__all__" else field) from exc
