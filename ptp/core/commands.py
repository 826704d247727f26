"""Pieces shared by the import commands (manage.py import_*)."""

from collections.abc import Sequence

from django.core.management.base import CommandError, OutputWrapper


def fail_on_row_errors(
    stderr: OutputWrapper,
    file_name: str,
    errors: Sequence[object],
    total_rows: int,
    *,
    max_errors: int,
    note: str = "",
) -> None:
    """Print the first `max_errors` row errors and stop the command; nothing when there are none."""
    if not errors:
        return
    for error in errors[:max_errors]:
        stderr.write(f"{file_name}, {error}")
    if len(errors) > max_errors:
        stderr.write(f"… e altri {len(errors) - max_errors} errori.")
    raise CommandError(
        f"{len(errors)} errori su {total_rows} righe: non è stato scritto nulla{note}."
    )
