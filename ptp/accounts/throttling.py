"""How django-axes names the account a login attempt is for."""

from typing import Any

from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The lower-cased e-mail address, so "Anna@x.it" and "anna@x.it" share one failure count."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value).strip().lower()
