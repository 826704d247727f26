"""Import of programmes and editions from CSV or XLSX: validate every row, then write all or nothing."""

from ptp.catalogue.importer.run import ImportReport, RowError, import_catalogue

__all__ = ["ImportReport", "RowError", "import_catalogue"]
