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


def written_text(value: str, *, field: str, what: str, max_length: int) -> str:
    """Text a person must write (a report, an answer, an opinion), trimmed: never empty, never
    longer than `max_length`; `what` completes the Italian request «Scrivi …»."""
    text = value.strip()
    if not text:
        raise InvalidInputError(f"Scrivi {what}.", field=field)
    if len(text) > max_length:
        raise InvalidInputError(
            f"Il testo è troppo lungo: al massimo {max_length} caratteri.", field=field
        )
    return text
