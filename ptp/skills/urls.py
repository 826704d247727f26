from django.urls import path

from ptp.skills import views

app_name = "skills"
urlpatterns = [
    path("competenze/", views.skill_search, name="skill_search"),
    path("competenze/cerca/", views.skill_options, name="skill_options"),
    path("competenze/<int:pk>/", views.skill_detail, name="skill_detail"),
    path("professioni/", views.occupation_search, name="occupation_search"),
    path("professioni/cerca/", views.occupation_options, name="occupation_options"),
    path("professioni/<int:pk>/", views.occupation_detail, name="occupation_detail"),
]
