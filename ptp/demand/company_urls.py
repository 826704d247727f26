"""A company's needs, under /gestione/ospiti/<slug>/fabbisogni/ (namespace `backoffice`)."""

from django.urls import path

from ptp.demand import views

urlpatterns = [
    path("", views.need_list, name="host_needs"),
    path("nuovo/", views.need_create, name="host_need_create"),
    path("importa/", views.need_import, name="host_needs_import"),
    path("<int:pk>/modifica/", views.need_edit, name="host_need_edit"),
    path("<int:pk>/stato/", views.need_status, name="host_need_status"),
]
