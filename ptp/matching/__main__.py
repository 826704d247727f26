"""Entry point for ``python -m ptp.matching``."""

import sys

from ptp.matching.cli import main

sys.exit(main())
