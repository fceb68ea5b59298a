"""Settings shared by every deployment; whatever differs comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's own page (in the visitor's language) for a form sent with a stale token.
CSRF_FAILURE_VIEW = "infrastructure.error_views.csrf_failure"

INSTALLED_APPS = [
    "home",
    "chrome",
    "register",
    "news",
    "search",
    "contact",
    "alerts",
    "quotes",
    "impact",
    "shortlist",
    "representatives",
    "renewals",
    "infrastructure",
    "demo",
    "wagtail.contrib.search_promotions",
    # Django's tasks interface (django-tasks until Django 6) and its database queue: the
    # search and reference index updates, CDN purges and e-mail run in `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    "ninja",  # the API's documentation page and its assets, served from here, not a CDN
    "corsheaders",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outermost: HEAD is answered as GET, without the body.
    "infrastructure.middleware.head.HeadAsGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer, 429s included.
    "infrastructure.middleware.security_headers.ContentSecurityPolicyMiddleware",
    "infrastructure.middleware.security_headers.PermissionsPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before sessions and authentication: a client over its limit costs no database query.
    "infrastructure.middleware.ratelimit.RateLimitMiddleware",
    # A search service that is down: 503 with a message where words are searched.
    "infrastructure.middleware.search_faults.SearchServiceUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "infrastructure.middleware.language.LanguagePrefixMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Locks out repeated failed admin sign-ins (django-axes); after authentication.
    "axes.middleware.AxesMiddleware",
    # A cooperative's representative reaches only their areas of the admin.
    "representatives.middleware.RepresentativeAdminAreas",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # ETag on every answer that has none, 304 to a matching If-None-Match: outside the page
    # cache, so a stored page or feed is revalidated as cheaply as one just rendered.
    "django.middleware.http.ConditionalGetMiddleware",
    # Last: it needs request.user, and answers from the cache still pass everything above.
    "infrastructure.middleware.pagecache.PageCacheMiddleware",
    # Innermost: Wagtail's site lookup from the cache, for requests the page cache did not answer.
    "infrastructure.middleware.site_lookup.CachedSiteMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's write-ahead log: pages (and the admin's progress of an import) are still read
    # while the worker's import writes, instead of waiting for its commit; one writer at a
    # time, as before. (An in-memory database, the tests', keeps its own journal.)
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "pages" holds the full-page cache; it must be shared by all processes, or a change seen by
# one would leave the others serving stale pages: Redis, else files in PAGE_CACHE_DIR.
if REDIS_URL := env("REDIS_URL", default=""):

    def redis_cache(prefix: str) -> dict:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
            # A Redis that is down costs a request one second at most, not a worker.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }

    CACHES = {
        "default": redis_cache("registroimpact"),
        "pages": redis_cache("registroimpact-pages"),
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("PAGE_CACHE_DIR", default=str(BASE_DIR / "var" / "pagecache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }

# Full-page cache for anonymous visitors (infrastructure.middleware.pagecache on
# wagtail-cache), PAGE_CACHE=on|off; production turns it on. Entries live PAGE_CACHE_SECONDS
# at most, never past midnight.
WAGTAIL_CACHE = env.bool("PAGE_CACHE", default=False)
WAGTAIL_CACHE_BACKEND = "pages"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)

# A CDN in front of the site, purged by Wagtail's front-end cache invalidation when content
# changes: a generic HTTP PURGE endpoint (Varnish, nginx) or Cloudflare. Off when unset.
WAGTAILFRONTENDCACHE = {}
if FRONTEND_CACHE_PURGE_URL := env("FRONTEND_CACHE_PURGE_URL", default=""):
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": FRONTEND_CACHE_PURGE_URL,
    }
if CLOUDFLARE_API_TOKEN := env("CLOUDFLARE_API_TOKEN", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": CLOUDFLARE_API_TOKEN,
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
    }
# Our URLs already name their language; don't let Wagtail re-prefix them.
WAGTAILFRONTENDCACHE_LANGUAGES = []
# How long the CDN may keep a page that has no query string (browsers always revalidate).
FRONTEND_CACHE_SECONDS = env.int("FRONTEND_CACHE_SECONDS", default=300)

# Requests per client and window (infrastructure.ratelimit), per named rule: (requests,
# seconds). The addresses of each rule come from the app that owns them (search, register,
# API, the forms of every page, the admin's sign-in), so renaming a page keeps its limits.
RATELIMIT_ENABLED = env.bool("RATELIMIT_ENABLED", default=True)
# Where the counts live, shared by every worker: Redis when there is one, else the database
# (a local-memory cache would give each gunicorn worker an allowance of its own).
RATELIMIT_STORAGE = "cache" if REDIS_URL else "database"
RATELIMITS = {
    "search": (60, 60),
    "verification": (60, 60),
    # The live badge: one request per page view of a cooperative's site, from each visitor's
    # browser, cheap and cached; the limit only stops one client asking for thousands.
    "badge": (600, 60),
    # POSTs of a list of up to 500 numbers (answers and their downloads); in place of the
    # "forms" rule below, which leaves them out.
    "bulk-verification": (30, 3600),
    "exports": (20, 60),
    "attestations": (20, 60),  # PDFs, each built on request
    "api": (120, 60),
    "forms": (10, 600),  # POSTs to any page
    # Requests that send a confirmation or link mail (alerts), beside the cap per address.
    "subscriptions": (10, 3600),
    # The shortlist's buttons (add, remove, clear), one click each; the "forms" rule leaves
    # them out. Its files count under "exports" and "attestations".
    "shortlist": (120, 600),
    # Beside the per-account lockout below: one address trying many accounts.
    "admin-login": (30, 600),
}
# Addresses or networks of our own reverse proxies: only from them is X-Forwarded-For believed.
RATELIMIT_TRUSTED_PROXIES = env.list("RATELIMIT_TRUSTED_PROXIES", default=[])

# Security headers (infrastructure.middleware.security_headers). The public site loads nothing
# from other origins and has no inline script; uploaded images may come from object storage,
# whose origin is added. A third-party embed (e.g. a video) would need its origin in frame-src.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin has inline scripts and styles and shows previews of pages in a frame.
CSP_ADMIN_PATH_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Files served for download (documents, exports).
CONTENT_SECURITY_POLICY_DOWNLOADS = {
    "DIRECTIVES": {"default-src": [NONE], "sandbox": True, "frame-ancestors": [NONE]}
}
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# No requests from the admin to other sites: no Gravatar, no release check (pip-audit in CI
# tells us about updates that matter).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Admin sign-in: after AXES_FAILURE_LIMIT failures for one username from one address, that
# pair is locked out for AXES_COOLOFF_MINUTES; a success clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "infrastructure.lockout.lockout_response"
# The same client address as the rate limits (X-Forwarded-For only from our proxies).
AXES_CLIENT_IP_CALLABLE = "infrastructure.ratelimit.client_address"

# The API is open data: any site may read it from a browser, nobody may write.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["etag", "last-modified", "retry-after"]
CORS_PREFLIGHT_MAX_AGE = 86400

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Italian first, English second: the URL prefix always names the language.
LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# A translation goes live only when a person publishes it, never on submission with the
# untranslated Italian text standing in (wagtail-localize's default copies the live status).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Rome"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static" / "dist"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Files only their owners and register managers may read (the renewals' evidence): outside
# MEDIA_ROOT, so no web server or bucket serves them; only renewals' own view reads them.
# On S3 this would be a private bucket of its own (not built: the evidence stays on disk).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded images and documents in S3-compatible object storage when a bucket is named; the
# keys may also come from the machine's role (boto3's usual chain) instead of the variables.
if AWS_STORAGE_BUCKET_NAME := env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "location": env("AWS_LOCATION", default="media"),
            # Private bucket, signed links: documents of private pages stay private.
            "default_acl": None,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "file_overwrite": False,
        },
    }

WAGTAIL_SITE_NAME = "Registro Impact"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Documents always pass through Wagtail's serve view (its permission checks, then ours in
# infrastructure/wagtail_hooks.py, even on object storage), and always download as attachments.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png"}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# The register's facet counts (register.facets): Elasticsearch aggregations when
# ELASTICSEARCH_URL is set; else "database" (one grouped query per facet) or, by default, id
# sets held in each process (faster on one machine: bench/listing.py).
REGISTER_FACETS = env("REGISTER_FACETS", default="")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if ELASTICSEARCH_URL := env("ELASTICSEARCH_URL", default=""):
    # One index per language, each with its own analyser (stemming, stop words); the site
    # searches the index of the visitor's language (infrastructure.searching.backend_for).
    ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="registroimpact")

    def elasticsearch_backend(language: str, analyser: str) -> dict:
        return {
            "BACKEND": "wagtail.search.backends.elasticsearch8",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": f"{ELASTICSEARCH_INDEX_PREFIX}-{language}-",
            "TIMEOUT": 5,
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": analyser}}}}
            },
        }

    WAGTAILSEARCH_BACKENDS = {
        "default": elasticsearch_backend("it", "italian"),
        "en": elasticsearch_backend("en", "english"),
    }

# Background tasks (Django's tasks interface): TASKS_BACKEND=database (the default) queues them
# in the database for `manage.py db_worker`; immediate runs them inside the request, as the
# tests do. Any other value is a backend's dotted path (e.g. an RQ backend on Redis).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks_setting(default: str) -> dict:
    name = env("TASKS_BACKEND", default=default)
    return {"default": {"BACKEND": TASK_BACKENDS.get(name, name)}}


TASKS = tasks_setting("database")
# A queue whose oldest waiting task is older than this reads "stale" on /health/.
TASKS_STALE_SECONDS = env.int("TASKS_STALE_SECONDS", default=300)
# E-mail alerts (alerts/): the daily digests go out from this hour (local time) on, on the
# first run of `manage.py run_scheduled_work` that day.
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=7)


def email_settings(default_url: str) -> dict:
    """Mail: the site only queues each message (infrastructure.mail); the worker hands it to
    the server of EMAIL_URL (django-environ's email_url, e.g. smtp+tls://user:pw@host:587)."""
    server = env.email_url("EMAIL_URL", default=default_url)
    return {
        **server,
        "EMAIL_DELIVERY_BACKEND": server["EMAIL_BACKEND"],
        "EMAIL_BACKEND": "infrastructure.mail.QueuedEmailBackend",
    }


# In development the worker prints each message on the console.
vars().update(email_settings("consolemail://"))
# A mail server that does not answer fails the attempt (and it is retried), never hangs.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint's steps and fontTools' font decoding, at every attestation PDF.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
