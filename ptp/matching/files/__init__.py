"""CSV input and output of the command line."""

from ptp.matching.files.chunks import InputError
from ptp.matching.files.tables import load_instance
from ptp.matching.files.writer import write_allocation

__all__ = ["InputError", "load_instance", "write_allocation"]
