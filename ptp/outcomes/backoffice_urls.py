"""The school's outcome pages, included at gestione/scuole/<slug:slug>/esiti/ (names join the
`backoffice` namespace)."""

from django.urls import path

from ptp.outcomes import backoffice_views as views

urlpatterns = [
    path("", views.outcome_list, name="outcome_list"),
    path("importa/", views.outcome_import, name="outcome_import"),
    path("<str:code>/<int:months>/", views.outcome_edit, name="outcome_edit"),
]
