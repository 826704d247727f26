"""Cache of public pages for anonymous visitors, invalidated whenever public data change.

Every public page is the same for every anonymous visitor, so it is rendered once and kept for
a few minutes. Services that change what public pages show call `public_data_changed()` (on
commit), which moves a version number shared by all server processes; cached pages of the old
version are then never served again. Logged-in users, non-GET requests, htmx fragments of another
kind and responses that are not 200 are never cached.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"


def _cache() -> Any:
    return caches["public_pages"]


def public_data_changed() -> None:
    """Makes every cached public page stale once the current transaction commits."""
    transaction.on_commit(_bump)


def _fresh_version() -> int:
    # A lost version key (evicted, cache restarted) must not come back as a number already used,
    # or pages and indexes built under it would look current again: start from the clock.
    return time.time_ns()


def _bump() -> None:
    cache = _cache()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def _version() -> int:
    return int(_cache().get_or_set(VERSION_KEY, _fresh_version, timeout=None))


def public_data_version() -> int:
    """A number that changes whenever public data change (shared by every server process)."""
    return _version()


def cached_for_public_data(key: str, compute: Callable[[], Any]) -> Any:
    """A value computed from public data, kept until they change (e.g. catalogue-wide counts)."""
    full_key = f"public-data:{_version()}:{key}"
    cache = _cache()
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout=settings.PTP_PUBLIC_PAGE_CACHE_SECONDS)
    return value


def _cacheable(request: HttpRequest) -> bool:
    if not settings.PTP_PUBLIC_PAGE_CACHE or request.method != "GET":
        return False
    if request.user.is_authenticated:
        return False
    # A pending flash message belongs to this visitor only.
    return not len(get_messages(request))


def public_page[Response: HttpResponseBase](
    view: Callable[..., Response],
) -> Callable[..., Response]:
    """Serves the view's response from the public cache for anonymous visitors."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        fragment = "htmx" if request.headers.get("HX-Request") else "page"
        key = f"public-pages:{_version()}:{get_language()}:{fragment}:{request.get_full_path()}"
        cache = _cache()
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        downloadable = response.has_header("Content-Disposition")
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not downloadable
        ):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, timeout=settings.PTP_PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapper
