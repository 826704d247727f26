"""The offer plan in the back office, under /gestione/poli/<slug>/piano/ (namespace `backoffice`).

Included by ptp/network/backoffice_urls.py; no app_name here, so the names join its namespace.
"""

from django.urls import path

from ptp.catalogue import plan_views as views

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("confronta/", views.plan_compare, name="plan_compare"),
    path("<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<int:plan_id>/stato/", views.plan_transition, name="plan_transition"),
    path("<int:plan_id>/voci/nuova/", views.item_create, name="plan_item_create"),
    path("<int:plan_id>/voci/<int:item_id>/rimuovi/", views.item_remove, name="plan_item_remove"),
    path("<int:plan_id>/analisi/", views.plan_analysis, name="plan_analysis"),
]
