"""QualCode settings: one module, driven by environment variables.

DATABASE_URL picks the database (embedded SQLite by default, PostgreSQL in CI and production);
SECRET_KEY is required unless DEBUG is on; QUALCODE_SPACY_MODEL names the spaCy pipeline.
"""

import os
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
    "transcripts",
    "coding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "qualcode" / "static"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "study-list"
LOGOUT_REDIRECT_URL = "login"

# Uploads: the importer enforces its own per-file limit; Django's limits stop a request
# from flooding memory before our code sees it.
QUALCODE_MAX_FILE_BYTES = int(os.environ.get("QUALCODE_MAX_FILE_BYTES", str(20 * 1024 * 1024)))
QUALCODE_MAX_FILES_PER_UPLOAD = int(os.environ.get("QUALCODE_MAX_FILES_PER_UPLOAD", "200"))
DATA_UPLOAD_MAX_MEMORY_SIZE = QUALCODE_MAX_FILE_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = QUALCODE_MAX_FILES_PER_UPLOAD

# The spaCy pipeline used when a study names none. "" means spacy.blank("en") + sentencizer,
# which needs no model download (none is possible on our machines).
QUALCODE_SPACY_MODEL = os.environ.get("QUALCODE_SPACY_MODEL", "")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("QUALCODE_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "transcripts.params.Pages",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "transcripts.errors.api_exception_handler",
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
        "RegionKindEnum": ["missing", "codes", "boundaries"],
        "AcceptedCodingKindEnum": ["coding"],
        "AcceptedMomentKindEnum": ["moment"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
