"""What the views share: the typed request and pagination."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from ptp.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login_required: its user is a real account."""

    user: User


PAGE_SIZE = 25


def paginate(request: HttpRequest, items: Any, *, per_page: int = PAGE_SIZE) -> Page:
    """The requested page of items; out-of-range or garbage page numbers give the nearest page."""
    return Paginator(items, per_page).get_page(request.GET.get("pagina"))
