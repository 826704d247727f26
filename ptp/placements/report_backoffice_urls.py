"""Reports, evaluation, feedback moderation and certificates in the back office, under
/gestione/segnalazioni/ (namespace `backoffice`).

Included by ptp/network/backoffice_urls.py; no app_name here, so the names join its namespace.
"""

from django.urls import path

from ptp.placements import assessment_views, report_views

urlpatterns = [
    path("", report_views.staff_list, name="reports"),
    path("<int:report_id>/", report_views.staff_detail, name="report_detail"),
    path("<int:report_id>/risposta/", report_views.staff_answer, name="report_answer"),
    path("<int:report_id>/nota/", report_views.staff_note, name="report_note"),
    path("valutazioni/", assessment_views.evaluation_list, name="evaluation_list"),
    path(
        "valutazioni/<int:placement_id>/",
        assessment_views.evaluation_form,
        name="evaluation_form",
    ),
    path("opinioni/", assessment_views.feedback_queue, name="feedback_queue"),
    path("opinioni/ricevute/", assessment_views.feedback_summary, name="feedback_summary"),
    path(
        "opinioni/<int:feedback_id>/",
        assessment_views.feedback_moderate,
        name="feedback_moderate",
    ),
    path("certificati/", assessment_views.certificate_list, name="certificate_list"),
    path(
        "certificati/<int:placement_id>/",
        assessment_views.certificate_detail,
        name="certificate",
    ),
    path(
        "certificati/<int:placement_id>/v<int:version>/",
        assessment_views.certificate_download,
        name="certificate_download",
    ),
]
