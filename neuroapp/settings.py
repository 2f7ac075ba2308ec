"""Settings, all overridable from the environment.

DJANGO_DEBUG=1            development mode (off unless asked)
DJANGO_SECRET_KEY         required when DEBUG is off
DJANGO_ALLOWED_HOSTS      comma-separated host names
DATABASE_URL              e.g. postgres://user:pass@127.0.0.1:5432/neuroapp (default: SQLite file)
DJANGO_CONN_MAX_AGE       seconds a PostgreSQL connection is kept (default 60; 0: one per request)
DJANGO_CONN_HEALTH_CHECKS check a kept connection before reuse (default on)
DJANGO_DB_CONNECT_RETRY_SECONDS  how long a new PostgreSQL connection is retried (default 5)
DJANGO_SECURE_SSL         HTTPS hardening (secure cookies, HSTS, redirect); on unless DEBUG
EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS  SMTP
                          (with DEBUG and no EMAIL_HOST, mail is printed to the console)
NEUROAPP_SITE_URL         the address in reminder links (default http://127.0.0.1:8000)
NEUROAPP_VAPID_PRIVATE_KEY  Web Push key (manage.py vapid_keys); push is off without it
NEUROAPP_VAPID_SUBJECT    Web Push contact (default mailto:DEFAULT_FROM_EMAIL)
NEUROAPP_SERVICE_WORKER   0 to turn the service worker off (and remove it from browsers)
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {"1", "true", "yes"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
TESTING = env_bool("NEUROAPP_TESTING")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-" + "x" * 40
    else:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "routines",
    "tracking",
    "portability",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Runs a request again after a database restart cut it off: everything below is redone.
    "neuroapp.middleware.RetryWhileDatabaseRestartsMiddleware",
    # Compresses what the middleware below produce: first in, last to see the response.
    "neuroapp.middleware.TextGZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "neuroapp.middleware.PrivatePagesMiddleware",
    "accounts.middleware.ProfileMiddleware",
    "accounts.middleware.SafetyAcknowledgementMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "neuroapp.urls"
WSGI_APPLICATION = "neuroapp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "neuroapp.context_processors.app",
            ],
        },
    },
]

# Database: SQLite by default, tuned for durability and concurrent writers.
SQLITE_PATH = Path(os.environ.get("NEUROAPP_SQLITE_PATH", BASE_DIR / "var" / "db.sqlite3"))
SQLITE_OPTIONS = {
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on
    # the busy timeout instead of failing with "database is locked".
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=FULL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA secure_delete=ON;"
    ),
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            # Connections are kept between requests (a third more throughput) and checked
            # before reuse, so a database restart or failover costs no request an error.
            conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            conn_health_checks=env_bool("DJANGO_CONN_HEALTH_CHECKS", True),
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        from psycopg import IsolationLevel

        # Waits a few seconds for a restarting database (neuroapp/db/postgresql/base.py).
        DATABASES["default"]["ENGINE"] = "neuroapp.db.postgresql"

        # READ COMMITTED, PostgreSQL's default, said outright: every "check, then write" path
        # is guarded by a unique constraint or a row lock and expects the loser of a race to
        # wait for the winner and then see its row. Under REPEATABLE READ or SERIALIZABLE the
        # loser fails with "could not serialize access" instead (500s under load).
        DATABASES["default"].setdefault("OPTIONS", {})["isolation_level"] = (
            IsolationLevel.READ_COMMITTED
        )
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Login throttling: 5 failures per user name and address, 15 minutes cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts during a lockout do not restart it: the owner gets back in after the cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind a reverse proxy, how many proxies append to X-Forwarded-For (see README).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "neuroapp.http.client_ip"
# Password-reset mail is sent from a background thread, so the answer takes the same time
# whether or not the address has an account.
PASSWORD_RESET_MAIL_IN_BACKGROUND = env_bool("PASSWORD_RESET_MAIL_IN_BACKGROUND", True)
# What any form here needs: one file, a few dozen fields.
DATA_UPLOAD_MAX_NUMBER_FILES = 1
# Checking and staging a large import file is seconds of CPU: at most this many at once on
# one machine (others are asked to try again in a minute). The slots are file locks here.
IMPORT_CHECK_SLOTS = int(os.environ.get("NEUROAPP_IMPORT_SLOTS", "1"))
LOCK_DIR = Path(os.environ.get("NEUROAPP_LOCK_DIR", SQLITE_PATH.parent / "locks"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# The name an authenticator app shows beside the codes.
OTP_TOTP_ISSUER = os.environ.get("NEUROAPP_SITE_NAME", "neuroapp")
# After a wrong app code django-otp waits 1, 2, 4, ... seconds (with our per-account and
# per-address limits). Recovery codes are too many to guess: no wait, so a typo costs nothing.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 0
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("NEUROAPP_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Email: printed to the console in development (reset links appear in the
# terminal); SMTP otherwise, to EMAIL_HOST (default localhost:25).
MAILERS: dict[str, dict[str, Any]]
if DEBUG and not os.environ.get("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "neuroapp@localhost")

# Reminders. Links in emails, notifications and the calendar feed start with the site's
# address. Web Push needs a VAPID key (`manage.py vapid_keys` makes one) and a contact.
NEUROAPP_SITE_URL = os.environ.get("NEUROAPP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
NEUROAPP_VAPID_PRIVATE_KEY = os.environ.get("NEUROAPP_VAPID_PRIVATE_KEY", "").strip()
# The service worker (offline pages, notifications); off unregisters it from browsers.
NEUROAPP_SERVICE_WORKER = env_bool("NEUROAPP_SERVICE_WORKER", True)
NEUROAPP_VAPID_SUBJECT = os.environ.get("NEUROAPP_VAPID_SUBJECT", f"mailto:{DEFAULT_FROM_EMAIL}")

# Security headers. No 'unsafe-inline' anywhere: scripts and styles are files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "media-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "neuroapp.views.csrf_failure"

SECURE_SSL = env_bool("DJANGO_SECURE_SSL", not DEBUG and not TESTING)
if SECURE_SSL:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
