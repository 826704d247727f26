"""The regional ranking and the open data, under /osservatorio/ (mounted in config/urls.py next
to the hub pages; their paths do not overlap those of ptp/observatory/urls.py)."""

from django.urls import path

from ptp.observatory import hub_views

app_name = "observatory_region"

urlpatterns = [
    path("graduatoria/", hub_views.ranking_page, name="ranking"),
    path("dati-aperti/", hub_views.open_data_page, name="open_data"),
    path("dati-aperti/catalogo.jsonld", hub_views.open_data_catalogue, name="catalogue"),
    path("dati-aperti/indicatori-poli.csv", hub_views.open_data_hubs, name="hubs_csv"),
    path("dati-aperti/divario-competenze.csv", hub_views.open_data_gap, name="gap_csv"),
]
