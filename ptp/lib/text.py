"""Text normalisation for search: case- and accent-insensitive, the same in Python and in the index."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse blanks: "Città d'arte" -> "citta d arte"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", _NON_WORD.sub(" ", stripped)).strip()


def search_document(*parts: str) -> str:
    """The folded words of all parts, space-delimited at both ends so " term" matches a word start."""
    words = " ".join(fold(p) for p in parts if p)
    return f" {words} " if words else ""
