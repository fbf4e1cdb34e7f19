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


def validate_field(model, field: str, value):
    """Run a model field's validators (the CPR guard, the length) on a value before it is
    stored, turning a failure into an ApplicationError on that field."""
    try:
        model._meta.get_field(field).run_validators(value)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field=field) from None
    return value
