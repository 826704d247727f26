"""The REST API under /api/v1/ (OpenAPI schema at /api/v1/openapi.json)."""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI

from ptp.catalogue.api import router as catalogue_router
from ptp.core.errors import ConflictError, DomainError
from ptp.network.api import router as network_router
from ptp.skills.api import router as skills_router

api = NinjaAPI(
    title="Rete PTP API",
    version="1",
    description="Dati pubblici dei Poli Tecnico Professionali. I dati dimostrativi hanno is_demo=true.",
    urls_namespace="api",
)
api.add_router("/", network_router)
api.add_router("/", skills_router)
api.add_router("/", catalogue_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    status = 409 if isinstance(exc, ConflictError) else 422
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Non trovato."}, status=404)
