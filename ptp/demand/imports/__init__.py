"""Imports of companies' skill needs and of labour-demand bulletins (CSV or XLSX): every row is
checked first, each mistake reported with its line, and then everything is written or nothing."""

from ptp.demand.imports.bulletins import BulletinReport, import_labour_demand
from ptp.demand.imports.needs import NeedsReport, import_needs
from ptp.demand.imports.tables import RowError

__all__ = ["BulletinReport", "NeedsReport", "RowError", "import_labour_demand", "import_needs"]
