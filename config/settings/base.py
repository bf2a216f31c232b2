"""Settings shared by every environment; anything that differs comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"环境变量 {name} 未设置 / environment variable {name} is required")
    return value


SECRET_KEY = env("DJANGO_SECRET_KEY", "local-only-insecure-key-never-use-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # third party
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "treebeard",
    "axes",
    "csp",
    "django_htmx",
    "django_bootstrap5",
    "bootstrap",
    # ours
    "core",
    "organizations",
    "members",
    "scoring",
    "industry_chains",
    "party_life",
    "manual",
]

MIDDLEWARE = [
    # Outermost, so that a read whose database connection died anywhere in the request is tried once more.
    "core.middleware.RetryReadOnLostDatabaseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.navigation",
            ],
        },
    },
]

# No DATABASE_URL: the embedded default, one SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{env('SQLITE_PATH', str(BASE_DIR / 'db.sqlite3'))}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# SQLite for several workers and threads at once: a write transaction takes the write lock when it begins
# (a transaction that read first and then wrote was refused "database is locked" when another had written
# meanwhile, and no waiting helps there), a writer waits up to SQLITE_TIMEOUT seconds for the lock instead
# of failing at once, and readers never wait for a writer (WAL journal).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_TIMEOUT", 20),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
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
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock for 15 minutes, counted per account (from any address, so a password cannot
# be guessed from many) and per address (for any account, so one client cannot try many usernames).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success would wipe every failure of its address too: anyone with one account could then keep guessing others.
# Failures expire after the cool-off instead.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "core.lockout.locked_out"
# Behind N trusted proxies the client is in X-Forwarded-For; with none, a client could forge that header. Each proxy
# adds the address it was reached from, so behind one nginx the header ends with the client. ipware counts only the
# proxies named in the header (the nearest is the connection itself): N - 1. Given N it found no client behind one
# nginx (every visitor one address) and took a forged first entry for the client.
PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT > 0 else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT > 0 else ["REMOTE_ADDR"]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery. No broker configured: the embedded default runs every task in process, same call path.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not env("CELERY_BROKER_URL"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sized on purpose (docs/deploy.md, "后台任务与故障恢复"). A task is acknowledged when it has finished, not when it
# starts, so a worker that dies leaves its message to be delivered again; a worker child lost mid-task (killed, out
# of memory) puts its message straight back; each worker process reserves one message at a time, so a dead one
# strands no others.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis gives an unacknowledged message to another worker after visibility_timeout: longer than the longest task
# (the whole-county export of a province, about 20 minutes), or a slow task would run twice at once (harmless,
# but wasted). A worker that died is not waited for: the sweeper below requeues its job within minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # A request that starts background work must not hang on a broker that does not answer: one quick try,
    # then the job waits in the database for the sweeper.
    "socket_connect_timeout": 2,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2

# Background jobs (core.jobs): the sweeper runs every minute (beat), re-sends a job still waiting after
# JOB_RESEND_AFTER seconds, and requeues a job whose worker is gone, up to JOB_MAX_ATTEMPTS runs. Without
# PostgreSQL's advisory locks (the embedded default) a running job is taken for dead after JOB_HEARTBEAT_TIMEOUT
# seconds without a heartbeat.
JOB_RESEND_AFTER = env_int("JOB_RESEND_AFTER", 600)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3)
JOB_HEARTBEAT_TIMEOUT = env_int("JOB_HEARTBEAT_TIMEOUT", 900)

# A shared cache carries import progress between worker and web: Redis when there is one.
CACHE_URL = env("CACHE_URL") or (
    env("CELERY_BROKER_URL") if (env("CELERY_BROKER_URL") or "").startswith("redis") else ""
)
# Without Redis, a cache in files that every process shares: the pages polling a background job (imports,
# certificate batches, reports, the county export) and the rate limits must see the same entries whichever
# gunicorn worker answers; a per-process cache lost a job started in one worker when another showed it.
CACHES = {
    "default": (
        {
            # Redis down: reads miss and writes are skipped (core.cache), so pages that only read keep working.
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "re",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        }
    )
}

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header turns a missing or bad token into a 401 (session first gives 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", "60/minute"),
        "user": env("API_THROTTLE_USER", "1200/minute"),
        # The public notice board (its list, postings and their PDFs), per client address.
        "notice_board": env("NOTICE_BOARD_RATE", "60/minute"),
    },
    # Client addresses as the login lockout reads them (AXES_PROXY_COUNT proxies in front): without it DRF
    # would trust any X-Forwarded-For, and a forged header would buy a fresh anonymous quota.
    "NUM_PROXIES": max(PROXY_COUNT, 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "红色引擎 API",
    "DESCRIPTION": "新兴领域党建工作平台接口。所有数据按当前用户的权限范围返回。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several serializers expose a field named "kind"; name each choice set after its own enum.
    "ENUM_NAME_OVERRIDES": {
        "EntityKindEnum": "organizations.choices.EntityKind",
        # Survey campaigns and selections share the same open/closed choices.
        "OpenClosedStatusEnum": "organizations.choices.CampaignStatus",
        "CertificateStatusEnum": "members.choices.CertStatus",
    },
}

# Content-Security-Policy: scripts only from the portal itself (every asset is served by it) or carrying
# the page's nonce, no plugins, no framing, forms post only here. Style attributes stay allowed: the
# pages and the server-drawn charts use them, and htmx adds its indicator style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],  # the API reference (Redoc) parses the schema in a worker
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True

BOOTSTRAP5 = {"set_placeholder": False, "required_css_class": "required"}

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "红色引擎 <noreply@localhost>")

# The programme's own settings.
POSTING_WORKING_DAYS = env_int("POSTING_WORKING_DAYS", 5)  # 公示期（工作日）
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")  # printed into QR codes on certificates
# The county the portal serves, named in the titles of county-wide work reports (empty: "全县").
COUNTY_NAME = env("COUNTY_NAME", "")
# Who issues certificates and county-wide postings (printed on them and named on the verification page).
ISSUING_BODY = env("ISSUING_BODY", "中共汶上县委社会工作部")
PDF_FONT_STACK = "'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif"
IMPORT_JOB_RETENTION_DAYS = env_int("IMPORT_JOB_RETENTION_DAYS", 7)
NOTIFICATION_EMAIL_ENABLED = env_bool("NOTIFICATION_EMAIL_ENABLED", False)  # in-app inbox always; email off

# Scoring area (积分评星).
# A member earns a star in a month with at least this many points on it, and in a quarter with the larger figure.
SCORING_STAR_MONTH_POINTS = env_int("SCORING_STAR_MONTH_POINTS", 10)
SCORING_STAR_QUARTER_POINTS = env_int("SCORING_STAR_QUARTER_POINTS", 30)
# A month's (or quarter's) 星级党员 has at least this many stars.
SCORING_STAR_MEMBER_MIN_STARS = env_int("SCORING_STAR_MEMBER_MIN_STARS", 1)
# Organisation star rating: inspection total needed for 5, 4, 3, 2 and 1 stars; below the last, no star.
SCORING_ORG_STAR_THRESHOLDS = [int(v) for v in env_list("SCORING_ORG_STAR_THRESHOLDS", "90,80,70,60,50")]
# Self-scores below this get 转化提升 improvement tasks.
SCORING_IMPROVEMENT_BELOW = env_int("SCORING_IMPROVEMENT_BELOW", 70)

# Industry-chain area (产业链党建).
TICKET_LEAD_WORKDAYS = env_int("TICKET_LEAD_WORKDAYS", 5)  # 主办部门办理时限（工作日）
TICKET_CO_WORKDAYS = env_int("TICKET_CO_WORKDAYS", 3)  # 协办部门反馈时限（工作日）
TICKET_EXTENSION_WORKDAYS = env_int("TICKET_EXTENSION_WORKDAYS", 5)  # 延期最多可延长（工作日）
TICKET_REOPEN_WORKDAYS = env_int("TICKET_REOPEN_WORKDAYS", 3)  # 企业不认可后重办时限（工作日）
TICKET_REMIND_WORKDAYS = env_int("TICKET_REMIND_WORKDAYS", 1)  # 到期前几个工作日提醒主办部门
DUTY_TURN_MONTHS = env_int("DUTY_TURN_MONTHS", 2)  # 轮值周期（月）
# Name the area's choice sets in the API schema (several serializers have a "status" or "category").
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "TicketStatusEnum": "industry_chains.choices.TicketStatus",
        "TurnStatusEnum": "industry_chains.choices.TurnStatus",
        "TicketCategoryEnum": "industry_chains.choices.TicketCategory",
        "PolicyCategoryEnum": "industry_chains.choices.PolicyCategory",
    }
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}
