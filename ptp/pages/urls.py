from django.urls import path

from ptp.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("note-legali/", views.legal_notes, name="legal_notes"),
    path("healthz", views.healthz, name="healthz"),
]
