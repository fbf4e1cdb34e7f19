from typing import TYPE_CHECKING

from django import forms
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

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
