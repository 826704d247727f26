"""The observatory's public pages under /osservatorio/ (mounted in config/urls.py)."""

from django.urls import path

from ptp.observatory import views

app_name = "observatory"

urlpatterns = [
    path("", views.gap_overview, name="gap"),
    path("competenze/<int:pk>/", views.gap_skill, name="gap_skill"),
    path("metodo/", views.method, name="method"),
]
