"""A company's back office, mounted at /gestione/ospiti/<slug:slug>/ where slug is the company's
organization slug; no app_name: the names join the `backoffice` namespace."""

from django.urls import include, path

from ptp.placements import host_views
from ptp.placements.opportunities import backoffice_views as opportunity_views

urlpatterns = [
    path("", host_views.host_overview, name="host"),
    path("tutor/invita/", host_views.tutor_invite, name="host_tutor_invite"),
    path("poli/<slug:hub_slug>/registrazione/", host_views.host_register, name="host_register"),
    path("poli/<slug:hub_slug>/convenzione/", host_views.host_accept, name="host_accept"),
    path("poli/<slug:hub_slug>/dati/", host_views.host_edit, name="host_edit"),
    path("opportunita/", opportunity_views.opportunity_list, name="host_opportunities"),
    path(
        "opportunita/nuova/", opportunity_views.opportunity_create, name="host_opportunity_create"
    ),
    path("opportunita/<int:pk>/", opportunity_views.opportunity_detail, name="host_opportunity"),
    path(
        "opportunita/<int:pk>/modifica/",
        opportunity_views.opportunity_edit,
        name="host_opportunity_edit",
    ),
    path(
        "opportunita/<int:pk>/pubblica/",
        opportunity_views.opportunity_publish,
        name="host_opportunity_publish",
    ),
    path(
        "opportunita/<int:pk>/chiudi/",
        opportunity_views.opportunity_close,
        name="host_opportunity_close",
    ),
    path("fabbisogni/", include("ptp.demand.company_urls")),
]
