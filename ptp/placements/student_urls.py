"""The student's applications and placements, under /studente/percorsi/."""

from django.urls import path

from ptp.placements import student_views as views

app_name = "placements_student"
urlpatterns = [
    path("", views.home, name="home"),
    path("opportunita/", views.opportunities, name="opportunities"),
    path("opportunita/<int:window_id>/candidatura/", views.apply, name="apply"),
    path("candidature/<int:pk>/sposta/", views.move, name="move"),
    path("candidature/<int:pk>/ritira/", views.withdraw, name="withdraw"),
    path("<int:pk>/", views.placement, name="placement"),
    path("<int:pk>/documenti/<int:document_id>/", views.document, name="document"),
]
