"""The school's roster in the back office, included at gestione/scuole/<slug:slug>/studenti/
(names join the `backoffice` namespace)."""

from django.urls import path

from ptp.students import backoffice_views as views

urlpatterns = [
    path("", views.student_list, name="student_list"),
    path("esporta/", views.student_export, name="student_export"),
    path("nuovo/", views.student_create, name="student_create"),
    path("importa/", views.student_import, name="student_import"),
    path("importa/<int:job_id>/", views.student_import_job, name="student_import_job"),
    path(
        "importa/<int:job_id>/stato/",
        views.student_import_progress,
        name="student_import_progress",
    ),
    path(
        "importa/<int:job_id>/conferma/",
        views.student_import_confirm,
        name="student_import_confirm",
    ),
    path("<str:code>/", views.student_detail, name="student_detail"),
    path("<str:code>/modifica/", views.student_edit, name="student_edit"),
    path("<str:code>/invito/", views.student_invite, name="student_invite"),
]
