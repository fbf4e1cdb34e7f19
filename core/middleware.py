import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from core import upload_limits
from core.errors import ApplicationError, is_database_unavailable
from core.ratelimit import RateLimited

logger = logging.getLogger("stemme.errors")

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class LanguageMiddleware:
    """Danish for every visitor, whatever the browser's ``Accept-Language`` says. Another language
    is an explicit choice through the language switch in the footer (Django's ``set_language``
    view, which stores it in the language cookie); then every label is in that language.

    It replaces Django's ``LocaleMiddleware``, which follows the browser: an English browser got
    English labels around the council's Danish content, and e-mails queued from its requests
    were written in English."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    @staticmethod
    def chosen_language(request: HttpRequest) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen and chosen in dict(settings.LANGUAGES) and translation.check_for_language(chosen):
            return chosen
        return settings.LANGUAGE_CODE

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # For this request only: the thread goes back to its language afterwards, so nothing done
        # later in the same thread (the worker, another request, a test) inherits a visitor's choice.
        with translation.override(self.chosen_language(request)):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))  # the language comes from a cookie
        return response


class StemmeErrorMiddleware:
    """Turns an uncaught ApplicationError into a clear page instead of a server error (400), a
    rate limit reached outside a form (core.ratelimit.RateLimited) into the 429 page, and a
    database that cannot be reached (core.errors.is_database_unavailable) into the 503 page.
    A database error raised before the view (in the session or login middleware) reaches
    ``handler500`` (core.views.server_error), which answers the same 503."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RateLimited):
            response = render(request, "429.html", {"message": exception.message}, status=429)
            response["Retry-After"] = str(exception.retry_after)
            return response
        if isinstance(exception, ApplicationError):
            return render(request, "core/application_error.html", {"message": exception.message}, status=400)
        if is_database_unavailable(exception):
            from core.views import database_unavailable

            logger.error("Database unavailable during %s %s", request.method, request.path, exc_info=exception)
            return database_unavailable(request)
        return None


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy of every HTML page, built once from ``STEMME_CSP`` (settings):
    scripts and styles only from Stemme's own static files, no inline script or style, no
    framing, forms only to Stemme itself.

    Stemme's own middleware rather than django-csp: the policy is one constant header with no
    nonces and no per-view changes, so a package would add configuration without adding
    anything Stemme uses; Django 6's built-in CSP can replace this class on upgrade. It is set
    on HTML only: PDF, calendar and JSON responses run no scripts, and a policy on a PDF can
    stop the browser's own viewer."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.header = "; ".join(f"{directive} {' '.join(sources)}".strip()
                                for directive, sources in settings.STEMME_CSP.items())

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", self.header)
        return response


INTERNAL_PATH = re.compile(r"^/(konto|django-admin|raad)/|^/[^/]+/intern/")


class PrivatePagesMiddleware:
    """``Cache-Control: private, no-store`` on every internal page (``/<slug>/intern/``, ``/konto/``,
    the admin) and on every page a logged-in user gets (it carries their name), so no shared cache
    or browser history keeps a copy. Public pages for anonymous visitors are left to their views."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if INTERNAL_PATH.match(request.path_info) or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ("Cookie",))
        return response


class UploadLimitMiddleware:
    """Refuses an upload that is too large before its body is read, by its Content-Length
    (core.upload_limits). A file that streamed past the limit within an allowed body was cut
    off by the size handler; here it gets back its real size, so the form refuses it with a
    message naming the file while the other fields are kept. Must come after
    ``CsrfViewMiddleware`` (the first to read the body)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if upload_limits.is_multipart(request) and upload_limits.declared_too_large(request):
            return self.refuse(request)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., HttpResponseBase],
                     view_args: tuple[Any, ...], view_kwargs: dict[str, Any]) -> None:
        if upload_limits.is_multipart(request):
            files = request.FILES  # parsed now (if CSRF did not already), through the size handler
            for field, size in (getattr(request, "upload_sizes", None) or {}).items():
                for upload in files.getlist(field):
                    upload.size = max(upload.size, size)
        return None

    @staticmethod
    def refuse(request: HttpRequest) -> HttpResponse:
        limit = upload_limits.format_megabytes(settings.STEMME_MAX_UPLOAD_BYTES)
        return render(request, "413.html", {"limit": limit}, status=413)
