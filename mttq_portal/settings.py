"""Settings for the MTTQ portal: one file, driven by environment variables.

With no variable set, everything runs embedded: SQLite under var/, Celery over kombu's
filesystem transport under var/broker/, emails written to var/mail/. Production sets
DATABASE_URL, CELERY_BROKER_URL, EMAIL_URL (or EMAIL_HOST...), SECRET_KEY, ALLOWED_HOSTS.
"""

import ipaddress
import os
import secrets
import time
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

DEBUG = envbool("DEBUG")
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"  # public: never used with DEBUG off


def _secret_key() -> str:
    """SECRET_KEY from the environment. Without it: the public development key with DEBUG on; with
    DEBUG off on one machine (make run, the embedded default), a random key made once and kept in
    VAR_DIR/secret_key; behind the TLS proxy (HTTPS=1, production) the start is refused, since every
    web process must share one real key."""
    key = os.environ.get("SECRET_KEY", "")
    weak = not key or key == DEVELOPMENT_SECRET_KEY or len(key) < 50 or len(set(key)) < 5
    if envbool("HTTPS") and weak:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of 50 characters or more in production (HTTPS=1), "
            'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    if key and key != DEVELOPMENT_SECRET_KEY:
        return key
    if DEBUG:
        return DEVELOPMENT_SECRET_KEY
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        try:  # two processes starting at once: the first one writes, both read the same key
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(50))
        except FileExistsError:
            pass
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.02)
    raise ImproperlyConfigured(f"{path} is empty: remove it, or set SECRET_KEY")


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "mttq_portal",
    "committees",
    "outbox",
    "reminders",
    "plans",
    "approvals",
    "reports",
    "inspections",
    "congresses",
    "api",
    "demo",
]

MIDDLEWARE = [
    "lib.arrival.ArrivalTimeMiddleware",  # first: when the request arrived decides "late"
    "mttq_portal.logs.RequestIdMiddleware",  # every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "mttq_portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed (a report editor: 112 KB of HTML, 15 KB gzipped; a phone on a slow line).
    # Below WhiteNoise, which answers static files itself, already compressed. Django's gzip pads
    # each response with random bytes against BREACH (Heal The Breach), and CSRF tokens are masked.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mttq_portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "committees.sessions.IdleSessionMiddleware",
    "committees.audit.AuditMiddleware",  # who changed a committee or a role (committees.audit)
    "mttq_portal.middleware.RequestSizeLimitMiddleware",  # before anything reads the body
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mttq_portal.middleware.AdminNetworkMiddleware",
    # Last: answers the login pages with the lock-out page once an account or address is locked.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mttq_portal.urls"
WSGI_APPLICATION = "mttq_portal.wsgi.application"

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
                "django.template.context_processors.i18n",
                "committees.context_processors.roles",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
# A PostgreSQL connection costs the server a process (a few ms of CPU): one per request made the
# deadline rush's p95 at 300 officers 3.8 x that at 30 (bench/rush.py); connections are kept for
# DB_CONN_MAX_AGE seconds (60 by default, health-checked before reuse). SQLite opens a file: 0.
_IS_SQLITE = (os.environ.get("DATABASE_URL") or "sqlite").startswith("sqlite")
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0 if _IS_SQLITE else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file: wait for locks instead of failing,
    # take the write lock at BEGIN, and let readers go on while one process writes.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so that a real Celery worker started by a test sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_SQLITE_NAME", str(VAR_DIR / "test.sqlite3"))}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's cost of a random page read, for SSD storage (PostgreSQL's default, 4, is for
    # spinning disks). With 4, a plan's indicator totals read all indicator values of every
    # round ever (a sequential scan: 140 ms once ten closed rounds are in) instead of the open
    # round's through the index (19 ms). PG_RANDOM_PAGE_COST= (empty) keeps the server's value.
    if page_cost := os.environ.get("PG_RANDOM_PAGE_COST", "1.1"):
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={float(page_cost)}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first (committees/hashers.py: a login is ~50 ms of CPU, not ~0.5 s); PBKDF2 hashes
# already stored are still checked, and re-stored with Argon2 at the next login.
PASSWORD_HASHERS = [
    "committees.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username, or
# from one address, both the site's login and the admin's answer with the lock-out page
# (registration/locked_out.html, HTTP 429) for AXES_COOLOFF_TIME; a right password meanwhile does not
# log in. Resetting the password by email also lifts the lock of that account. Failures are rows
# (axes.AccessAttempt, visible in the admin); `python manage.py axes_reset` lifts every lock.
AUTHENTICATION_BACKENDS = [
    "committees.backends.LoginThrottleBackend",  # first: refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # by account, and by address, separately
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "committees.views.locked_out"  # registration/locked_out.html
AXES_CLIENT_IP_CALLABLE = "mttq_portal.middleware.client_address"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Language and time: Vietnamese first, English available; dates dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # en: the portal in English; vi: Django's own messages its catalogue lacks
CSRF_FAILURE_VIEW = "committees.views.csrf_failure"
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# fields.W161 ("fixed default value") is meant for dates that should be "now"; the inspection
# sessions' times of day (07:30, 11:00, 14:00, 17:00) are fixed on purpose, and Django raises it only
# when the check happens to run within 10 seconds of such a time (a check --deploy at 17:00:05 UTC).
SILENCED_SYSTEM_CHECKS = ["fields.W161"]
FORMAT_MODULE_PATH = ["mttq_portal.formats"]

# Static files are served by the project itself (WhiteNoise): no CDN anywhere.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# STATIC_COLLECTED=1 (production and `make run`): collectstatic writes every file under a hashed
# name with a gzip copy (CompressedManifestStaticFilesStorage), and WhiteNoise serves those from
# STATIC_ROOT with a year of caching. Without it (the tests, `manage.py` commands) WhiteNoise
# serves static/ and the apps through the finders, read once at start; STATIC_ROOT need not exist.
STATIC_COLLECTED = envbool("STATIC_COLLECTED")
WHITENOISE_USE_FINDERS = not STATIC_COLLECTED
if WHITENOISE_USE_FINDERS:
    warnings.filterwarnings("ignore", message="No directory at: .*staticfiles", category=UserWarning)


def file_storage(env) -> dict:
    """STORAGES["default"] from the environment (a mapping: os.environ, or a test's own).

    Uploaded files (evidence, attachments, built documents) live outside the web root and are only
    ever handed out by views that check who is asking (streamed through the view, never a URL of
    the storage). One machine: the folder FILES_ROOT. Several machines: a private S3-compatible
    bucket (S3_BUCKET: AWS S3, MinIO, Ceph...), so every web process and worker sees the same files."""
    if not env.get("S3_BUCKET"):
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(Path(env.get("FILES_ROOT") or VAR_DIR / "files")), "base_url": None},
        }
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env["S3_BUCKET"],
            "endpoint_url": env.get("S3_ENDPOINT_URL") or None,  # empty: AWS itself
            "region_name": env.get("S3_REGION") or None,
            "access_key": env.get("AWS_ACCESS_KEY_ID") or None,  # empty: boto3's own lookup (role, ~/.aws)
            "secret_key": env.get("AWS_SECRET_ACCESS_KEY") or None,
            "location": env.get("S3_PREFIX", ""),  # a folder of a shared bucket, e.g. "mttq"
            "addressing_style": env.get("S3_ADDRESSING_STYLE") or None,  # "path" for MinIO and most others
            "default_acl": None,  # the bucket's own (private): never public-read
            "querystring_auth": True,  # no unsigned URL works; the portal streams every file itself
            "file_overwrite": False,  # a second "bien-ban.pdf" gets its own name, as on disk
            # A storage that does not answer fails a request in seconds, not minutes.
            "client_config": Config(
                connect_timeout=int(env.get("S3_CONNECT_TIMEOUT") or 5),
                read_timeout=int(env.get("S3_READ_TIMEOUT") or 60),
                retries={"max_attempts": int(env.get("S3_MAX_ATTEMPTS") or 3), "mode": "standard"},
            ),
        },
    }


STORAGES = {
    "default": file_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_COLLECTED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Where a consolidation build writes its files before storing them (empty: the system's temporary
# folder); the sweep removes what a killed worker left there.
CONSOLIDATION_TMP_DIR = os.environ.get("CONSOLIDATION_TMP_DIR") or None
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
UPLOAD_MAX_FILE_MB = envint("UPLOAD_MAX_FILE_MB", 20)
UPLOAD_MAX_REPORT_MB = envint("UPLOAD_MAX_REPORT_MB", 100)
# A request larger than this is refused before it is read (the largest file and the form around it);
# beyond UPLOAD_MAX_FILE_MB nothing of a file is kept (lib.uploads.SizeCapUploadHandler).
MAX_REQUEST_MB = envint("MAX_REQUEST_MB", UPLOAD_MAX_FILE_MB + 2)
FILE_UPLOAD_HANDLERS = [
    "lib.uploads.SizeCapUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: EMAIL_URL (smtp://user:pass@host:587/?tls=True) or EMAIL_HOST...; otherwise files in var/mail/.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cổng báo cáo MTTQ <no-reply@mttq.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds for each SMTP exchange: a send never hangs, and outbox.Email.claim_timeout() (how long a
# row claimed by a worker that died waits before another takes it) is derived from it.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
# At most this many emails a run of the every-minute sender (a relay's rate limit); digests go first.
EMAIL_RATE_PER_MINUTE = envint("EMAIL_RATE_PER_MINUTE", 1800)
if os.environ.get("EMAIL_URL"):
    # dj_email_url gives EMAIL_TIMEOUT=None (no timeout at all) unless the URL has ?timeout=N.
    vars().update({k: v for k, v in dj_email_url.parse(os.environ["EMAIL_URL"]).items() if v is not None})
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", 25)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL")
else:
    EMAIL_BACKEND = "mttq_portal.mail.FileAndSummaryBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# Celery: Redis (or any broker) from CELERY_BROKER_URL; otherwise kombu's filesystem transport,
# which needs no server. Results are not used for state: every task records its outcome in rows.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
    # The transport needs its folders; both the web process (publishing) and the worker read this.
    for _folder in ("queue", "control"):
        (CELERY_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
else:
    # Longer than any task runs, so a running task is not delivered a second time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
# The queue every task goes to (and workers read with -Q): two portals sharing one Redis each take
# their own name.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
# Celery's worker keeps the portal's log format (LOGGING below, with the task id on every line).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No remote control (celery inspect/control): the portal never uses it, and its reply queue is an
# auto-delete queue that kombu deletes while closing a connection lost to Redis; with the transport
# already released that raises AttributeError out of the reconnect and the worker exits (kombu#582,
# seen once by bench/faults.py). Without it the worker holds one channel: the task queue.
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# With Redis, a second beat refuses to start (a lock in Redis, renewed at every tick): see
# mttq_portal.celery.OneBeatScheduler. Ticks at least every 30 s so the lock never lapses.
CELERY_BEAT_SCHEDULER = "mttq_portal.celery:OneBeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 30
# One beat schedule for the whole project (run exactly one beat process).
CELERY_BEAT_SCHEDULE: dict = {
    # outbox.tasks also answers to the old name "reminders.send_due_emails" (a beat still running
    # the previous schedule) and "reminders.send_email" (messages queued before the move).
    "send-due-emails-every-minute": {"task": "outbox.send_due_emails", "schedule": crontab(minute="*")},
    "sweep-deadline-reminders-every-5-minutes": {"task": "reminders.sweep", "schedule": crontab(minute="*/5")},
    # Consolidation builds whose worker died (silent for a minute) or whose message never reached
    # the broker: queued and published again, or failed with the reason; stale temporary files removed.
    "sweep-stalled-consolidation-builds-every-minute": {
        "task": "reports.sweep_consolidations",
        "schedule": crontab(minute="*"),
    },
}

# Cache: Redis when CACHE_URL (or REDIS_URL) is set, shared by every web process; otherwise each
# process's memory (one machine). Nothing the portal needs to be right lives only in the cache:
# sessions, login failures, build progress and reminders are database rows.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mttq"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # any web process reads any login

# One line per event, each with the id of the request (X-Request-ID, mttq_portal.logs) or of the
# Celery task it belongs to ("-" outside both).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "mttq_portal.logs.ContextFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(context_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["context"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The admin (/quan-tri/) answers only to these networks (comma-separated CIDRs); elsewhere it is a
# 404 (mttq_portal.middleware.AdminNetworkMiddleware). The default: loopback and private ranges.
ADMIN_ALLOWED_NETWORKS = [
    str(ipaddress.ip_network(n.strip(), strict=False))  # a mistyped network stops the start, not a request
    for n in os.environ.get(
        "ADMIN_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
    ).split(",")
    if n.strip()
]
# Behind the TLS proxy (HTTPS=1) the client's address is the last X-Forwarded-For entry, the one the
# proxy itself added; otherwise REMOTE_ADDR (mttq_portal.middleware.client_address).
TRUST_X_FORWARDED_FOR = envbool("HTTPS")

# A login ends after SESSION_IDLE_HOURS without a request, or when the browser closes, unless the
# person ticked "Ghi nhớ đăng nhập" (then SESSION_REMEMBER_DAYS without a request): committees/sessions.py.
SESSION_IDLE_HOURS = envint("SESSION_IDLE_HOURS", 8)
SESSION_REMEMBER_DAYS = envint("SESSION_REMEMBER_DAYS", 14)
SESSION_COOKIE_AGE = SESSION_IDLE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The JSON API (/api/v1/, api/): requests a token may make in a minute, counted on the token's
# database row (api.services.rate_take) so the limit holds across every web machine.
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "120"))

# Scripts only from this site's files, never inline (static/js/site.js carries the shared behaviour);
# inline styles stay allowed (style attributes), everything else from this site only.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)

if envbool("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # The load balancer asks the web processes themselves over http.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS: browsers keep to HTTPS for a year; subdomains too unless HSTS_INCLUDE_SUBDOMAINS=0.
    SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", "1")
    SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list is the domain owner's decision (hard to undo), not a default.
        SILENCED_SYSTEM_CHECKS += ["security.W021"]
