"""Settings of the test OpenID Connect provider: a separate Django project that Stemme's OIDC tests
start on loopback (accounts/tests/test_oidc.py). Everything comes from the environment the test
gives it: the port, the SQLite file in a temporary directory."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
PORT = os.environ["IDP_PORT"]
SITE_URL = f"http://127.0.0.1:{PORT}"  # the issuer is SITE_URL + "/openid"

SECRET_KEY = "test-provider-only-" + PORT
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                       "django.contrib.auth.context_processors.auth"]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["IDP_DATABASE"]}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True

# Stemme's test server and this provider both run on loopback: their own cookie names keep the two
# sessions apart even when a browser sees both on one host.
SESSION_COOKIE_NAME = "idp_session"
CSRF_COOKIE_NAME = "idp_csrftoken"
LOGIN_URL = "/login/"

OIDC_USERINFO = "claims.userinfo"
OIDC_EXTRA_SCOPE_CLAIMS = "claims.GroupsClaims"
OIDC_IDTOKEN_EXPIRE = 300

LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "WARNING"}}
