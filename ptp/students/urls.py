"""The student area, included at studente/ (namespace `students`)."""

from django.urls import path

from ptp.students import views

app_name = "students"
urlpatterns = [
    path("", views.home, name="home"),
    path("competenze/", views.skills, name="skills"),
    path("competenze/<int:link_id>/togli/", views.skill_remove, name="skill_remove"),
    path("invito/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
