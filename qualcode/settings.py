"""QualCode settings: one module, driven by environment variables.

DATABASE_URL picks the database (embedded SQLite by default, PostgreSQL in CI and production);
SECRET_KEY is required unless DEBUG is on; QUALCODE_SPACY_MODEL names the spaCy pipeline.
With DEBUG off this is the production profile, secure by default: HTTPS behind a TLS proxy
(redirect, HSTS, secure cookies), hashed static files served by whitenoise, a Content Security
Policy without 'unsafe-inline', login lockout, expiring API tokens and idle sessions.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
# Management commands and tests run without a secret; serving without DEBUG refuses to start
# unless SECRET_KEY is set (qualcode/serving.py, called by wsgi.py and asgi.py).
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY"))
SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-local-development-key-only-for-debug-runs"

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# HTTPS: on by default outside DEBUG, unless the site answers only to this machine's own names
# (ALLOWED_HOSTS all loopback: `make serve` tried out locally, a bench on this machine), where
# no TLS proxy can be in front. The proxy must set X-Forwarded-Proto (overwriting whatever the
# client sent); requests it marks "https" count as secure, the rest are redirected.
# QUALCODE_HTTPS=0/1 decides explicitly; off means no redirect, no HSTS and cookies without
# the Secure flag (which browsers would not send back over plain HTTP).
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_ONLY = bool(ALLOWED_HOSTS) and set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS
HTTPS = env_bool("QUALCODE_HTTPS", not DEBUG and not LOCAL_ONLY)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "transcripts",
    "coding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # whitenoise serves the hashed static files in production (runserver serves them in DEBUG)
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags on GET answers and 304 for an unchanged one (a transcript's text rarely changes)
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "transcripts.accounts.sessions.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qualcode.middleware.MethodNotAllowedPage",
    # last: turns a lockout flagged during authentication into a 429 answer
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qualcode.urls"
WSGI_APPLICATION = "qualcode.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qualcode" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a small team: a write transaction takes the database lock
    # when it begins (not half-way, when SQLite would refuse it as "database is locked"), and
    # a writer waits up to 20 s for the lock instead of failing at once. Write-ahead logging
    # lets pages read while a coder writes, and with it synchronous=NORMAL syncs the log at
    # checkpoints instead of at every commit (a commit was 1-14 ms of fsync, most of a saved
    # coding); a crash of the server loses nothing, a power cut at most the last commits, and
    # never corrupts the database (sqlite.org/wal.html).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The longest a background job (import, training, suggesting, evaluation) may run.
QUALCODE_JOB_SECONDS = float(os.environ.get("QUALCODE_JOB_SECONDS", "1800"))

AUTHENTICATION_BACKENDS = [
    # first: refuses a locked-out username before any password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Files not collected (collectstatic not run yet) are still served, from the source folders.
WHITENOISE_USE_FINDERS = True
STATICFILES_DIRS = [BASE_DIR / "qualcode" / "static"]
# Production serves content-hashed copies made by `collectstatic` (cached for a year, and ES
# module imports rewritten to the hashed names); DEBUG serves the source files as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "qualcode.staticfiles.HashedModuleStorage"
    },
}
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "study-list"
LOGOUT_REDIRECT_URL = "login"

# Email (password reset, invitations). With EMAIL_HOST set, SMTP through it (EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS); without, the console backend prints
# each message to the server's output (development). EMAIL_BACKEND overrides both.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "1") == "1"
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "QualCode <qualcode@localhost>")
# A password reset link works this long (Django's default is 3 days).
PASSWORD_RESET_TIMEOUT = int(float(os.environ.get("QUALCODE_PASSWORD_RESET_HOURS", "2")) * 3600)

# Sessions end after QUALCODE_SESSION_IDLE_HOURS without a request (default 8); each request
# renews the session, written at most every few minutes (transcripts/accounts/sessions.py).
SESSION_ENGINE = "transcripts.accounts.sessions"
SESSION_COOKIE_AGE = int(float(os.environ.get("QUALCODE_SESSION_IDLE_HOURS", "8")) * 3600)

# Login lockout (django-axes), for the login page and the API's token endpoint alike: after
# QUALCODE_LOGIN_FAILURE_LIMIT wrong passwords for one username, or from one client address,
# further attempts are refused with 429 for QUALCODE_LOGIN_LOCKOUT_MINUTES, and every attempt
# meanwhile restarts the wait. The client address behind the TLS proxy is the one the proxy
# appended to X-Forwarded-For (QUALCODE_TRUSTED_PROXIES: the proxies' own addresses).
# `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS` lift a lockout early.
AXES_FAILURE_LIMIT = int(os.environ.get("QUALCODE_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("QUALCODE_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # no table of every login with its address
AXES_CLIENT_IP_CALLABLE = "transcripts.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "transcripts.accounts.lockout.lockout_response"
QUALCODE_TRUSTED_PROXIES = os.environ.get("QUALCODE_TRUSTED_PROXIES", "127.0.0.1,::1").split(",")

# API tokens expire QUALCODE_TOKEN_TTL_HOURS after they were issued (default 14 days); logging
# out or changing the password deletes the user's token.
QUALCODE_TOKEN_TTL_HOURS = float(os.environ.get("QUALCODE_TOKEN_TTL_HOURS", str(24 * 14)))

# An invitation to a study waits this many days for its answer (default 14).
QUALCODE_INVITATION_DAYS = float(os.environ.get("QUALCODE_INVITATION_DAYS", "14"))

# Content Security Policy: scripts and styles only from our own files, so injected markup
# can neither run script nor restyle the page. Templates carry no inline handlers or style
# attributes (markup passes styles as data-style, applied through the CSSOM by
# qualcode/static/qualcode/styles.js); JSON data blocks (json_script) are never executed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Uploads: the importer enforces its own per-file limit; Django's limits stop a request
# from flooding memory before our code sees it.
QUALCODE_MAX_FILE_BYTES = int(os.environ.get("QUALCODE_MAX_FILE_BYTES", str(20 * 1024 * 1024)))
QUALCODE_MAX_FILES_PER_UPLOAD = int(os.environ.get("QUALCODE_MAX_FILES_PER_UPLOAD", "200"))
DATA_UPLOAD_MAX_MEMORY_SIZE = QUALCODE_MAX_FILE_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = QUALCODE_MAX_FILES_PER_UPLOAD

# Recordings of sessions (audio/video beside a transcript) go through the default storage
# (STORAGES["default"]: files under MEDIA_ROOT, or an object store); they are served only to
# study members, through coding/microprocess/views.py, never from a public URL.
MEDIA_ROOT = Path(os.environ.get("QUALCODE_MEDIA_ROOT") or BASE_DIR / "media")
QUALCODE_MAX_MEDIA_BYTES = int(os.environ.get("QUALCODE_MAX_MEDIA_BYTES", str(500 * 1024 * 1024)))

# The spaCy pipeline used when a study names none. "" means spacy.blank("en") + sentencizer,
# which needs no model download (none is possible on our machines).
QUALCODE_SPACY_MODEL = os.environ.get("QUALCODE_SPACY_MODEL", "")

# Background work: QUALCODE_TASK_BACKEND=database (default; workers: `manage.py db_worker`)
# or redis (django-tasks-rq on REDIS_URL; workers: `manage.py rqworker --job-class
# django_tasks_rq.Job default`). A dotted backend path is used as it is.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
}
QUALCODE_TASK_BACKEND = os.environ.get("QUALCODE_TASK_BACKEND", "database")
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS.get(QUALCODE_TASK_BACKEND, QUALCODE_TASK_BACKEND),
        "QUEUES": ["default"],
    }
}
if TASKS["default"]["BACKEND"] == TASK_BACKENDS["redis"]:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}}

REST_FRAMEWORK = {
    # Token first: a request without credentials (or with an expired token) is answered 401
    # with WWW-Authenticate: Token, so a script knows to ask for a new token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "transcripts.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "transcripts.params.Pages",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "transcripts.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "transcripts.json_renderer.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "transcripts.json_parser.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "QualCode API",
    "DESCRIPTION": "Studies, transcripts and codings of a qualitative research team.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MemberRoleEnum": "transcripts.models.Role",
        "SpeakerRoleEnum": "transcripts.models.SpeakerRole",
        "JobStatusEnum": "transcripts.models.JobStatus",
        "FileOutcomeStatusEnum": ["imported", "duplicate", "failed"],
        "AgreementUnitEnum": "coding.agreement.report.UNITS",
        "ConfusionUnitEnum": ["sentence", "turn"],
        "SuggestionJobKindEnum": "coding.models.SuggestionJob.Kind",
        "SuggestionModelKindEnum": "coding.models.SuggestionModel.Kind",
        "RegionKindEnum": ["agree", "missing", "codes", "boundaries"],
        "AcceptedCodingKindEnum": ["coding"],
        "AcceptedMomentKindEnum": ["moment"],
        "MemoKindEnum": "coding.models.MemoKind",
        "ProposalKindEnum": "coding.models.ProposalKind",
        "ProposalStatusEnum": "coding.models.ProposalStatus",
        "ProposalStanceEnum": "coding.models.Stance",
    },
}


def _no_client_error_tracebacks(record) -> bool:
    """A refusal (4xx) is logged as one line: its traceback is the view refusing, not a bug."""
    if getattr(record, "status_code", 500) < 500:
        record.exc_info, record.exc_text = None, None
    return True


LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors": {
            "()": "django.utils.log.CallbackFilter",
            "callback": _no_client_error_tracebacks,
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # One handler for Django's messages (its default console handler and the root's printed
    # each line twice); INFO in development for runserver's own lines.
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": "INFO" if DEBUG else LOG_LEVEL,
            "propagate": False,
        }
    },
}
