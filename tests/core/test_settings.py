"""Production settings and the deploy checks.

config.settings_prod refuses to load without a real secret key, so it is imported in a child
process with the environment a deployment has; the test run itself keeps config.settings.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from ptp.core.checks import check_accessibility_statement

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
print(json.dumps({name: getattr(settings, name) for name in [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SAMESITE",
]} | {"mail_backend": settings.MAILERS["default"]["BACKEND"]}))
"""


def _run_prod(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PTP_", "EMAIL_", "DATABASE_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings_prod",
        PTP_VAR_DIR=str(tmp_path),
        PTP_ACCESSIBILITY_STATEMENT_URL="https://form.agid.gov.it/view/00000000-prova",
        **env,
    )
    return subprocess.run(  # noqa: S603  (our own interpreter on our own code)
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_check_deploy_and_harden_sessions(tmp_path):
    result = _run_prod(tmp_path, DJANGO_SECRET_KEY="chiave-di-prova-" + "0123456789abcdef" * 4)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    # E-mail really leaves: invitations must not end up on a console.
    assert values["mail_backend"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_settings_refuse_the_development_secret_key(tmp_path):
    result = _run_prod(tmp_path)  # no DJANGO_SECRET_KEY: the development key would be used

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set to a random value of 50+ characters." in result.stderr


def test_sessions_are_short_and_cookie_safe_in_every_environment():
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600


def test_login_throttling_is_configured():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_the_deploy_check_warns_about_the_agid_form_home():
    with override_settings(ACCESSIBILITY_STATEMENT_URL="https://form.agid.gov.it/"):
        warnings = check_accessibility_statement(None)
    with override_settings(ACCESSIBILITY_STATEMENT_URL="https://form.agid.gov.it/view/abc"):
        clean = check_accessibility_statement(None)

    assert [w.id for w in warnings] == ["ptp.W001"]
    assert clean == []
