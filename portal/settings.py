"""Hamkori settings: one module, driven by environment variables (see .env.example).

Development defaults are safe to run locally; outside debug the site refuses to
start without a secret key rather than fall back to a known one.
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-development-only"  # noqa: S105 - only ever used with DEBUG on
# A short or placeholder key (the .env.example one, Django's "django-insecure-" prefix) can be
# guessed, and with it sessions and password-reset links forged: refuse it as firmly as none.
# The test is Django's own (check --deploy, security.W009) plus the placeholders people copy.
if not DEBUG and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure")
    or any(word in SECRET_KEY.lower() for word in ("change-me", "changeme", "replace-me"))
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too short or a placeholder: use at least 50 random characters, "
        "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

# No DATABASE_URL means the embedded SQLite file: nothing to install for development.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "catalogue.accounts.StaffAdminConfig",  # django.contrib.admin; see "Staff accounts" below
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # serve static files the same way in development
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "catalogue",
    "ops",  # request ids, JSON logs, /healthz (docs/deploy.md)
]

MIDDLEWARE = [
    # First, so every response (even a redirect to https) and every log line has the request id.
    "ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A NUL or other control character anywhere in a request answers 400 before any view
    # runs (PostgreSQL refuses NUL in text; docs/site.md).
    "catalogue.middleware.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML and exports after every middleware below has written the body; whitenoise
    # above serves static files already compressed. Django's BREACH mitigation is on (4.2+).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which staff user made each admin edit in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"

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
                "catalogue.context_processors.compare_tray",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# Internationalisation: English now; Russian and Tajik are planned, so every
# interface string is marked for translation from the start.

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("tg", "Тоҷикӣ")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Dushanbe"
USE_I18N = True
USE_TZ = True

# Static files, served by whitenoise with hashed names (no CDN).

STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security: deploy-time hardening is driven by the same variables.

CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Deployment behind a proxy (docs/deploy.md): nginx or another proxy terminates TLS and
# forwards to gunicorn. Outside debug every HTTPS protection is on unless a variable turns it
# off, so `manage.py check --deploy --fail-level WARNING` passes with a secret key alone.


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


# The proxy says a request came over https in X-Forwarded-Proto. It must set (overwrite) that
# header, or a client could claim https itself; turn this off if nothing sits before gunicorn.
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain http on the private side; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
# Preloading asks browsers to hard-code https for the domain for months, and anyone may submit a
# domain that sends it: the operator opts in (docs/deploy.md), so its check is silenced until then.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# With persistent connections (DJANGO_CONN_MAX_AGE > 0), replace one the database dropped
# instead of failing the next request on it.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Logging: one JSON line per event on stderr (ops/logging.py), with the request's id and path;
# errors (with their traceback), 4xx warnings and failed logins included. ADMINS also get an
# email for each error when an SMTP server is configured.

ADMINS = [
    (name, address)
    for name, address in getaddresses([os.environ.get("DJANGO_ADMINS", "")])
    if address
]
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "root@localhost")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=False)
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"json": {"()": "ops.logging.JsonFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": ["mail_admins"], "level": LOG_LEVEL}},
}

# Project

# A staff edit's history row names every change of the page, which can be longer than 100
# characters (catalogue.admin.change_summary).
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# The About page: where readers report an error (empty: the page says how without an
# address), and the licences of the code and of the catalogue's own data (docs/deploy.md).
HAMKORI_CONTACT_EMAIL = os.environ.get("HAMKORI_CONTACT_EMAIL", "")
HAMKORI_CODE_LICENCE = os.environ.get("HAMKORI_CODE_LICENCE", "MIT")
HAMKORI_DATA_LICENCE = os.environ.get("HAMKORI_DATA_LICENCE", "CC BY 4.0")

# Where the loader reads the source documents from by default.
HAMKORI_SEEDS_DIR = BASE_DIR / "seeds"

# Cache (see docs/benchmarks.md)

# Redis when REDIS_URL is set (shared by every worker), else this process's own memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Public pages are cached whole, keyed on a version that every catalogue write replaces
# (catalogue/cache.py). On by default only with Redis: a per-process cache can't see a bump
# made in another worker. The seconds bound what a write outside the ORM (raw SQL,
# pg_restore) can leave stale.
HAMKORI_PAGE_CACHE = env_bool("HAMKORI_PAGE_CACHE", default=bool(REDIS_URL))
HAMKORI_PAGE_CACHE_SECONDS = int(os.environ.get("HAMKORI_PAGE_CACHE_SECONDS", "600"))

# Staff accounts (docs/operations.md, "Staff accounts"): passwords that can't be guessed, a
# lockout after repeated failed logins (django-axes), and an admin that shows nothing to staff
# without a permission (catalogue.accounts.StaffAdminSite, installed in INSTALLED_APPS above).

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # last, as django-axes asks
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before checking
    "django.contrib.auth.backends.ModelBackend",
]
# Locked out after this many failures per user name, and separately per address, until the
# cool-off has passed since the last failure; a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "30")) / 60  # float: hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The client's address: REMOTE_ADDR, or X-Forwarded-For only behind as many trusted proxies.
AXES_CLIENT_IP_CALLABLE = "catalogue.accounts.client_ip"
HAMKORI_TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Importer limits (docs/loading.md, "Bad input")

# The largest source file load_seeds reads, in bytes (the book is 160 KB); a larger one is
# refused before it is read.
HAMKORI_MAX_SOURCE_BYTES = int(os.environ.get("HAMKORI_MAX_SOURCE_BYTES", 5 * 1024 * 1024))
