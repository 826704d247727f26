"""Round pages in the back office (namespace `backoffice`), mounted at gestione/."""

from django.urls import path

from ptp.placements.rounds import views

urlpatterns = [
    path("poli/<slug:slug>/tornate/", views.round_list, name="round_list"),
    path("poli/<slug:slug>/tornate/nuova/", views.round_create, name="round_create"),
    path("poli/<slug:slug>/tornate/capacita/", views.capacity, name="round_capacity"),
    path("poli/<slug:slug>/tornate/<int:pk>/", views.round_detail, name="round_detail"),
    path(
        "poli/<slug:slug>/tornate/<int:pk>/avanzamento/",
        views.round_progress,
        name="round_progress",
    ),
    path("poli/<slug:slug>/tornate/<int:pk>/periodi/", views.round_windows, name="round_windows"),
    path(
        "poli/<slug:slug>/tornate/<int:pk>/<str:action>/", views.round_action, name="round_action"
    ),
    path("ospiti/<slug:org_slug>/in-arrivo/", views.host_incoming, name="round_host_incoming"),
]
