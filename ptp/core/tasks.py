"""Background tasks shared by every app (django.tasks; run by `manage.py db_worker`)."""

from django.core.mail import send_mail
from django.tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Sends one plain-text e-mail outside the request, so a slow or failing mail server never
    breaks the page that asked for it (the worker logs and records the failure)."""
    return send_mail(subject, body, None, to)
