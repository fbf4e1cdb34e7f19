from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from core.forms import form_status

if TYPE_CHECKING:
    from django.views.generic.edit import FormMixin

    _FormView = FormMixin
else:
    _FormView = object


class FormStatusMixin(_FormView):
    """For Django's class-based form views (login, password reset): a refused form answers with
    ``core.forms.form_status`` (400, or 429 when rate-limited) like every other Stemme view."""

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = form_status(form)
        return response


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
