"""Nearer settings: one file, driven by environment variables.

Every knob is read through the small typed helpers below. Unset means the safe, embedded
default: SQLite in ./var, DEBUG off, emails written to the console.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Django's generic classes take type arguments at run time too, as in their types:
# `admin.ModelAdmin[Talk]`, `forms.ModelForm[User]`.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEARER_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def read_secret(name: str) -> str:
    """A secret from NAME, or from the file named by NAME_FILE, or ''."""
    if value := os.environ.get(name):
        return value
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return ""


TESTING = env_bool("NEARER_TESTING", default="pytest" in sys.modules)
DEBUG = env_bool("NEARER_DEBUG")

SECRET_KEY = read_secret("NEARER_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "Set NEARER_SECRET_KEY (or NEARER_SECRET_KEY_FILE). `nearer serve` creates one in "
            "./var for a local install."
        )

# The master key wraps every person's data key. It never goes into the database.
# Without one (outside the test suite), sealing or opening anything fails with a clear error:
# `nearer` creates var/master.key for a local install, even with NEARER_DEBUG.
NEARER_MASTER_KEY = read_secret("NEARER_MASTER_KEY")
if not NEARER_MASTER_KEY and TESTING:
    NEARER_MASTER_KEY = "dGVzdC1tYXN0ZXIta2V5LW5vdC1mb3ItcmVhbC11c2U="  # the test suite's only

ALLOWED_HOSTS = env_list("NEARER_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("NEARER_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("NEARER_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "nearer.accounts.apps.NearerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "nearer.accounts",
    "nearer.couples",
    "nearer.questions",
    "nearer.soultalk",
    "nearer.gratitude",
    "nearer.closeness",
    "nearer.rituals",
    "nearer.notifications",
    "nearer.checkins",
    "nearer.catchups",
    "nearer.notes",
    "nearer.calendars",
    "nearer.listening",
    "nearer.feelings",
]

MIDDLEWARE = [
    "nearer.accounts.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "nearer.accounts.middleware.TimezoneMiddleware",
    "nearer.couples.space.SpaceMiddleware",
    "nearer.accounts.middleware.PrivatePagesMiddleware",
    "nearer.notifications.middleware.SeenMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nearer.urls"
WSGI_APPLICATION = "nearer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "nearer" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nearer.accounts.context_processors.nearer",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]
FORM_RENDERER = "nearer.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
if database_url := env_str("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "nearer.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "nearer.accounts.hashers.NearerArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Fast hashing for the suite; the tuned Argon2id hasher has its own test and benchmark.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "questions:today"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SIGNUP_FORM_CLASS = "nearer.accounts.forms.SignupDetailsForm"
ACCOUNT_FORMS = {"signup": "nearer.accounts.signup.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Nearer: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# allauth's failed-login limit is per IP only: a per-email ("key") limit would let anyone lock a
# person out everywhere, which the (username, IP) lockout below exists to prevent. False, not {},
# switches allauth's limits off in the suite ({} keeps allauth's per-email defaults).
ACCOUNT_RATE_LIMITS = False if TESTING else {"login_failed": "10/m/ip"}
ACCOUNT_ADAPTER = "nearer.accounts.adapter.AccountAdapter"

# django-axes: lock a (username, IP) pair, never a username alone, so that nobody can lock
# their partner out by typing wrong passwords for them from another device.
AXES_ENABLED = env_bool("NEARER_AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("NEARER_AXES_FAILURE_LIMIT", 8)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with email=..., not the form's "login" field: without this, every failure
# is recorded under username None, i.e. the lockout would fall on everyone behind one IP.
AXES_USERNAME_CALLABLE = "nearer.accounts.adapter.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# --- Email ----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("NEARER_FROM_EMAIL", "Nearer <hello@localhost>")
if email_host := env_str("NEARER_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = email_host
    EMAIL_PORT = env_int("NEARER_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("NEARER_EMAIL_USER")
    EMAIL_HOST_PASSWORD = read_secret("NEARER_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("NEARER_EMAIL_USE_TLS", True)
elif env_str("NEARER_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env_str("NEARER_EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Background work (Django's Tasks API through the django-tasks backport) ------------------
# The database backend by default: `nearer worker` (started by `nearer serve` too) runs the
# tasks. Tests run tasks at once, in the request. Swappable for a queue engine's backend.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "NEARER_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "nearer" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "nearer" / "static"]
STATIC_ROOT = None if TESTING else VAR_DIR / "static"
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
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a proxy that terminates TLS, only these addresses (or "*") may say with
# X-Forwarded-Proto that a request came in over https. `nearer serve` hands them to gunicorn,
# which then marks such requests https (wsgi.url_scheme), where Django reads the scheme.
# SECURE_PROXY_SSL_HEADER stays unset on purpose: Django would believe the header from anyone
# who can reach the server, not only from the proxy (docs/decisions/0015).
NEARER_TRUSTED_PROXIES = env_list("NEARER_TRUSTED_PROXIES", [])
if SITE_URL.startswith("https"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # With no trusted proxy every request looks like plain http, so redirecting would loop;
    # the nearer.W001 check says so.
    SECURE_SSL_REDIRECT = env_bool("NEARER_SSL_REDIRECT", bool(NEARER_TRUSTED_PROXIES))
    SECURE_HSTS_SECONDS = env_int("NEARER_HSTS_SECONDS", 31536000)
    # Subdomains and the browsers' preload list bind a whole domain for a long time: the
    # operator opts in, so Django's reminders about them (W005, W021) are silenced.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("NEARER_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("NEARER_HSTS_PRELOAD")
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Logging: metadata only, never what anyone wrote ----------------------------------------
# Secret links (calendar feeds, invitations, email confirmation, password reset) are blanked in
# every record, from every logger, before any handler writes it (nearer.lib.redact). Django's
# own handlers are dropped: everything goes through the one console handler below.
LOG_LEVEL = env_str("NEARER_LOG_LEVEL", "WARNING").upper()
LOGGING_CONFIG = "nearer.lib.redact.configure_logging"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"secret_links": {"()": "nearer.lib.redact.RedactSecretLinks"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": LOG_LEVEL,
            "filters": ["secret_links"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
    },
}

# --- Nearer ---------------------------------------------------------------------------------
CONTENT_DIR = Path(env_str("NEARER_CONTENT_DIR", str(BASE_DIR / "content")))
NEARER_ANSWER_MAX_LENGTH = 5000
NEARER_INVITE_DAYS = 7
NEARER_REPEAT_WINDOW_DAYS = 180
NEARER_DEEPER_AFTER = 5  # shared answers at a level before "ready for deeper?" is offered
NEARER_NOTE_MAX_LENGTH = 2000
