"""Values every page template needs (site name, footer links)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext


def site(request: HttpRequest) -> dict[str, Any]:
    """Exposes the site name and the legal links the footer of an Italian public site needs."""
    return {
        "site_name": settings.PTP_SITE_NAME,
        "site_owner": settings.PTP_OWNER_NAME,
        "accessibility_statement_url": settings.ACCESSIBILITY_STATEMENT_URL,
        "privacy_email": settings.PRIVACY_CONTACT_EMAIL,
        # Built once per request: long lists show it on many rows.
        "demo_badge": format_html(
            '<span class="badge badge-demo ms-1" title="{}">demo</span>',
            gettext("Dato dimostrativo"),
        ),
    }
