from django.urls import path

from ptp.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("offerta-formativa/", views.catalogue, name="search"),
    path("offerta-formativa/<slug:slug>/", views.programme_detail, name="programme"),
]
