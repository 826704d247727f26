"""The public home, the legal pages and the health check."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ptp.core.public_cache import cached_for_public_data, public_page
from ptp.network import queries
from ptp.pages.charts import bar_chart


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """What a PTP is, the sectors with their hubs, and the hubs by province as a chart and table."""
    # The same figures for everyone until the network changes.
    by_province = cached_for_public_data("home:by-province", queries.hubs_by_province)
    context = {
        "totals": cached_for_public_data("home:totals", queries.network_totals),
        "sectors": cached_for_public_data("home:sectors", queries.sectors_with_hub_counts),
        "by_province": by_province,
        "chart": bar_chart([(row.label, row.count) for row in by_province]),
    }
    return render(request, "pages/home.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice (informativa sul trattamento dei dati personali)."""
    return render(request, "pages/privacy.html")


def legal_notes(request: HttpRequest) -> HttpResponse:
    """Legal notes: licences of the content and of the reference data."""
    return render(request, "pages/legal_notes.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Monitoring probe: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
