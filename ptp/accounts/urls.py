from django.urls import path

from ptp.accounts import views

app_name = "accounts"
urlpatterns = [
    path("accedi/", views.PtpLoginView.as_view(), name="login"),
    path("esci/", views.PtpLogoutView.as_view(), name="logout"),
    path("invito/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
]
