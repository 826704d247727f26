"""System checks for what the platform needs at start-up."""

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_accessibility_statement(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """A deployed site must link its own accessibility statement, not the AgID form home."""
    if settings.ACCESSIBILITY_STATEMENT_URL.rstrip("/") == "https://form.agid.gov.it":
        return [
            checks.Warning(
                "PTP_ACCESSIBILITY_STATEMENT_URL points to the AgID form home page.",
                hint="Publish the statement on form.agid.gov.it and set its URL.",
                id="ptp.W001",
            )
        ]
    return []
