"""Settings for Rete PTP, driven by environment variables.

Development defaults need no configuration at all: SQLite in ``var/``, console e-mail and the
database task backend. Production hardening lives in ``config.settings_prod``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PTP_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Reads a boolean from the environment ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Reads a comma-separated list from the environment."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The development key is only ever used with the embedded defaults; settings_prod refuses it.
INSECURE_DEV_SECRET_KEY = "dev-only-insecure-key-rete-ptp"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", INSECURE_DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "django_tasks_db",
    # Listed so /api/v1/docs serves Swagger UI from our static files, not from a CDN (CSP, privacy).
    "ninja",
    "axes",
    "bootstrap_italia_template",
    "ptp.core",
    "ptp.accounts",
    "ptp.audit",
    "ptp.geo",
    "ptp.network",
    "ptp.skills",
    "ptp.catalogue",
    "ptp.students",
    "ptp.demand",
    "ptp.placements",
    "ptp.outcomes",
    "ptp.observatory",
    "ptp.pages",
    "ptp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must be last: it turns lockouts raised by the auth backend into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ptp" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "ptp.core.context_processors.site",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL (postgres://...) switches to PostgreSQL.
DEFAULT_SQLITE_PATH = VAR_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{DEFAULT_SQLITE_PATH}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on the busy timeout instead of failing with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
# Public pages are cached for anonymous visitors (ptp/core/public_cache.py). The default file cache
# is shared by every server process on the machine; set PTP_CACHE_REDIS_URL to use Redis instead.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public_pages": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["PTP_CACHE_REDIS_URL"],
        }
        if os.environ.get("PTP_CACHE_REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "public-pages"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    ),
}
PTP_PUBLIC_PAGE_CACHE = env_bool("PTP_PUBLIC_PAGE_CACHE", default=True)
PTP_PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PTP_PUBLIC_PAGE_CACHE_SECONDS", "600"))

# --- Background tasks (django.tasks) --------------------------------------------------------
TASKS = {
    "default": {"BACKEND": os.environ.get("PTP_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}
}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "pages:home"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "ptp.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling: five failures for the same account from the same address lock it for 15 min.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Lock-outs count per lower-cased address, as the login form authenticates it.
AXES_USERNAME_CALLABLE = "ptp.accounts.throttling.username_from_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

SESSION_COOKIE_AGE = int(timedelta(hours=8).total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
# Invitations are signed links valid for this many days.
INVITATION_MAX_AGE_DAYS = 14

# --- Security headers -----------------------------------------------------------------------
# No page loads anything from another host, and no inline script or style is allowed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("Inglese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "ptp" / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "PTP_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# make run serves static files straight from the apps without collectstatic; production collects.
WHITENOISE_USE_FINDERS = env_bool("PTP_STATIC_FROM_FINDERS", default=DEBUG)
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS
# Uploaded agreements: PDF only, at most this many bytes.
AGREEMENT_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- E-mail ---------------------------------------------------------------------------------
# Console output by default; set EMAIL_HOST (and friends) to send through SMTP.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "Rete PTP <noreply@rete-ptp.invalid>"
)
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- The product ----------------------------------------------------------------------------
PTP_SITE_NAME = "Rete PTP"
PTP_OWNER_NAME = os.environ.get("PTP_OWNER_NAME", "Rete dei Poli Tecnico Professionali")
# AgID asks every public site to link its accessibility statement published on form.agid.gov.it.
ACCESSIBILITY_STATEMENT_URL = os.environ.get(
    "PTP_ACCESSIBILITY_STATEMENT_URL", "https://form.agid.gov.it/"
)
# Key for personal identifiers encrypted at rest (ptp/lib/crypto.py); falls back to SECRET_KEY.
PTP_FIELD_ENCRYPTION_KEY = os.environ.get("PTP_FIELD_ENCRYPTION_KEY", "")
# The public address of the site, for links in e-mails.
PTP_BASE_URL = os.environ.get("PTP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
PRIVACY_CONTACT_EMAIL = os.environ.get("PTP_PRIVACY_CONTACT_EMAIL", "privacy@rete-ptp.invalid")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PTP_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
