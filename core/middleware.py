from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from core.errors import ApplicationError


class LanguageMiddleware:
    """Danish for every visitor, whatever the browser's ``Accept-Language`` says. Another language
    is an explicit choice through the language switch in the footer (Django's ``set_language``
    view, which stores it in the language cookie); then every label is in that language.

    It replaces Django's ``LocaleMiddleware``, which follows the browser: an English browser got
    English labels around the council's Danish content, and e-mails queued from its requests
    were written in English."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def chosen_language(request) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen and chosen in dict(settings.LANGUAGES) and translation.check_for_language(chosen):
            return chosen
        return settings.LANGUAGE_CODE

    def __call__(self, request):
        language = self.chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary_headers(response, ("Cookie",))  # the language comes from a cookie
        return response


class StemmeErrorMiddleware:
    """Turns an uncaught ApplicationError into a clear page instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ApplicationError):
            return render(request, "core/application_error.html", {"message": exception.message}, status=400)
        return None
