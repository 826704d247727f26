from django.urls import include, path

from ptp.network import backoffice_views as views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("poli/<slug:slug>/", views.hub_overview, name="hub"),
    path("poli/<slug:slug>/adesioni/nuova/", views.membership_create, name="membership_create"),
    path("poli/<slug:slug>/soggetti/nuovo/", views.organization_create, name="organization_create"),
    path(
        "poli/<slug:slug>/adesioni/<int:membership_id>/uscita/",
        views.membership_leave,
        name="membership_leave",
    ),
    path("poli/<slug:slug>/capofila/", views.lead_transfer, name="lead_transfer"),
    path("poli/<slug:slug>/accordi/nuovo/", views.agreement_upload, name="agreement_upload"),
    path(
        "poli/<slug:slug>/accordi/<int:version>/documento/",
        views.agreement_download,
        name="agreement_download",
    ),
    path("poli/<slug:slug>/inviti/nuovo/", views.invitation_create, name="invitation_create"),
    path("poli/<slug:slug>/registro/", views.audit_log, name="audit_log"),
    path("poli/<slug:slug>/piano/", include("ptp.catalogue.backoffice_urls")),
    path("poli/<slug:slug>/offerta/", include("ptp.catalogue.offer_urls")),
    path("", include("ptp.placements.rounds.urls")),
    path("segnalazioni/", include("ptp.placements.report_backoffice_urls")),
    path("percorsi/", include("ptp.placements.lifecycle_urls")),
    path("soggetti/<slug:slug>/modifica/", views.organization_edit, name="organization_edit"),
    path("scuole/<slug:slug>/studenti/", include("ptp.students.backoffice_urls")),
    path("scuole/<slug:slug>/esiti/", include("ptp.outcomes.backoffice_urls")),
    path("ospiti/<slug:slug>/", include("ptp.placements.host_urls")),
    path("", include("ptp.demand.backoffice_urls")),
]
