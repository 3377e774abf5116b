"""Settings, read from environment variables (see README "Configuration")."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from tumorboard.env import env_bool, env_int, env_list, env_str

# Lets annotations such as ModelAdmin[Site] work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("TUMORBOARD_VAR_DIR", str(Path.cwd() / "var")))

INSECURE_DEV_KEY = "insecure-development-key-do-not-use-in-production"
DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("TUMORBOARD_PRODUCTION", False)
SECRET_KEY = env_str("SECRET_KEY", INSECURE_DEV_KEY)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
# Salt for hashing national identity numbers; must be set and kept secret in production.
NATIONAL_ID_SALT = env_str("NATIONAL_ID_SALT", "insecure-development-salt")

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tumorboard.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the demo server read while a long import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
    DATABASES["default"]["OPTIONS"]["timeout"] = 20

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "tumorboard.core",
    "tumorboard.network",
    "tumorboard.accounts",
    "tumorboard.patients",
    "tumorboard.decisions",
    "tumorboard.outcomes",
    "tumorboard.clinic",
    "tumorboard.board",
    "tumorboard.capacity",
    "tumorboard.welfare",
    "tumorboard.fhir",
    "django_tasks",
    "django_tasks_db",
]

# Background work (FHIR Bulk Data $export): Django's task framework (django-tasks backport)
# with its database backend, run by `tumorboard manage db_worker` (started by serve).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

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
    "tumorboard.accounts.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "tumorboard.urls"
WSGI_APPLICATION = "tumorboard.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tumorboard.core.context.navigation",
            ]
        },
    }
]

# The admin role edits reference data in the Django admin (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend",
                           "tumorboard.accounts.backends.AdminRoleBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# --- Login hardening (README "Login throttling", "Two-factor login", "API tokens") ---
# Failures are counted in a sliding window of LOGIN_LOCKOUT_SECONDS: per username+address
# (a lock-out of that address), per address over all usernames, and over everything
# (a circuit breaker); a username failing from anywhere only waits LOGIN_USER_DELAY_SECONDS.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900)
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 15)
LOGIN_MAX_FAILURES_GLOBAL = env_int("LOGIN_MAX_FAILURES_GLOBAL", 500)
LOGIN_USER_DELAY_SECONDS = env_int("LOGIN_USER_DELAY_SECONDS", 60)
# TOTP second factor for clinical roles; production refuses to start without it.
TUMORBOARD_REQUIRE_2FA = env_bool("TUMORBOARD_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "tumorboard")
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
IDEMPOTENCY_KEY_HOURS = 24
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")
# Headers go on every response that passes the static files (the outermost app layer).
MIDDLEWARE.insert(MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
                  "tumorboard.accounts.middleware.SecurityHeadersMiddleware")
MIDDLEWARE += ["tumorboard.accounts.middleware.TwoFactorMiddleware",
               "tumorboard.accounts.middleware.IdempotencyMiddleware"]
if PRODUCTION and not TUMORBOARD_REQUIRE_2FA:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Refusing to start in production (TUMORBOARD_PRODUCTION=true): "
                               "TUMORBOARD_REQUIRE_2FA must be true")
# --- end login hardening ---

# CSV follow-up import (outcomes): a file above either limit is refused before any write.
OUTCOMES_IMPORT_MAX_BYTES = env_int("OUTCOMES_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
OUTCOMES_IMPORT_MAX_ROWS = env_int("OUTCOMES_IMPORT_MAX_ROWS", 20_000)

# Request hygiene (core.input_guard): bodies above this are answered 413; a FHIR transaction
# is also limited in bytes (at most DATA_UPLOAD_MAX_MEMORY_SIZE) and in entries.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
FHIR_MAX_BUNDLE_BYTES = env_int("FHIR_MAX_BUNDLE_BYTES", DATA_UPLOAD_MAX_MEMORY_SIZE)
FHIR_MAX_BUNDLE_ENTRIES = env_int("FHIR_MAX_BUNDLE_ENTRIES", 1000)
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1,
                  "tumorboard.core.input_guard.InputGuardMiddleware")

# --- Audit trail --- the client address behind a reverse proxy, e.g. HTTP_X_FORWARDED_FOR, read
# only when REMOTE_ADDR is one of TRUSTED_PROXIES (addresses or networks); refused accesses.
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# Next to authentication, so that every 403 produced further in passes through it.
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "tumorboard.accounts.audit.RefusedAccessMiddleware")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

STATIC_URL = "/static/"
# Only production needs collected files (collectstatic); development serves from the apps.
STATIC_ROOT = env_str("STATIC_ROOT", "") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
# Files attached to clinical reports (patients.report_models): larger ones are refused.
REPORT_ATTACHMENT_MAX_BYTES = env_int("REPORT_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

from tumorboard.core.checks import refuse_insecure_production  # noqa: E402

refuse_insecure_production(
    production=PRODUCTION, debug=DEBUG, secret_key=SECRET_KEY, insecure_key=INSECURE_DEV_KEY,
    allowed_hosts=ALLOWED_HOSTS, national_id_salt=NATIONAL_ID_SALT,
)
