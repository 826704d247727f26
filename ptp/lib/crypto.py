"""Protection of personal identifiers at rest: reversible encryption for what the data controller
must read back (the codice fiscale, shown to the student's school only) and a keyed hash to find a
record by it without decrypting everything."""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@cache
def _keys() -> tuple[Fernet, bytes]:
    # A dedicated key in production (PTP_FIELD_ENCRYPTION_KEY); derived from SECRET_KEY otherwise.
    secret = settings.PTP_FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    material = hashlib.sha256(("ptp-fields:" + secret).encode()).digest()
    lookup = hashlib.sha256(("ptp-lookup:" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(material)), lookup


def encrypt(value: str) -> str:
    """The encrypted token of a value (ASCII, safe to store in a text column)."""
    return _keys()[0].encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The value behind a token; raises ValueError when the token was not made with our key."""
    try:
        return _keys()[0].decrypt(token.encode("ascii")).decode()
    except InvalidToken as exc:
        raise ValueError("token not readable with the configured key") from exc


def lookup_hash(value: str) -> str:
    """A keyed hash of a value: equal values give equal hashes, and it cannot be reversed."""
    return hmac.new(_keys()[1], value.encode(), hashlib.sha256).hexdigest()
