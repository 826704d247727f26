"""Public opportunity pages, mounted at "" in config/urls.py (namespace `opportunities`)."""

from django.urls import path

from ptp.placements import opportunity_views as views

app_name = "opportunities"
urlpatterns = [
    path("opportunita/", views.opportunity_search, name="search"),
    path("opportunita/<int:pk>/", views.opportunity_detail, name="detail"),
]
