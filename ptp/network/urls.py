from django.urls import path

from ptp.network import views

app_name = "network"
urlpatterns = [
    path("poli/", views.hub_list, name="hub_list"),
    path("poli/<slug:slug>/", views.hub_detail, name="hub_detail"),
    path("poli/<slug:slug>/partner/", views.hub_partners, name="hub_partners"),
    path("soggetti/<slug:slug>/", views.organization_detail, name="organization_detail"),
]
