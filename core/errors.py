"""The one application error type. Services raise it with a translated, user-facing message;
views turn it into a form error or a message, and the middleware into an error page."""

from django.core.exceptions import ValidationError


class ApplicationError(Exception):
    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code

    def add_to_form(self, form) -> None:
        field = self.field if self.field in getattr(form, "fields", {}) else None
        form.add_error(field, ValidationError(self.message, code=self.code))
