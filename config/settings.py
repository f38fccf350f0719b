"""Vigil's settings: one module, every value read from the environment.

The defaults give a safe embedded run (SQLite under `var/`, mail written to files) for a newcomer;
`VIGIL_ENV=production` makes every secret and address a required setting and turns on the
transport protections. There is deliberately no setting that switches a protection off.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

from config.env import EnvError, from_os, parse_email_url

BASE_DIR = Path(__file__).resolve().parent.parent
env = from_os()

VIGIL_ENV = env.choice("VIGIL_ENV", "development", ("development", "production"))
PRODUCTION = VIGIL_ENV == "production"
VAR_DIR = Path(env.text("VIGIL_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _development_secret(name: str) -> str:
    """A random secret kept under var/ so that a development run survives restarts."""
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _secret(name: str, file_name: str, minimum: int) -> str:
    if not PRODUCTION:
        return env.text(name, _development_secret(file_name))
    value = env.text(name, required=True)
    if len(value) < minimum or len(set(value)) < 10:
        raise EnvError(f"{name} must be at least {minimum} characters of random text.")
    return value


SECRET_KEY = _secret("VIGIL_SECRET_KEY", "secret-key", 50)
# The audit chain's HMAC key lives outside the database (ARCHITECTURE: audit).
VIGIL_AUDIT_KEY = _secret("VIGIL_AUDIT_KEY", "audit-key", 32)
VIGIL_AUDIT_CHECKPOINT_FILE = Path(
    env.text("VIGIL_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl"))
)
VIGIL_IDLE_MINUTES = env.integer("VIGIL_IDLE_MINUTES", 30, minimum=2, maximum=24 * 60)
# A session ends after this long however active it is (ASVS 7.3.2).
VIGIL_ABSOLUTE_SESSION_HOURS = 12

DEBUG = False
if PRODUCTION:
    ALLOWED_HOSTS = env.items("VIGIL_ALLOWED_HOSTS", required=True)
    VIGIL_BASE_URL = env.url("VIGIL_BASE_URL", required=True)
    if not VIGIL_BASE_URL.startswith("https://"):
        raise EnvError("VIGIL_BASE_URL must start with https:// in production.")
else:
    ALLOWED_HOSTS = env.items("VIGIL_ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "testserver"]
    VIGIL_BASE_URL = env.url("VIGIL_BASE_URL", "http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = [VIGIL_BASE_URL]

INSTALLED_APPS = [
    # Vigil's apps first: their templates override allauth's.
    "vigil.web",
    "vigil.core",
    "vigil.audit",
    "vigil.accounts",
    "vigil.notifications",
    "vigil.screening",
    "vigil.referrals",
    "vigil.briefings",
    "vigil.attendance",
    "vigil.missing",
    "vigil.children",
    "vigil.concerns",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vigil.web.middleware.BoundedRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "vigil.accounts.middleware.SessionLifetimeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "vigil.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "vigil.web.middleware.PrivateResponseMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
                "vigil.web.context_processors.service",
            ],
        },
    },
]
FORM_RENDERER = "vigil.web.forms.GovukFormRenderer"


def _database() -> dict[str, object]:
    url = env.text("DATABASE_URL", f"sqlite:///{VAR_DIR / 'vigil.sqlite3'}")
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as error:
        raise EnvError(
            f"DATABASE_URL is not a database address Vigil understands: {error}"
        ) from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # One writer at a time, taken at the start of the transaction, so that a
            # read-then-write never fails half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
        }
        # A file, not memory, so that tests which race real connections can.
        config["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise EnvError("DATABASE_URL must name a PostgreSQL or SQLite database.")
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Shared by every server process, so that rate limits hold across them.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "vigil_cache",
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# A person's set-up link (and a reset link) works for three days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"

# allauth: sign-in by username, no public sign-up (admins create people), a second factor for
# everyone (enforced by SecondFactorRequiredMiddleware), messages that reveal no account.
ACCOUNT_ADAPTER = "vigil.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_USER_DISPLAY = "vigil.accounts.adapters.display_name"
# (bandit reads the keys with "password" in them as secrets: they are rates.)
ACCOUNT_RATE_LIMITS = {
    # Throttling per address and per account; the lock-out (axes) is per address only, so
    # that nobody can lock a designated safeguarding lead out by guessing at their name.
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "5/m/ip,3/h/key",  # nosec B105
    "reset_password_from_key": "20/m/ip",  # nosec B105
    "reauthenticate": "10/m/user",
}
MFA_ADAPTER = "vigil.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Vigil"
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION
MFA_RATE_LIMITS = {"authenticate": "10/m/ip,5/m/key"}

# django-axes: lock out an address (never an account) after repeated failures.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "login"
AXES_IPWARE_PROXY_COUNT = env.integer("VIGIL_PROXY_COUNT", 0, minimum=0, maximum=5)
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "vigil.accounts.addresses.client_address"
NINJA_NUM_PROXIES = AXES_IPWARE_PROXY_COUNT
# API pages: at most 500 items (vigil/api/pagination.py also bounds the offset).
NINJA_PAGINATION_MAX_LIMIT = 500
# Per person (or per address before sign-in), over any one minute.
VIGIL_API_RATE = "600/m"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = VIGIL_ABSOLUTE_SESSION_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Request bodies are bounded; larger endpoints (imports) set their own limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
VIGIL_MAX_REQUEST_BYTES = 10 * 1024 * 1024

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
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
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-vigil-session"
    CSRF_COOKIE_NAME = "__Host-vigil-csrf"
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
else:
    SESSION_COOKIE_NAME = "vigil-session"
    CSRF_COOKIE_NAME = "vigil-csrf"

if PRODUCTION:
    _mail = parse_email_url("VIGIL_EMAIL_URL", env.text("VIGIL_EMAIL_URL", required=True))
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST, EMAIL_PORT = _mail.host, _mail.port
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _mail.user, _mail.password
    EMAIL_USE_TLS, EMAIL_USE_SSL = _mail.use_tls, _mail.use_ssl
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.text("VIGIL_FROM_EMAIL", "Vigil <no-reply@vigil.invalid>")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if not PRODUCTION:
    # Serve straight from the apps' folders, so a development run needs no collectstatic.
    WHITENOISE_USE_FINDERS = True
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"vigil": {"level": "INFO"}},
}
