"""The hub's catalogue in the back office, under /gestione/poli/<slug>/offerta/ (namespace `backoffice`)."""

from django.urls import path

from ptp.catalogue import offer_views as views

urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("importa/", views.offer_import, name="offer_import"),
    path("esporta/", views.offer_export, name="offer_export"),
]
