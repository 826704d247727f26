"""Demand pages of coordinators and regional officers, mounted at /gestione/ (namespace
`backoffice`): a hub's needs and the labour-demand bulletins."""

from django.urls import path

from ptp.demand import hub_views

urlpatterns = [
    path("poli/<slug:slug>/fabbisogni/", hub_views.hub_needs, name="hub_needs"),
    path("domanda-di-lavoro/", hub_views.labour_demand, name="labour_demand"),
]
