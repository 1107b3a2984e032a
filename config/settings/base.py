"""Settings shared by every environment; everything that differs comes from the environment.

DATABASE_URL absent -> a SQLite file (the embedded default).
REDIS_URL absent -> Celery runs tasks in-process and the cache is local memory.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-only-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# The portal's public address, for links in e-mails, QR codes and calendar feeds (no trailing slash);
# empty: the request's host, else the university's host (cabinet/site.py).
SITE_URL = env("SITE_URL", default="").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, whose forms it extends
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_htmx",
    "csp",
    "template_partials",
    "django_filters",
    "import_export",
    # ours
    "core",
    "people",
    "university",
    "cabinet",
    "notifications",
    "messaging",
    "audit",
    "academic_calendar",
    "curriculum",
    "documents",
    "schedule",
    "disciplines",
    "assignments",
    "journal",
    "testing",
    "thesis",
    "finance",
    "requests_app",
    "advising",
    "courses",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Content-Security-Policy (django-csp): scripts, styles, fonts and images only from our own static files, no inline
# script, style attribute or eval (templates carry classes and data-* for what was inline, static/js/cabinet.js);
# no framing, forms post only here. Django admin needs nothing more; WeasyPrint's PDFs are not web pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

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
                "django.template.context_processors.i18n",
                "cabinet.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server, and a statement run PREPARE_THRESHOLD times on a connection is prepared:
    # PostgreSQL then plans it once instead of on every request (measured: a third of its CPU on a stream
    # choice, bench/README.md). Needs session-level connections (no PgBouncer in transaction mode).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=env.int("PREPARE_THRESHOLD", default=5)
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the dev server and an in-process Celery task write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# "fragments": the HTML fragments of hot pages ({% cache ... using="fragments" %}), in each process's memory:
# their keys hold every value they show, so they never go stale, and a network round trip per fragment would
# cost more than rendering it. Bounded, least recently used first out.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 20000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            # while Redis is down, pages, sign-in and rate limits go on as with an empty cache (core/cache.py)
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="cabinet"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "fragments": FRAGMENT_CACHE,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, "fragments": FRAGMENT_CACHE}

# Celery: a real broker when REDIS_URL is set; otherwise tasks run in-process (embedded default).
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "cabinet"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that queues a job (an e-mail after a signature) waits for the broker: with Redis down it gives up in a
# few seconds, logs, and answers (core/jobs.py), instead of retrying for half a minute.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BEAT_SCHEDULE = {
    # a seat freed in a full stream is offered to the first in line until a deadline; unclaimed offers move on
    "expire-stream-offers": {"task": "schedule.tasks.expire_stream_offers_task", "schedule": 300.0},
    # an overdue tuition debt places the finance office's hold (and a paid one lifts it), once a day at 03:15
    "finance-debt-holds": {"task": "finance.tasks.debt_holds_sync_task", "schedule": crontab(hour=3, minute=15)},
}
STREAM_OFFER_HOURS = env.int("STREAM_OFFER_HOURS", default=12)
CELERY_TIMEZONE = "Asia/Almaty"

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",  # admin sign-in, tests' force_login
    "allauth.account.auth_backends.AuthenticationBackend",  # e-mail sign-in
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cabinet:dashboard"
LOGOUT_REDIRECT_URL = "account_login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # first-access and reset links live three days

# django-allauth: e-mail is the login, no usernames.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True  # sign-up answers "check your e-mail" for any address (people/forms.py)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # a new applicant's confirmation link signs them in, in that browser
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "people.forms.ApplicantSignupForm",  # last name, first name, e-mail, password twice
    # keeps the current login until the new address is confirmed (allauth would drop an unconfirmed one)
    "add_email": "people.forms.ChangeEmailForm",
}
ACCOUNT_RATE_LIMITS = {
    # five wrong passwords for one e-mail in five minutes lock it for the rest of the window
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/5m/key",
    "signup": "20/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")

# Sessions in the database; with Redis, read through the shared cache first (every worker sees a sign-out).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_SAVE_EVERY_REQUEST = False

LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
# locale/: the project's strings; config/formats/locale: Django's own strings where its Kazakh is missing or
# capitalized (relative times, month names inside a date). The first path wins.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "config" / "formats" / "locale"]
# Content a person reads (names, titles, descriptions, positions) is kept in the three languages by
# django-modeltranslation; an empty translation shows the Kazakh one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
MODELTRANSLATION_LANGUAGES = ("kk", "ru", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("kk",)
# A value given without a language (`Discipline(name=...)`) fills the Kazakh field too, so no page loses it.
MODELTRANSLATION_AUTO_POPULATE = "default"
# The admin's language tabs run on Django's own jQuery and our small tabs widget, not on a CDN's jQuery UI.
JQUERY_UI_URL = "js/admin-translation-tabs.js"
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
PHOTO_MAX_BYTES = env.int("PHOTO_MAX_BYTES", default=5 * 1024 * 1024)
# PDFs one person may have rendered (IUP, transcripts together), per second/minute/hour (core/ratelimit.py)
PDF_RATE_LIMIT = env("PDF_RATE_LIMIT", default="10/m")
# The public verification page (documents:verify), per address: enough for a person checking a pile of papers,
# too few to guess codes (32^12 of them) by trying.
VERIFY_RATE_LIMIT = env("VERIFY_RATE_LIMIT", default="30/m")
# Spreadsheet imports in admin (curriculum/imports.py): refused above these; longer than IMPORT_INLINE_ROWS rows,
# checked and imported by a background job with a progress page.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_INLINE_ROWS = env.int("IMPORT_INLINE_ROWS", default=500)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="cabinet@demo.kz")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

MESSAGE_TAGS = {40: "danger"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Top-ups (finance/providers/, docs/modules.md#top-ups): the enabled payment providers, and each one's settings.
# A provider without its secret refuses every callback (403); Halyk is offered to students only when configured.
FINANCE_PROVIDERS = env.list(
    "FINANCE_PROVIDERS",
    default=[
        "finance.providers.receipt.ReceiptProvider",
        "finance.providers.halyk.HalykProvider",
        "finance.providers.kaspi.KaspiProvider",
    ],
)
RECEIPT_MAX_BYTES = env.int("RECEIPT_MAX_BYTES", default=5 * 1024 * 1024)
HALYK_PAY_URL = env("HALYK_PAY_URL", default="")
HALYK_STATUS_URL = env("HALYK_STATUS_URL", default="")
HALYK_SECRET = env("HALYK_SECRET", default="")
HALYK_TERMINAL = env("HALYK_TERMINAL", default="")
HALYK_TIMEOUT = env.float("HALYK_TIMEOUT", default=10.0)
KASPI_SECRET = env("KASPI_SECRET", default="")

# Testing (docs/modules.md#testing): an answer is accepted up to this many seconds past the server's deadline,
# for the network; an attempt past it is closed with its saved answers.
TESTING_NETWORK_GRACE_SECONDS = env.int("TESTING_NETWORK_GRACE_SECONDS", default=5)
# a proctored attempt paused longer than this (camera or screen lost, the student gone) is closed
TESTING_PAUSE_MAX_MINUTES = env.int("TESTING_PAUSE_MAX_MINUTES", default=15)

# Testing, question bank import and export (docs/modules.md#testing, testing/formats/): the largest file a teacher
# may import, the most questions one file may hold, and the largest image inside it
TESTING_IMPORT_MAX_BYTES = env.int("TESTING_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
TESTING_IMPORT_MAX_QUESTIONS = env.int("TESTING_IMPORT_MAX_QUESTIONS", default=5000)
TESTING_IMPORT_MAX_FILE_BYTES = env.int("TESTING_IMPORT_MAX_FILE_BYTES", default=2 * 1024 * 1024)
# Proctoring (issue 12, part 3; testing/proctoring/, docs/modules.md#proctoring): the enabled backends (the
# browser's own checks, and vendors whose signed webhook reports events), and each one's settings.
TESTING_PROCTORING_BACKENDS = env.list(
    "TESTING_PROCTORING_BACKENDS",
    default=["testing.proctoring.builtin.BuiltinBackend", "testing.proctoring.examus.ExamusBackend"],
)
# the page that installs a proctoring browser extension; blank hides the link
TESTING_PROCTORING_EXTENSION_URL = env("TESTING_PROCTORING_EXTENSION_URL", default="https://chromewebstore.google.com/")
# True: no attempt starts until an extension answered the page's ping (the built-in backend works without one)
TESTING_PROCTORING_REQUIRE_EXTENSION = env.bool("TESTING_PROCTORING_REQUIRE_EXTENSION", default=False)
# an attempt whose events add up to this severity is flagged for the proctor's review
TESTING_PROCTORING_FLAG_SEVERITY = env.int("TESTING_PROCTORING_FLAG_SEVERITY", default=3)
TESTING_PROCTORING_PHOTO_MAX_BYTES = env.int("TESTING_PROCTORING_PHOTO_MAX_BYTES", default=2 * 1024 * 1024)
# Examus: the shared secret of its webhook (HMAC-SHA256 over the raw body) and the page a session opens on
EXAMUS_WEBHOOK_SECRET = env("EXAMUS_WEBHOOK_SECRET", default="dev-examus-secret")
EXAMUS_SESSION_URL = env("EXAMUS_SESSION_URL", default="https://examus.example/session/")
# Testing engine (issue 12, part 2): attempts whose time ran out are closed within a minute, even if never reopened:
# every 30 s, so a run that waits for a worker or takes a few seconds still closes them inside the minute.
CELERY_BEAT_SCHEDULE["testing-close-expired"] = {"task": "testing.tasks.close_expired_attempts", "schedule": 30.0}
CELERY_BEAT_SCHEDULE["testing-clean-imports"] = {
    "task": "testing.tasks.clean_pending_imports",
    "schedule": crontab(hour=4, minute=30),
}
