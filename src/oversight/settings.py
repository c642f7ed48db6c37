"""Django settings. Everything a deployment changes comes from the environment.

DATABASE_URL unset means SQLite at ./var/oversight.sqlite3; a postgres:// URL
means PostgreSQL (the multi-user database).
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("OVERSIGHT_VAR_DIR", Path.cwd() / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("OVERSIGHT_SECRET_KEY")
    if key:
        return key
    # A per-installation key kept beside the local database, never in the repo.
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("OVERSIGHT_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("OVERSIGHT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "oversight.accounts",
    "oversight.people",
    "oversight.web",
    "oversight.imports",
    "oversight.caseloads",
    "oversight.timeliness",
    "oversight.audits",
    "oversight.iro",
    "oversight.performance",
    "oversight.inspection",
    "oversight.improvement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so answers given before the views (the 413 for an oversize body) carry it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "oversight.web.middleware.SecurityHeadersMiddleware",
    "oversight.web.middleware.RequestSizeLimitMiddleware",
    # Before the session and the user are read: a GET's version token and record scope are worked out once.
    "oversight.memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "oversight.accounts.middleware.LoginRequiredMiddleware",
    "oversight.inspection.middleware.InspectorMiddleware",
]

ROOT_URLCONF = "oversight.urls"
WSGI_APPLICATION = "oversight.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oversight.web.context.navigation",
            ],
            # Django's `date` filter and `url` tag, cheaper on list pages with the same output
            # (web/templatetags/dates.py and urls.py).
            "builtins": ["oversight.web.templatetags.dates", "oversight.web.templatetags.urls"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'oversight.sqlite3'}",
        conn_max_age=int(os.environ.get("OVERSIGHT_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql") and _env_bool("OVERSIGHT_DB_POOL", False):
    # `oversight serve` turns the pool on for its workers (docs/deploy.md): each
    # worker process keeps a few open connections its threads share, instead of
    # connecting to PostgreSQL on every request.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # No health check on each checkout: with a pool Django would check every connection it takes with a
    # round trip to PostgreSQL, a tenth of a worker's time under load. The pool throws away a connection
    # that broke while in use; after a PostgreSQL restart a request may fail once (docs/deploy.md).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = _env_bool("OVERSIGHT_DB_POOL_CHECK", False)
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("OVERSIGHT_DB_POOL_SIZE", "8")),
        "timeout": 30,
    }
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 30, "init_command": "PRAGMA journal_mode=WAL;"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The synthetic demo's password is printed in the docs: never a real login's.
    {"NAME": "oversight.accounts.validators.NotTheDemoPassword"},
]

# Cookies are Secure by default; a developer serving plain http on a laptop
# may turn that off with OVERSIGHT_SECURE_COOKIES=0.
_secure_cookies = _env_bool("OVERSIGHT_SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# The CSRF cookie lasts as long as the browser session, like the session cookie (Django's default is a year).
CSRF_COOKIE_AGE = None
# Eight hours from sign-in at most; accounts.middleware also ends idle sessions
# (config [accounts] idle_minutes).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "oversight.web.errors.csrf_failure"
if _env_bool("OVERSIGHT_HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
# `oversight serve` collects the static files here (hashed names, gzip and
# brotli copies) and WhiteNoise serves them with year-long cache headers. Until
# they are collected (tests, `serve --dev`) WhiteNoise finds them in the app
# folders; a name missing from the manifest falls back to its plain name.
STATIC_ROOT = Path(os.environ.get("OVERSIGHT_STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "web" / "static"]
try:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start while it is missing
except OSError:
    pass
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "oversight.web.staticfiles.CompressedStaticFiles"
        if _env_bool("OVERSIGHT_STATIC_MANIFEST", False) or (STATIC_ROOT / "staticfiles.json").exists()
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Figures are cached once per case-data version (oversight.people.figures) in a
# cache every worker process shares: files on this machine by default, or the
# database when several machines serve one council (OVERSIGHT_CACHE=database).
if os.environ.get("OVERSIGHT_CACHE", "files") == "database":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "oversight_cache"},
        "fragments": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "oversight_cache_fragments",
            "OPTIONS": {"MAX_ENTRIES": 50000},
        },
    }
else:
    _CACHE_DIR = Path(os.environ.get("OVERSIGHT_CACHE_DIR") or VAR_DIR / "cache")
    CACHES = {
        "default": {
            "BACKEND": "oversight.people.figures.UncompressedFileCache",
            "LOCATION": str(_CACHE_DIR),
            "TIMEOUT": 7 * 24 * 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        # Rendered fragments (a child's record, a rule's tables): many small entries, kept apart so that
        # culling them never throws out the large figures (people.figures.cached(fragment=True)).
        "fragments": {
            "BACKEND": "oversight.people.figures.UncompressedFileCache",
            "LOCATION": str(_CACHE_DIR.with_name(_CACHE_DIR.name + "-fragments")),
            "TIMEOUT": 7 * 24 * 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": 50000},
        },
        # Sign-in sessions read from files every worker shares, written through to the database (which
        # stays the record: a session culled here is read from it again), one query fewer on every page.
        "sessions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(_CACHE_DIR.with_name(_CACHE_DIR.name + "-sessions")),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "sessions"

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Email (IRO change alerts): SMTP when OVERSIGHT_EMAIL_HOST is set, else printed to standard error.
if os.environ.get("OVERSIGHT_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["OVERSIGHT_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("OVERSIGHT_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("OVERSIGHT_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("OVERSIGHT_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("OVERSIGHT_EMAIL_TLS", True)
else:
    EMAIL_BACKEND = "oversight.iro.mail.StderrEmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("OVERSIGHT_EMAIL_FROM", "oversight@localhost")

# Logs carry ids and counts, never names or other personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OVERSIGHT_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's request logger prints request bodies and GET parameters on errors.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Local configuration (targets, rule overrides, role codes): a TOML file named by
# OVERSIGHT_CONFIG, layered over the defaults in oversight/config.py.
OVERSIGHT_CONFIG_FILE = os.environ.get("OVERSIGHT_CONFIG", "")
