"""Settings for Stemme, driven by environment variables.

Development defaults need nothing set. Production sets ``DJANGO_ENV=production`` plus the
variables documented in the README (``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``,
``EMAIL_HOST`` and the other SMTP settings, ``REDIS_URL``).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = os.environ["SECRET_KEY"]  # required: fail loudly when missing
else:
    SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-3c9f1a")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Stemme's apps come first so their templates (e.g. registration/*) win over the admin's.
INSTALLED_APPS = [
    "core",
    "accounts",
    "councils",
    "meetings",
    "hearings",
    "activities",
    "finance",
    "library",
    "reports",
    "privacy",
    "notifications",
    "public",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "config.apps.StaticFilesConfig",  # django.contrib.staticfiles, collecting less of node_modules
    "django.contrib.sitemaps",
    "django.forms",
    "django_htmx",
    "axes",
    "django_otp",  # one-time codes for members, TOTP for staff (accounts)
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",  # optional passkeys
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed here, after WhiteNoise (static files come precompressed; fonts and images must
    # not be gzipped on every request); a cached public page is stored compressed (core.publiccache).
    "django.middleware.gzip.GZipMiddleware",
    "core.publiccache.PublicCacheMiddleware",  # anonymous public pages from the cache; before the session
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified() after a second factor
    "core.middleware.PrivatePagesMiddleware",
    "accounts.mfa.StaffTOTPMiddleware",  # staff who logged in with a password give a TOTP code first
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.UploadLimitMiddleware",  # after CsrfViewMiddleware, which reads the body first
    "core.middleware.StemmeErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.stemme",
                "accounts.oidc.login_context",
            ],
        },
    },
]

FORM_RENDERER = "core.forms.StemmeFormRenderer"

WSGI_APPLICATION = "config.wsgi.application"

# --- Database -----------------------------------------------------------------------
# Embedded default: SQLite in WAL mode with a busy timeout and immediate transactions,
# so concurrent writers wait instead of failing. Production: PostgreSQL via DATABASE_URL.
# Connections outlive a request: SQLite's are kept DB_CONN_MAX_AGE seconds and checked before a
# request reuses one (opening one with its PRAGMAs cost 7.4 ms a request, a kept one 0.3 ms: /healthz
# in a WSGI loop). PostgreSQL uses psycopg's connection pool in each process instead (DB_POOL_MIN to
# DB_POOL_MAX connections, each checked when taken: CONN_HEALTH_CHECKS); Django allows a pool or
# persistent connections, not both, and DB_POOL=false chooses persistent connections (README
# "Running in production").
DB_CONN_MAX_AGE = int(env("DB_CONN_MAX_AGE", "600"))
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=DB_CONN_MAX_AGE,
                                                  conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend with a pool that fails fast while PostgreSQL is gone and starts afresh
        # when it is back (core/db/postgresql/base.py); a connection attempt gives up after
        # DB_CONNECT_TIMEOUT seconds (an unreachable host must not hold a request).
        DATABASES["default"]["ENGINE"] = "core.db.postgresql"
        DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}),
                                           "connect_timeout": int(env("DB_CONNECT_TIMEOUT", "5"))}
    if DATABASES["default"]["ENGINE"] == "core.db.postgresql" and env_bool("DB_POOL", True):
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "pool": {
            "min_size": int(env("DB_POOL_MIN", "1")),
            "max_size": int(env("DB_POOL_MAX", "8")),
            "timeout": int(env("DB_POOL_TIMEOUT", "10")),  # seconds a request waits for a free connection
        }}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "CONN_MAX_AGE": DB_CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "sesame.backends.ModelBackend",  # the one-time login link in a login-code e-mail (accounts.services)
    "django_otp_webauthn.backends.WebAuthnBackend",  # passkeys (/konto/sikkerhed/)
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:landing"
# Password reset and welcome links work for one day.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lock (django-axes, accounts/auth.py and accounts/lockout.py): 5 failures for one e-mail address from one IP, or
# 30 failures from one IP across addresses, lock for 15 minutes. The address is normalised
# (spaces, case) before axes and the login see it.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
STEMME_LOGIN_IP_FAILURE_LIMIT = int(env("STEMME_LOGIN_IP_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.auth.lockout_username"
AXES_HANDLER = "accounts.lockout.LoginLockHandler"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Login without a password (accounts/services.py, README "Log ind med en kode"): a 6-digit code by
# e-mail or SMS to a member's own address, valid 10 minutes and once; after 5 wrong tries it is
# spent, and django-otp makes each wrong try wait longer (factor seconds, doubled each time). The
# e-mail also has a one-time login link (django-sesame) valid as long as the code.
STEMME_LOGIN_CODE_VALID_SECONDS = int(env("STEMME_LOGIN_CODE_VALID_SECONDS", "600"))
STEMME_LOGIN_CODE_MAX_FAILURES = int(env("STEMME_LOGIN_CODE_MAX_FAILURES", "5"))
STEMME_LOGIN_CODE_THROTTLE_FACTOR = int(env("STEMME_LOGIN_CODE_THROTTLE_FACTOR", "1"))
SESAME_MAX_AGE = STEMME_LOGIN_CODE_VALID_SECONDS
SESAME_ONE_TIME = True

# The municipality's login for staff: OpenID Connect (accounts/oidc.py, mozilla-django-oidc; README
# "Log ind med kommunens login"). Off unless OIDC_RP_CLIENT_ID and OIDC_OP_ISSUER (or the endpoints) are set.
# With an issuer the endpoints come from its discovery document at the first login; an OIDC_OP_*
# endpoint set here wins over discovery. The provider registers <site>/konto/oidc/callback/ as the
# redirect URI and <site>/ as the address after logout.
OIDC_OP_ISSUER = env("OIDC_OP_ISSUER") or env("STEMME_OIDC_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT", "")  # the provider's end_session_endpoint
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT", "10"))
OIDC_VERIFY_SSL = True
OIDC_STORE_ID_TOKEN = True  # the hint for the provider's logout
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_OP_LOGOUT_URL_METHOD = "accounts.oidc.provider_logout_url"
# The claim that holds the person's e-mail (Entra ID: "upn" or "preferred_username"); the municipality
# by the address's domain ("albertslund.dk=albertslund,ishoj.dk=ishoej": domain=municipality slug)
# and/or by a groups claim ("STEMME_OIDC_GROUPS_CLAIM=groups", "g-raad-albertslund=albertslund,...").
STEMME_OIDC_EMAIL_CLAIM = env("STEMME_OIDC_EMAIL_CLAIM", "email")
STEMME_OIDC_DOMAINS = env("STEMME_OIDC_DOMAINS", "")
STEMME_OIDC_GROUPS_CLAIM = env("STEMME_OIDC_GROUPS_CLAIM", "")
STEMME_OIDC_GROUP_MUNICIPALITY = env("STEMME_OIDC_GROUP_MUNICIPALITY", "")
# false: municipality staff and platform admins can no longer log in with a local password (only
# while OIDC is configured, so nobody is locked out by a half-finished set-up); members keep theirs.
STEMME_STAFF_PASSWORD_LOGIN = env_bool("STEMME_STAFF_PASSWORD_LOGIN", True)
if OIDC_RP_CLIENT_ID and (OIDC_OP_ISSUER or OIDC_OP_AUTHORIZATION_ENDPOINT):
    AUTHENTICATION_BACKENDS.insert(AUTHENTICATION_BACKENDS.index("django.contrib.auth.backends.ModelBackend"),
                                   "accounts.oidc.StaffPasswordGate")
    AUTHENTICATION_BACKENDS.append("accounts.oidc.StaffOIDCBackend")
# A second factor (TOTP, accounts/mfa.py) for platform admins, secretariats and municipality staff who
# log in with a local password; on by default in production.
STEMME_REQUIRE_STAFF_TOTP = env_bool("STEMME_REQUIRE_STAFF_TOTP", PRODUCTION)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER") or env("STEMME_SITE_NAME", "Stemme")

# --- Language and time --------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# Dates as "15. december 2026" in text and "15.12.2026" in tables, in every language: the
# named formats in core/formats/<language>/formats.py (see core/formats/__init__.py).
FORMAT_MODULE_PATH = ["core.formats"]

# --- Static files: DKFDS, htmx and our own CSS, served by WhiteNoise ----------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
DKFDS = NODE_MODULES / "dkfds" / "dist"
# DKFDS' stylesheet is built by `make assets` (assets/build-css.mjs) with the Latin-1 subset fonts;
# its scripts, icons and those font files come from the package. Unused files of the packages are
# not collected (config.apps.StaticFilesConfig.ignore_patterns).
STATICFILES_DIRS = [
    ("dkfds", BASE_DIR / "assets" / "build" / "dkfds"),
    ("dkfds/js", DKFDS / "js"),
    ("dkfds/img", DKFDS / "img"),
    ("dkfds/fonts/IBMPlexSans/split", DKFDS / "fonts" / "IBMPlexSans" / "split"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("trix", NODE_MODULES / "trix" / "dist"),  # the annual report's section editor
]
# Everywhere (development, tests, production): collectstatic writes each file under a name with its
# content's hash plus .gz and .br copies; {% static %} links the hashed name, which WhiteNoise (or
# nginx, deploy/) serves with a year's immutable caching. A name missing from the manifest is an
# error (manifest_strict), so the suite and `make run` collect first (the Makefile does). With
# DEBUG, {% static %} links the plain names and WhiteNoise serves them fresh from the apps.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
WHITENOISE_MAX_AGE = 3600  # a file asked for by its plain name; hashed names are immutable for a year

# --- Mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.filebased.EmailBackend",
)
# Development: mail is written to files in sent-mail/ instead of sent (one file per connection:
# each round of the outbox worker, or each login e-mail, with its messages separated by dashes).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Stemme <stemme@localhost>")

# --- Uploads ------------------------------------------------------------------------
# One file may be STEMME_MAX_UPLOAD_BYTES. A larger request is refused unread by its Content-Length;
# a file past the limit inside an allowed request is stored no further and refused on its form
# (core.upload_limits). Files over FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, not
# memory. DATA_UPLOAD_MAX_MEMORY_SIZE limits the other form fields (Django's default). The
# reverse proxy's own limit: README.
STEMME_MAX_UPLOAD_BYTES = int(env("STEMME_MAX_UPLOAD_BYTES", str(15 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "core.upload_limits.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "core.upload_limits.DiskSafeTemporaryFileUploadHandler",  # Django's, but a full disk is a form error
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Rate limits for forms anyone can send (core.ratelimit) ----------------------------
# Rates per form and client address, e.g. {"public.idea": "20/h"}; the defaults are in
# core.ratelimit.DEFAULT_RATES. Behind a reverse proxy set STEMME_TRUSTED_PROXIES to the number
# of proxies that append to X-Forwarded-For (1 for one nginx), or every visitor shares one address.
STEMME_RATE_LIMITS: dict[str, str] = {}
STEMME_TRUSTED_PROXIES = int(env("STEMME_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"

# --- Cache --------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous public pages in Django's cache (core.publiccache), keyed by the council's public
# generation; an entry lives at most this long, so pages that change with the clock (the meeting
# plan's coming/held meetings, a call's deadline) lag by at most that.
STEMME_PUBLIC_CACHE = env_bool("STEMME_PUBLIC_CACHE", True)
STEMME_PUBLIC_CACHE_SECONDS = int(env("STEMME_PUBLIC_CACHE_SECONDS", "300"))
# Fragments of internal and personal pages in Django's cache (core.fragments), keyed by the council's
# content generation, which every audited write bumps on commit.
STEMME_FRAGMENT_CACHE = env_bool("STEMME_FRAGMENT_CACHE", True)

# --- Security -----------------------------------------------------------------------
# Content-Security-Policy of every HTML page (core.middleware.ContentSecurityPolicyMiddleware):
# no inline script or style anywhere; scripts and styles are static files (DKFDS, htmx, core/).
STEMME_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# --- Stemme -------------------------------------------------------------------------
STEMME_SITE_NAME = env("STEMME_SITE_NAME", "Stemme")
# The site's public address, used for links in e-mails, SMS and calendar files that are built
# outside a request (the outbox worker). Production must set it, e.g. https://raad.kommune.dk
STEMME_BASE_URL = env("STEMME_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
# SMS gateway: dotted path to a notifications.sms gateway class. The default leaves SMS on the
# secretariat's "send by SMS" list; notifications.sms.LoggingGateway only logs.
STEMME_SMS_GATEWAY = env("STEMME_SMS_GATEWAY", "notifications.sms.ManualGateway")
# notifications.sms.HttpSmsGateway: a provider's JSON API (POST {url}/messages with a bearer token),
# the sender number or name, and the secret its webhooks (/sms/status/, /sms/indgaaende/) are signed with.
STEMME_SMS_API_URL = env("STEMME_SMS_API_URL", "")
STEMME_SMS_API_TOKEN = env("STEMME_SMS_API_TOKEN", "")
STEMME_SMS_SENDER = env("STEMME_SMS_SENDER", "Stemme")
STEMME_SMS_TIMEOUT = float(env("STEMME_SMS_TIMEOUT", "10"))
STEMME_SMS_WEBHOOK_SECRET = env("STEMME_SMS_WEBHOOK_SECRET", "")
# The outbox: attempts before giving up, and the retry delay that doubles after each failure.
STEMME_OUTBOX_MAX_ATTEMPTS = int(env("STEMME_OUTBOX_MAX_ATTEMPTS", "8"))
STEMME_OUTBOX_BACKOFF_SECONDS = int(env("STEMME_OUTBOX_BACKOFF_SECONDS", "60"))
STEMME_OUTBOX_BACKOFF_MAX_SECONDS = int(env("STEMME_OUTBOX_BACKOFF_MAX_SECONDS", "21600"))
STEMME_OUTBOX_LEASE_SECONDS = int(env("STEMME_OUTBOX_LEASE_SECONDS", "300"))
# Quiet hours (notifications.quiet): no SMS leaves between these local times ("21-8": 21:00 to
# 08:00; "" switches it off). Reminders (action items) go this many days before the due date.
STEMME_SMS_QUIET_HOURS = env("STEMME_SMS_QUIET_HOURS", "21-8")
STEMME_TASK_REMINDER_DAYS = int(env("STEMME_TASK_REMINDER_DAYS", "2"))
# Printed letters (notifications.documents.letters_pdf): the number an invitation letter asks members
# to text "AFBUD" to (shown only when SMS replies work); and whether the batch is printed on both
# sides, so each letter starts on a new sheet (a blank page after an odd number of pages).
STEMME_SMS_REPLY_NUMBER = env("STEMME_SMS_REPLY_NUMBER", "")
STEMME_LETTERS_DUPLEX = env_bool("STEMME_LETTERS_DUPLEX", True)

# Passkeys (django-otp-webauthn): the relying party is the site itself, so a passkey works only at an
# https address (STEMME_BASE_URL) or, in development, at http://localhost (a browser's secure context;
# 127.0.0.1 is not accepted by the library). OTP_WEBAUTHN_ALLOWED_ORIGINS (comma-separated) overrides.
_PASSKEY_ORIGIN = (STEMME_BASE_URL if (STEMME_BASE_URL or "").startswith("https://")
                   else "http://localhost:" + (env("PORT", "8000") or "8000"))
OTP_WEBAUTHN_RP_NAME = STEMME_SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS") or [_PASSKEY_ORIGIN]
OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", OTP_WEBAUTHN_ALLOWED_ORIGINS[0].split("://", 1)[-1].split(":", 1)[0])
# The name a passkey carries: the user's e-mail or, for a member with only a phone, the number.
OTP_WEBAUTHN_HELPER_CLASS = "accounts.passkeys.PasskeyHelper"
