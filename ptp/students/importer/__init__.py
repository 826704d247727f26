"""Import of a school's students from CSV or XLSX: map the columns, check every row, then write
all or nothing (see docs/students-import.md)."""

from ptp.students.importer.mapping import FIELDS, PRESETS, MappingError, resolve_mapping
from ptp.students.importer.rows import RowError
from ptp.students.importer.run import ImportReport, import_students

__all__ = [
    "FIELDS",
    "PRESETS",
    "ImportReport",
    "MappingError",
    "RowError",
    "import_students",
    "resolve_mapping",
]
