"""ATECO activity codes (ISTAT classification) from the maintained `ateco` package."""

from functools import lru_cache

import ateco as ateco_pkg

from ptp.lib.codes import InvalidCodeError

# Edition used for validation; ISTAT's ATECO 2025 is in force since 1 January 2025.
ATECO_EDITION = "2025"


@lru_cache(maxsize=4096)
def ateco_title(code: str) -> str | None:
    """Returns the official Italian title of an ATECO code, or None when the code does not exist."""
    node = ateco_pkg.lookup(code.strip(), edition=ATECO_EDITION)
    return None if node is None else str(node.title)


def validate_ateco(value: str) -> str:
    """Returns the canonical ATECO 2025 code (e.g. "55.10.00") or raises with an Italian message."""
    raw = value.strip()
    node = ateco_pkg.lookup(raw, edition=ATECO_EDITION)
    if node is None:
        raise InvalidCodeError(
            f"Il codice ATECO «{value}» non esiste nella classificazione ATECO {ATECO_EDITION}."
        )
    return str(node.code)
