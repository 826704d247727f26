from django.urls import path

from ptp.placements.rounds import views

app_name = "rounds_student"
urlpatterns = [path("studente/tornate/", views.student_results, name="results")]
