"""Settings shared by every environment. Everything secret or site-specific comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # The admin, on a site that sends sign-in to the two-factor flow and needs a verified session.
    "accounts.admin_site.ContactPointAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "registry",
    "accounts",
    "shielding",
    "ingest",
    "audit",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The request's ID, address and user agent, for every audit event it writes.
    "audit.middleware.RequestOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user, as the actor of the change-history entries the request writes.
    "audit.change_history_actor.ChangeHistoryActorMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    # A suspended user reaches no page and no API call (audit.anomalies).
    "audit.anomalies.middleware.SuspensionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The user's clearance, for the row-level security policies of the hidden tables.
    "shielding.middleware.DatabaseScopeMiddleware",
    # Axes turns a lockout flagged during the request into the lockout page; it stays last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "contactpoint.urls"
WSGI_APPLICATION = "contactpoint.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# The web and worker processes connect as the app role, which owns nothing and cannot bypass
# row-level security. Migrations connect as the owner role (DATABASE_OWNER_URL).
# CONTACTPOINT_DATABASE_AS_OWNER=1 is set only for `migrate`.
DATABASE_APP_URL = env("DATABASE_URL")
DATABASE_OWNER_URL = env("DATABASE_OWNER_URL", default=DATABASE_APP_URL)
DATABASE_APP_ROLE = dj_database_url.parse(DATABASE_APP_URL)["USER"]
_DATABASE_URL_IN_USE = (
    DATABASE_OWNER_URL
    if env.bool("CONTACTPOINT_DATABASE_AS_OWNER", default=False)
    else DATABASE_APP_URL
)
DATABASES = {"default": dj_database_url.parse(_DATABASE_URL_IN_USE, conn_max_age=60)}
# Each view runs in one transaction, which carries the request's shielding scope
# (shielding.middleware): the row-level security policies read it with current_setting().
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "contactpoint",
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The GOV.UK Design System and Chart.js (the data-quality dashboard's charts) come from npm
# (package.json), installed by `make run` and `make test`.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / ".data" / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Sessions live in the database with their user's id, so disabling a user ends every one at once.
SESSION_ENGINE = "accounts.session_store"
# Idle timeout: a session untouched for 15 minutes expires; every request renews it.
SESSION_COOKIE_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = True
# Absolute lifetime, however busy the session (accounts.middleware.SessionLifetimeMiddleware).
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The second factor (django-otp): TOTP from an authenticator app, or a static backup code.
OTP_TOTP_ISSUER = "ContactPoint"
# Each failed code doubles the wait before the same device may be tried again (1, 2, 4... seconds).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Lockout (django-axes). Wrong passwords and wrong second-factor codes both count. Five failures
# lock that username from that address for 30 minutes. Locking a username everywhere would let
# anyone shut a named practitioner out in an emergency; locking an address would shut out a whole
# council office behind one gateway. Unknown usernames lock exactly as known ones do, so the lockout
# page cannot confirm that an account exists. The count is cleared only by a completed second factor
# (accounts.lockout), never by a right password alone, which would give unlimited code guesses.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_page"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip_address"
# Kept out of the failure records: the codes of the sign-in page and of the API token request.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code", "otp_token"]
# Proxies in front of the web process that append to X-Forwarded-For (0: use the socket address).
TRUSTED_PROXY_COUNT = env.int("CONTACTPOINT_TRUSTED_PROXY_COUNT", default=0)

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task that is still unacknowledged when the visibility timeout passes is delivered again, so
# every time limit stays well below it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 900
CELERY_TASK_SOFT_TIME_LIMIT = 840
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
WORKER_HEARTBEAT_SECONDS = 10
# Feed ingest: records per chunk (one task, one transaction), and how long a batch may go without
# a committed chunk before the beat task hands it to another worker.
INGEST_CHUNK_SIZE = env.int("CONTACTPOINT_INGEST_CHUNK_SIZE", default=1000)
INGEST_STALL_SECONDS = env.int("CONTACTPOINT_INGEST_STALL_SECONDS", default=300)
# The data-quality tool's page checks a file within the request: a larger file is checked with the
# quality_check command. Its report is kept this long for the user who made it.
QUALITY_CHECK_MAX_UPLOAD_BYTES = env.int("CONTACTPOINT_QUALITY_CHECK_MAX_BYTES", default=5_000_000)
QUALITY_CHECK_REPORT_SECONDS = env.int("CONTACTPOINT_QUALITY_CHECK_REPORT_SECONDS", default=3600)
# Audit events are kept this many years after they occurred, and after the purge of every child
# they name, whichever is later (audit/retention.py).
AUDIT_RETENTION_YEARS = env.int("CONTACTPOINT_AUDIT_RETENTION_YEARS", default=6)
AUDIT_RETENTION_YEARS_AFTER_PURGE = env.int(
    "CONTACTPOINT_AUDIT_RETENTION_YEARS_AFTER_PURGE", default=6
)
# A merge of duplicate records can be undone for this many days after it was made; after that it
# stands (registry/merges.py).
REGISTRY_UNMERGE_DAYS = env.int("CONTACTPOINT_UNMERGE_DAYS", default=30)
# Retention of children's records (registry/retention.py, run daily by the beat at night). A record
# is archived on the child's 18th birthday; for a year only the child's management team may read it,
# then only a lawful-access officer; 6 years after archiving it is purged. A deceased child's record
# is archived a year after the death. With recorded consent, a care leaver's or a young person with
# learning difficulties' record stays open until the date consented to, the 25th birthday at most.
RETENTION_ARCHIVE_AGE = env.int("CONTACTPOINT_RETENTION_ARCHIVE_AGE", default=18)
RETENTION_TEAM_ONLY_YEARS = env.int("CONTACTPOINT_RETENTION_TEAM_ONLY_YEARS", default=1)
RETENTION_PURGE_YEARS = env.int("CONTACTPOINT_RETENTION_PURGE_YEARS", default=6)
RETENTION_AFTER_DEATH_YEARS = env.int("CONTACTPOINT_RETENTION_AFTER_DEATH_YEARS", default=1)
RETENTION_EXTENDED_AGE = env.int("CONTACTPOINT_RETENTION_EXTENDED_AGE", default=25)
# Records archived or purged per transaction.
RETENTION_BATCH_SIZE = env.int("CONTACTPOINT_RETENTION_BATCH_SIZE", default=200)
CELERY_BEAT_SCHEDULE = {
    "sessions-clear": {"task": "accounts.sessions_clear", "schedule": 3600.0},
    "ingest-batches-recover": {"task": "ingest.batches_recover", "schedule": 60.0},
    "audit-events-expire": {"task": "audit.events_expire", "schedule": 86400.0},
    "audit-chain-seal": {
        "task": "audit.chain_seal",
        "schedule": env.float("CONTACTPOINT_AUDIT_SEAL_SECONDS", default=10.0),
    },
    "ingest-name-frequencies-refresh": {
        "task": "ingest.name_frequencies_refresh",
        "schedule": 86400.0,
    },
    # After midnight in England all year round (01:30 UTC is 01:30 or 02:30 there), so that a
    # record is archived on the birthday itself.
    "retention-apply": {
        "task": "shielding.retention_apply",
        "schedule": crontab(hour=1, minute=30),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # DRF's token authentication, refusing a suspended user's token.
        "audit.anomalies.api_authentication.TokenAuthentication",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["portal.api.throttles.PerUserScopedThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "search": env("CONTACTPOINT_SEARCH_RATE", default="60/minute"),
        "record": env("CONTACTPOINT_RECORD_RATE", default="120/minute"),
        "write": env("CONTACTPOINT_WRITE_RATE", default="60/minute"),
        "token": env("CONTACTPOINT_TOKEN_RATE", default="10/minute"),
    },
    "EXCEPTION_HANDLER": "portal.api.errors.api_exception_handler",
}

# Anti-extraction (audit.anomalies). The throttles above slow a script down; these rules make sure
# somebody looks. Each raises one alert per user and window, to the user's management team and the
# auditors, when its count reaches the threshold (0 turns a rule off). Searches and records count
# alike; distinct children are those in search results and records opened.
ANOMALY_READS_PER_HOUR = env.int("CONTACTPOINT_ANOMALY_READS_PER_HOUR", default=200)
ANOMALY_CHILDREN_PER_DAY = env.int("CONTACTPOINT_ANOMALY_CHILDREN_PER_DAY", default=150)
ANOMALY_OUT_OF_HOURS_READS_PER_DAY = env.int(
    "CONTACTPOINT_ANOMALY_OUT_OF_HOURS_READS_PER_DAY", default=20
)
ANOMALY_OUT_OF_AREA_READS_PER_DAY = env.int(
    "CONTACTPOINT_ANOMALY_OUT_OF_AREA_READS_PER_DAY", default=20
)
# Working hours and days, in England's time (hours and days are counted in it too).
ANOMALY_WORKING_HOURS = env("CONTACTPOINT_WORKING_HOURS", default="08:00-18:00")
ANOMALY_WORKING_DAYS = env.list(
    "CONTACTPOINT_WORKING_DAYS", default=["mon", "tue", "wed", "thu", "fri"]
)
ANOMALY_TIME_ZONE = "Europe/London"
# The hard limit: a user shown this many different children in a day is suspended at once, until
# their management team or an auditor reviews it. Below 500, so no script reads that many.
SUSPEND_CHILDREN_PER_DAY = env.int("CONTACTPOINT_SUSPEND_CHILDREN_PER_DAY", default=400)

SPECTACULAR_SETTINGS = {
    "TITLE": "ContactPoint API",
    "DESCRIPTION": (
        "Find a child, read their record and record your involvement. Every call states a "
        "purpose; results are capped at 20 and never paged."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Change history (django-auditlog) of the registry, shielding and ingest models, registered with
# their masked fields by audit.change_history. The previous state of a changed row is read through
# the base manager: the default managers of child data refuse a read without visible_to(). Each
# entry carries its request's ID (audit.change_history_actor), as the request's access events do.
AUDITLOG_USE_BASE_MANAGER = True
AUDITLOG_CID_GETTER = "audit.change_history_actor.change_history_correlation_id"
AUDITLOG_MASK_CALLABLE = "audit.change_history.change_value_mask"

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

DEMO_POPULATION_SIZE = env.int("CONTACTPOINT_DEMO_CHILDREN", default=10_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request errors are logged without the request's parameters, which can hold a child's data.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
