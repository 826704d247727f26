"""Background work of the report channel (django.tasks; run by `manage.py db_worker`)."""

from django.tasks import task
from django.utils import timezone

from ptp.placements.services.reports import escalate_overdue_reports


@task()
def escalate_reports() -> int:
    """Escalates the OPEN reports whose 7-day answer deadline has passed and tells the hub
    coordinators; safe to run as often as wanted (each report escalates once)."""
    return escalate_overdue_reports(now=timezone.now())
