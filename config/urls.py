"""URL map: public pages in Italian, the back office under /gestione/, the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("ptp.pages.urls")),
    path("", include("ptp.network.urls")),
    path("", include("ptp.skills.urls")),
    path("", include("ptp.catalogue.urls")),
    path("", include("ptp.placements.public_urls")),
    path("", include("ptp.accounts.urls")),
    path("", include("ptp.placements.rounds.student_urls")),
    path("studente/segnalazioni/", include("ptp.placements.report_urls")),
    path("studente/percorsi/", include("ptp.placements.student_urls")),
    path("studente/", include("ptp.students.urls")),
    path("osservatorio/esiti/", include("ptp.outcomes.urls")),
    path("osservatorio/poli/", include("ptp.observatory.hub_urls")),
    path("osservatorio/", include("ptp.observatory.region_urls")),
    path("osservatorio/", include("ptp.observatory.urls")),
    path("gestione/", include("ptp.network.backoffice_urls")),
    path("api/v1/", api.urls),
    path("amministrazione/", admin.site.urls),
]

handler404 = "ptp.pages.views.not_found"
handler500 = "ptp.pages.views.server_error"
handler403 = "ptp.pages.views.forbidden"
