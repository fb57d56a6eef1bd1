"""Settings of the portal network CMS.

Everything that differs between a newcomer's laptop and production comes from
environment variables (documented in README.md). The defaults are the embedded,
safe ones: SQLite, local-memory cache, tasks run immediately, DEBUG off.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# A development key is used only when SECRET_KEY is not set; `check --deploy`
# reports it (it starts with "django-insecure-"), so production must set one.
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-portal-network-development-key-change-me"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ".localhost,localhost,127.0.0.1,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def discover_plugin_apps():
    """Every folder of plugins/ holding a plugin.py is an installed plugin app.

    Outside plugins (any installed package) are added with EXTRA_PLUGIN_APPS;
    neither path needs a change to core code.
    """
    found = []
    excluded = set(env_list("PLUGINS_EXCLUDE"))
    plugins_dir = BASE_DIR / "plugins"
    if plugins_dir.is_dir():
        for child in sorted(plugins_dir.iterdir()):
            if child.name in excluded:
                continue
            if (child / "plugin.py").is_file() and (child / "__init__.py").is_file():
                found.append(f"plugins.{child.name}")
    return found + env_list("EXTRA_PLUGIN_APPS")


PLUGIN_APPS = discover_plugin_apps()

INSTALLED_APPS = [
    # modeltranslation patches models, so it comes before the admin and our apps.
    "modeltranslation",
    "cms",
    "sites",
    "themes",
    "search",
    *PLUGIN_APPS,
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    # Accounts: login lockout and two-factor authentication (see the Accounts section below).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers on every response, cached pages included (cms/headers.py).
    "cms.headers.PermissionsPolicyMiddleware",
    "cms.headers.PortalCSPMiddleware",
    "cms.hostile.HostileInputMiddleware",  # 400 to control characters / invalid UTF-8, before any view or query
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The page cache first: a hit resolves the portal from the hostname map and
    # answers without the database or the rest of the stack (cms/cache.py).
    "cms.cache.PortalCacheMiddleware",
    "cms.middleware.PortalMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "cms.accounts.AccountsMiddleware",  # two-factor before the admin; the password-reset quota
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.plugin_pages.PluginGateMiddleware",
    "cms.admin_scoping.AdminPageGateMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page with its message
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Each theme's own folder (themes/<name>/templates); app templates (cms, themes ...) come from APP_DIRS.
        "DIRS": sorted(str(p) for p in (BASE_DIR / "themes").glob("*/templates")),
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the demo server read while a command writes.
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url):
    """The cache on the Redis at ``url``. Redis is a helper, never a dependency of
    a request: when it is unreachable every cache call is logged and answers as a
    miss (pages are rendered, counters skip), after at most the short timeouts
    below; after a failure the client stops trying for REDIS_RETRY_SECONDS
    (cms.redis_client) so an outage costs one timeout, not one per call."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portalnet"),
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "REDIS_CLIENT_CLASS": "cms.redis_client.CircuitBreakerRedis",
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
            "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True  # logged on the "django_redis.cache" logger
REDIS_RETRY_SECONDS = float(os.environ.get("REDIS_RETRY_SECONDS", "5"))
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal-network",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Seconds an anonymous page stays in the portal page cache (purged on publish).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# Background work: immediate on a laptop; a database queue and a worker
# (`manage.py db_worker`) in production (TASKS_BACKEND=database).
if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese first and default, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
# ASCII slugs (issue #14): the admin's slug widget transliterates Vietnamese (cms.slugs).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_LANGUAGES = ("vi", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("vi",)
# Wagtail's own Vietnamese catalogue is incomplete (and wrong in places): the project's
# completion is a LOCALE_PATHS catalogue, which Django reads before every app's, and the
# only one Wagtail's JavaScript catalogue (jsi18n, packages=["wagtail.admin"]) adds to
# its own. It sits in a folder with no source file, so makemessages never writes into it
# or prunes it (README, "Languages"; terms in GLOSSARY.md).
LOCALE_PATHS = [BASE_DIR / "cms" / "wagtail_vi" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed file names once `collectstatic` has run (production).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Object storage for media (django-storages, S3 compatible) when a bucket is named.
if os.environ.get("MEDIA_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_S3_BUCKET"],
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,
        },
    }
STATICFILES_DIRS = sorted(str(p) for p in (BASE_DIR / "themes").glob("*/static"))
WHITENOISE_USE_FINDERS = True

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Mạng cổng thông tin điện tử")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://camau.localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "doc", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xls", "xlsx", "zip"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.uploads.SafeDocumentForm"  # checks uploads by content
# Documents are always served by Wagtail's document view, which checks the
# collection's privacy (password, login, groups), whatever the storage: never a
# redirect to a public storage URL. /media/documents/ is not served (cms.views.serve_media).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("MAX_UPLOAD_MB", "20")) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# An image is refused from its header above this many pixels, before it is decoded
# (a decompression bomb: a small PNG that would take gigabytes); Pillow's own guard
# (Image.MAX_IMAGE_PIXELS) stays on for everything else.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(float(os.environ.get("UPLOAD_IMAGE_MAX_MEGAPIXELS", "50")) * 1_000_000)
# Archives (docx, xlsx, pptx, odt, ods, zip) are opened before they are accepted
# (cms.uploads): refused when they would expand beyond this size, more than this many
# times their own size, or hold more files than this.
UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_MB = int(os.environ.get("UPLOAD_ARCHIVE_MAX_UNCOMPRESSED_MB", "100"))
UPLOAD_ARCHIVE_MAX_RATIO = int(os.environ.get("UPLOAD_ARCHIVE_MAX_RATIO", "100"))
UPLOAD_ARCHIVE_MAX_MEMBERS = int(os.environ.get("UPLOAD_ARCHIVE_MAX_MEMBERS", "2000"))
# Text taken from attached files for search: at most this many characters and seconds.
UPLOAD_EXTRACT_MAX_CHARS = int(os.environ.get("UPLOAD_EXTRACT_MAX_CHARS", "500000"))
UPLOAD_EXTRACT_MAX_SECONDS = float(os.environ.get("UPLOAD_EXTRACT_MAX_SECONDS", "10"))
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%H:%M %d/%m/%Y"
FORMAT_MODULE_PATH = ["cms.formats"]  # the two formats above are also read back, in both languages
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "")  # "", "database" or "elasticsearch"
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "portal-search")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
}

# Open-data API description (drf-spectacular)
# /api/schema/ is the OpenAPI 3 description of every /api/ route (cms.openapi keeps the
# shared parts: the portal filter, error bodies, tags from the plugin registry) and
# /api/docs/ its Swagger UI page, served from this server (the sidecar's static files).
INSTALLED_APPS += ["drf_spectacular", "drf_spectacular_sidecar"]
# drf-spectacular's AutoSchema plus the shared 400/404 answers of every open-data route.
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "cms.openapi.OpenDataSchema"
SPECTACULAR_SETTINGS = {
    "TITLE": "API dữ liệu mở — Mạng cổng thông tin điện tử",
    "DESCRIPTION": (
        "Dữ liệu mở của mạng cổng thông tin điện tử, dành cho cơ quan, đơn vị và nhà phát triển: "
        "danh sách cổng thông tin, tin tức, văn bản pháp luật, thủ tục hành chính và thống kê dịch vụ công, "
        "người phát ngôn, thăm dò ý kiến, hỏi đáp và tìm kiếm trên toàn mạng.\n\n"
        "- Chỉ đọc (GET), không cần đăng nhập; dữ liệu trả về dạng JSON, mã hóa UTF-8.\n"
        "- Lọc theo một cổng bằng tham số `portal` = tên miền của cổng.\n"
        "- Danh sách được phân trang: `{count, page, pages, next, previous, results}`; "
        "`page` từ 1, `page_size` từ 1 đến 100.\n"
        '- Tham số sai: mã 400 kèm thông báo theo tên tham số; không tìm thấy: mã 404 `{"detail": ...}`; '
        "địa chỉ chứa ký tự điều khiển hoặc byte không phải UTF-8 bị từ chối với mã 400.\n"
        "- Mô tả OpenAPI 3 tại /api/schema/ (YAML; JSON với `?format=json`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/",  # tags: the first segment after it (portals, news, procedures ...)
    "PREPROCESSING_HOOKS": ["cms.openapi.only_open_data_routes"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "cms.openapi.describe_tags"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to swagger.io's validator (the page talks to this server only).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "defaultModelsExpandDepth": 0, "tryItOutEnabled": True, "validatorUrl": None},
}

# The network's own hostname (the provincial portal) for the demo and links.
NETWORK_DOMAIN = os.environ.get("NETWORK_DOMAIN", "camau.localhost")

LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_USER_LOGIN_FORM = "cms.accounts.LoginForm"  # Wagtail's, with a translated password label

# Accounts: login lockout (django-axes) and two-factor authentication (django-otp)
# Sign-in is refused once LOGIN_FAILURE_LIMIT failures were made for one username
# (from anywhere) or from one client address (any usernames) within
# LOGIN_COOLOFF_MINUTES of the last failure; network admins unlock in the admin
# (Settings > Sign-in security). The address is cms.ratelimits.client_address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in before any password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("LOGIN_LOCKOUT_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one: per user and per address
AXES_CLIENT_IP_CALLABLE = "cms.ratelimits.client_address"
AXES_USERNAME_CALLABLE = "cms.accounts.lockout_username"  # cut to what its tables hold
AXES_LOCKOUT_CALLABLE = "cms.accounts.lockout_response"  # the login form again, with a Vietnamese message
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = False  # a success of one's own account must not clear an address's failures
AXES_ENABLE_ADMIN = False  # Django's admin is not mounted; the Wagtail screen lists lockouts
# Two-factor (TOTP, any authenticator app): required for network admins (superusers
# and the network admins group) and, with TWO_FACTOR_REQUIRED_FOR_STAFF, for everyone
# who can open the admin; anyone else may turn it on for their own account.
TWO_FACTOR_REQUIRED_FOR_NETWORK_ADMINS = env_bool("TWO_FACTOR_REQUIRED_FOR_NETWORK_ADMINS", True)
TWO_FACTOR_REQUIRED_FOR_STAFF = env_bool("TWO_FACTOR_REQUIRED_FOR_STAFF", False)
OTP_TOTP_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", WAGTAIL_SITE_NAME)

# Who a request comes from (cms.ratelimits.client_address): the proxies and load
# balancers whose X-Forwarded-For is believed, as addresses or networks
# ("10.0.0.0/8,127.0.0.1"). Empty: the header is ignored and REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
RATELIMIT_IP_META_KEY = "cms.ratelimits.client_address"
RATELIMIT_USE_CACHE = "default"
# One quota per action, as django-ratelimit rates ("<count>/<period>": s, m, h, d).
# An action absent from here is not limited.
RATE_LIMITS = {
    "polls.vote": os.environ.get("RATE_POLLS_VOTE", "50/h"),
    "questions.ask": os.environ.get("RATE_QUESTIONS_ASK", "5/h"),
    "questions.lookup": os.environ.get("RATE_QUESTIONS_LOOKUP", "30/h"),  # the status page (tracking codes)
    "accounts.password_reset": os.environ.get("RATE_PASSWORD_RESET", "5/h"),
}
# While the cache (Redis) cannot count, a limited action goes through (citizens can
# still vote and ask: votes stay one per voter in the database) unless it is listed
# here, where it is refused with the usual "too many" message (mail-sending actions).
RATELIMIT_FAIL_OPEN = True
RATE_LIMITS_FAIL_CLOSED = env_list("RATE_LIMITS_FAIL_CLOSED", "accounts.password_reset")

# Production hardening. HTTPS=true (production behind TLS) turns on the redirect
# to https, secure cookies and HSTS; a laptop demo on http leaves it off.
# Wagtail's preview shows pages in a same-origin frame, so SAMEORIGIN, not DENY
# (the one deploy check silenced, on purpose).
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

HTTPS = env_bool("HTTPS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Security headers: CSP (django-csp) and Permissions-Policy
# Two policies, chosen by path in cms.headers.PortalCSPMiddleware: public pages get
# CONTENT_SECURITY_POLICY (strict: scripts from this origin or carrying the response's
# nonce, nonce="{{ request.csp_nonce }}"; the page cache renews it on every hit), the
# admin (/admin/) CONTENT_SECURITY_POLICY_ADMIN, looser where Wagtail's own templates
# need it. Each allowance below was found by tests/e2e/test_csp.py in Chromium.
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE


def _origin(url):
    """scheme://host[:port] of an absolute URL or bare domain; None for a path."""
    from urllib.parse import urlsplit

    if not url or url.startswith("/") and not url.startswith("//"):
        return None
    parts = urlsplit(url if "//" in url else f"https://{url}")
    return f"{parts.scheme or 'https'}://{parts.netloc}" if parts.netloc else None


# Where media (images, renditions) come from when they are not on the portal's own
# origin: object storage's custom domain or endpoint, an absolute MEDIA_URL, extras.
CSP_MEDIA_ORIGINS = sorted(
    {
        origin
        for origin in (
            _origin(MEDIA_URL),
            _origin(os.environ.get("MEDIA_S3_CUSTOM_DOMAIN", "")),
            _origin(os.environ.get("MEDIA_S3_ENDPOINT_URL", "")),
            *env_list("CSP_MEDIA_ORIGINS"),
        )
        if origin
    }
)
# Players that article videos (news' EmbedBlock, Wagtail embeds) may frame.
CSP_FRAME_ORIGINS = env_list(
    "CSP_FRAME_ORIGINS", "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com"
)
_CSP_COMMON = {
    "default-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],  # Wagtail's preview frames pages of the same origin
    "frame-src": [SELF, *CSP_FRAME_ORIGINS],
    "media-src": [SELF, *CSP_MEDIA_ORIGINS],
    "font-src": [SELF],
    "upgrade-insecure-requests": HTTPS,
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # style="width: 42%" on statistics bars (services); no <style> elements.
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, *CSP_MEDIA_ORIGINS],
        "connect-src": [SELF],
    },
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        # Wagtail's admin templates hold inline scripts (inline panels, date pickers,
        # workflow) and jQuery runs the inline scripts of chooser modals' responses;
        # vendor.js inserts <style> elements and components set style attributes:
        # none of them can carry a nonce.
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        # blob: the previews of images chosen for upload (images/multiple/add);
        # data: the GIF in Wagtail's core.css for jQuery UI menus (tag autocomplete).
        "img-src": [SELF, "data:", "blob:", *CSP_MEDIA_ORIGINS],
        # The dashboard's check for a newer Wagtail release (WAGTAIL_ENABLE_UPDATE_CHECK).
        "connect-src": [SELF, "https://releases.wagtail.org"],
    },
}
CSP_ADMIN_PATH_PREFIXES = ("/admin/",)
# No staff e-mail hashes sent to gravatar.com (and no third-party images in the admin):
# the admin shows Wagtail's default avatar unless a user uploads one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Powerful browser features no page of the network uses, off for the page and its frames.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


# E-mail (invitations, password resets, notifications): one EMAIL_URL, parsed by
# dj-email-url (its schemes and query parameters), plus two spellings it lacks:
#   smtp://user:pass@host:25          plain SMTP (port 25 unless given)
#   smtp+tls://user:pass@host:587     STARTTLS (port 587 unless given; dj-email-url's submission://)
#   smtps://user:pass@host:465        implicit TLS, "SSL" (port 465 unless given)
#   console://  (printed to the server's console)   dummy://  (dropped)   memory://  (kept in memory)
# with ?timeout=<seconds> (10 unless given, for SMTP), ?ssl=true / ?tls=true; the user and
# password are percent-encoded (an @ is %40). Unset: console:// (development).
EMAIL_URL_SCHEMES = ("smtp", "smtp+tls", "smtps", "submission", "console", "dummy", "memory")


def email_config(url):
    """Django's EMAIL_* settings for an EMAIL_URL; ImproperlyConfigured names what is wrong."""
    from urllib.parse import urlsplit, urlunsplit

    import dj_email_url
    from django.core.exceptions import ImproperlyConfigured

    if not url:
        url = "console://"
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in EMAIL_URL_SCHEMES:
            raise ValueError(f"unknown scheme {parts.scheme!r} (use one of: {', '.join(EMAIL_URL_SCHEMES)})")
        default_port = {"smtp": 25, "smtp+tls": 587, "submission": 587, "smtps": 465}.get(scheme)
        if scheme == "smtps":  # dj-email-url reads smtps as STARTTLS (deprecated there); here it is implicit TLS
            query = "&".join(q for q in (parts.query, "ssl=true") if q)
            parts = parts._replace(scheme="smtp", query=query)
        elif scheme == "smtp+tls":
            parts = parts._replace(scheme="submission")
        port = parts.port or default_port  # the library would give smtps (rewritten to smtp) port 25
        parsed = dj_email_url.parse(urlunsplit(parts))
    except ValueError as error:  # a bad scheme, port or timeout
        raise ImproperlyConfigured(f"EMAIL_URL is not a valid e-mail URL: {error}") from None
    if default_port and not parsed["EMAIL_HOST"]:
        raise ImproperlyConfigured(f"EMAIL_URL: {scheme}:// needs a host, e.g. {scheme}://user:password@mail.example.vn")
    config = {
        "EMAIL_BACKEND": parsed["EMAIL_BACKEND"],
        "EMAIL_HOST": parsed["EMAIL_HOST"] or "localhost",
        "EMAIL_PORT": port or 25,
        "EMAIL_HOST_USER": parsed["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": parsed["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_TLS": parsed["EMAIL_USE_TLS"],
        "EMAIL_USE_SSL": parsed["EMAIL_USE_SSL"],
        # A mail server that stops answering must not hold a request forever.
        "EMAIL_TIMEOUT": parsed["EMAIL_TIMEOUT"] or (10 if default_port else None),
    }
    # From addresses given in the URL (?_default_from_email=, ?_server_email=), if any.
    config.update({key: parsed[key] for key in ("DEFAULT_FROM_EMAIL", "SERVER_EMAIL") if key in parsed})
    return config


_email = email_config(os.environ.get("EMAIL_URL", ""))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
# The sender of every e-mail, and of error reports to ADMINS.
DEFAULT_FROM_EMAIL = (
    os.environ.get("DEFAULT_FROM_EMAIL") or _email.get("DEFAULT_FROM_EMAIL") or f"{WAGTAIL_SITE_NAME} <no-reply@{NETWORK_DOMAIN}>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL") or _email.get("SERVER_EMAIL") or DEFAULT_FROM_EMAIL

# Network oversight (sites/oversight.py): a portal is reminded at most once in this many days.
OVERSIGHT_REMINDER_DAYS = int(os.environ.get("OVERSIGHT_REMINDER_DAYS", "7"))
