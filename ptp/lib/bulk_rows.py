"""Inserting many rows of already-valid values without the ORM's per-value SQL compilation.

`bulk_create` spends a fraction of a millisecond per row building model instances and SQL; for
hundreds of thousands of generated or computed rows that is most of the time. Here the values go
straight to the database: COPY on PostgreSQL, `executemany` elsewhere. The database still enforces
every constraint. Used by the region generator (ptp/demand/region.py) and the gap cells
(ptp/observatory/cells.py).
"""

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, models


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Inserts one row per sequence of values, in the order of `fields` (model field names, "_id"
    columns for foreign keys); returns the rows written."""
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    model_fields = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in fields]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in model_fields)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The psycopg cursor under Django's wrapper: COPY streams the rows in one statement.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(fields))
        prepared = [
            [
                f.get_db_prep_save(value, connection)
                for f, value in zip(model_fields, row, strict=True)
            ]
            for row in rows
        ]
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608  (model names)
            prepared,
        )
        return len(prepared)
