"""Links to pages addressed by a slug, built without a full URL reversal for every row.

Long lists (hubs, members, programmes) link every row; reversing each link costs more than the rest
of the row, so the pattern is reversed once and the slug is put in its place.
"""

from functools import cache

from django.urls import reverse

_PLACEHOLDER = "slug-placeholder"


@cache
def _pattern(name: str) -> str:
    return reverse(name, kwargs={"slug": _PLACEHOLDER})


def slug_url(name: str, slug: str) -> str:
    """The URL of the named view for this slug, as `reverse(name, kwargs={"slug": slug})` gives."""
    return _pattern(name).replace(_PLACEHOLDER, slug, 1)
