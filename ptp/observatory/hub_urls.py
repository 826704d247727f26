"""The hub pages of the observatory, under /osservatorio/poli/ (mounted in config/urls.py)."""

from django.urls import path

from ptp.observatory import hub_views

app_name = "observatory_hubs"

urlpatterns = [
    path("", hub_views.hub_list, name="list"),
    path("<slug:slug>/", hub_views.hub_detail, name="detail"),
    path("<slug:slug>/rapporto/<int:year>.pdf", hub_views.hub_report, name="report"),
]
