"""The student's reports, feedback and certificates, under /studente/segnalazioni/.

Included once in config/urls.py: path("studente/segnalazioni/", include(...)).
"""

from django.urls import path

from ptp.placements import assessment_views, report_views

app_name = "reports_student"
urlpatterns = [
    path("", report_views.student_list, name="list"),
    path("nuova/<int:placement_id>/", report_views.student_create, name="create"),
    path("<int:report_id>/", report_views.student_detail, name="detail"),
    path("<int:report_id>/chiudi/", report_views.student_close, name="close"),
    path(
        "percorsi/<int:placement_id>/opinione/",
        assessment_views.student_feedback,
        name="feedback",
    ),
    path(
        "percorsi/<int:placement_id>/certificato/",
        assessment_views.student_certificate,
        name="certificate",
    ),
]
