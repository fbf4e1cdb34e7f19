import logging
import sys
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

from core.errors import is_database_unavailable
from core.forms import form_status

if TYPE_CHECKING:
    from django.views.generic.edit import FormMixin

    _FormView = FormMixin
else:
    _FormView = object


logger = logging.getLogger("stemme.errors")

#: Seconds a client is told to wait before trying again when the database is unavailable.
RETRY_AFTER_SECONDS = 30


class FormStatusMixin(_FormView):
    """For Django's class-based form views (login, password reset): a refused form answers with
    ``core.forms.form_status`` (400, or 429 when rate-limited) like every other Stemme view."""

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = form_status(form)
        return response


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers: 200 when the database answers, else 503
    with ``"database": "unavailable"`` and the kind of error (never its message: it may name
    hosts or users). Bounded like every request by the connection timeouts (settings)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        logger.warning("Health check: the database is unavailable (%s)", type(error).__name__)
        response = JsonResponse({"status": "error", "database": "unavailable", "vendor": connection.vendor,
                                 "error": type(error).__name__}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
    response = JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})
    add_never_cache_headers(response)
    return response


def database_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """The 503 page for a request that failed because the database could not be reached or
    used (core.errors.is_database_unavailable). Rendered without the request's context: the
    context processors and the user would ask the database again. Nothing is cached, and
    ``Retry-After`` tells clients and proxies to come back shortly."""
    response = HttpResponse(render_to_string("503.html", {"site_name": settings.STEMME_SITE_NAME}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """``handler500``: an uncaught error anywhere, also in a middleware before the view (the
    session, the login). A database that is unavailable gets the 503 page; the rest Django's 500."""
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request, template_name=template_name)


def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The footer's language links (``/i18n/sprog/<code>/?next=…``): a plain GET, so a public page
    needs no form and no CSRF cookie for it. Stores the choice in the language cookie (read by
    core.middleware.LanguageMiddleware) and goes back to ``next`` when it is on this site, else to
    the front page. An unknown language changes nothing. Only a preference cookie is written, so a
    GET is safe; the redirect itself is never cached."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("public:landing")
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    add_never_cache_headers(response)
    return response
