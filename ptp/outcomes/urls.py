"""The public outcome pages of the observatory, mounted at /osservatorio/esiti/."""

from django.urls import path

from ptp.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.outcomes_overview, name="overview"),
    path("esporta/<str:table>/", views.outcomes_export, name="export"),
]
