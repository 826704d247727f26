"""Applications and placements in the back office, under /gestione/percorsi/ (namespace
`backoffice`, included by ptp/network/backoffice_urls.py)."""

from django.urls import path

from ptp.placements import lifecycle_applicant_views as applicants
from ptp.placements import lifecycle_hours_views as hours
from ptp.placements import lifecycle_views as views

urlpatterns = [
    path("", views.placements_home, name="placements_home"),
    path("scuola/", views.placements_school, name="placements_school"),
    path("scuola/candidature/", applicants.applications_school, name="applications_school"),
    path("impresa/", views.placements_host, name="placements_host"),
    path("impresa/candidature/", applicants.applications_host, name="applications_host"),
    path("polo/<slug:slug>/", views.placements_hub, name="placements_hub"),
    path("nuovo/", views.placement_create_direct, name="placement_create_direct"),
    path(
        "candidature/<int:pk>/scuola/",
        applicants.application_school_decision,
        name="application_school_decision",
    ),
    path(
        "candidature/<int:pk>/impresa/",
        applicants.application_host_decision,
        name="application_host_decision",
    ),
    path("<int:pk>/", views.placement_detail, name="placement_detail"),
    path("<int:pk>/tutor/", views.placement_tutors, name="placement_tutors"),
    path("<int:pk>/progetto/", views.placement_plan, name="placement_plan"),
    path("<int:pk>/sicurezza/", views.placement_safety, name="placement_safety"),
    path("<int:pk>/avvio/", views.placement_start, name="placement_start"),
    path("<int:pk>/conclusione/", views.placement_complete, name="placement_complete"),
    path("<int:pk>/interruzione/", views.placement_interrupt, name="placement_interrupt"),
    path(
        "<int:pk>/documenti/<slug:kind>/genera/",
        views.placement_document_generate,
        name="placement_document_generate",
    ),
    path(
        "<int:pk>/documenti/<int:document_id>/",
        views.placement_document,
        name="placement_document",
    ),
    path("<int:pk>/ore/", hours.placement_hours, name="placement_hours"),
    path("<int:pk>/ore/<int:entry_id>/", hours.placement_hours_edit, name="placement_hours_edit"),
    path("<int:pk>/ore/conferma/", hours.placement_hours_confirm, name="placement_hours_confirm"),
    path(
        "<int:pk>/ore/convalida/", hours.placement_hours_validate, name="placement_hours_validate"
    ),
]
