from django.shortcuts import render

from core.errors import ApplicationError


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
