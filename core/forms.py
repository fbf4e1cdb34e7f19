"""Form rendering with Det Fælles Designsystem (DKFDS) markup.

Every Stemme form inherits ``StemmeFormMixin``: widgets get DKFDS classes and ``{{ form }}``
renders through ``components/form.html`` and ``components/field.html`` (labels, hints,
errors tied to inputs with ``aria-describedby``)."""

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core import ratelimit
from core.fields import PUBLIC_TEXT_MAX_LENGTH  # noqa: F401 - forms import it from here

if TYPE_CHECKING:
    _Form = forms.BaseForm
else:
    _Form = object  # the mixins come before a form class, which gives them these attributes

TOO_LONG_MESSAGE = _("Teksten er for lang: højst %(limit_value)d tegn, og du har skrevet %(show_value)d. Gør den "
                     "kortere, og send igen – det, du har skrevet, står her stadig.")


class StemmeFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ReadabilityTextarea(forms.Textarea):
    """A textarea for text meant for members or the public: the readability meter (LIX, band,
    long sentences and words, plain-word suggestions; ``core.readability``) appears under it
    while the person types. The page script finds every element carrying ``data-readability``
    and asks the council's meter endpoint; without JavaScript it is a plain textarea."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"data-readability": "", **(attrs or {})})


class StemmeFormMixin(_Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        """Give every field's widget its DKFDS class. Idempotent: a form that adds fields after
        ``__init__`` calls it again."""
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-checkbox"
            elif isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                css = ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-input"
            if isinstance(widget, forms.DateInput) and not isinstance(widget, DateInput):
                field.widget = widget = DateInput(attrs=widget.attrs)
            if isinstance(widget, forms.DateTimeInput) and not isinstance(widget, DateTimeInput):
                field.widget = widget = DateTimeInput(attrs=widget.attrs)
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 5)
                # No maxlength on a text area: the browser would cut a pasted text silently. The
                # server refuses a too long text with TOO_LONG_MESSAGE and keeps it in the form.
                widget.attrs.pop("maxlength", None)
            if getattr(field, "max_length", None) is not None and "max_length" not in field.error_messages:
                field.error_messages["max_length"] = TOO_LONG_MESSAGE
            classes = widget.attrs.get("class", "").split()
            if css and css not in classes:
                widget.attrs["class"] = " ".join([*classes, css])


class PublicFormMixin(_Form):
    """For forms anyone can send without logging in: a rate limit per client address
    (``core.ratelimit``, scope ``rate_limit_scope``) and a honeypot field that people never see
    (``honeypot_field``; ``None`` for forms that are not citizen forms, such as password reset).

    Pass ``request=request``; without it the form is not limited (the same form used by a
    logged-in member). The view checks ``form.is_spam`` first: a robot that filled the honeypot
    gets the thank-you page and nothing is saved. The limit is counted only when the form is
    otherwise valid; a refusal is a non-field error with code ``rate_limited`` (``form_status``
    answers 429) and the form keeps everything typed."""

    rate_limit_scope: str = ""
    honeypot_field: str | None = "website"

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request
        if self.honeypot_field:
            self.fields[self.honeypot_field] = forms.CharField(
                label=_("Lad dette felt være tomt"), required=False,
                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "form-input"}))

    @property
    def is_spam(self) -> bool:
        return bool(self.honeypot_field and self.is_bound and (self.data.get(self.honeypot_field) or "").strip())

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())  # a Form's clean() returns cleaned_data
        if self.honeypot_field:
            data.pop(self.honeypot_field, None)  # never passed on to a service
        if self.request is not None and self.rate_limit_scope and not self.errors:
            try:
                ratelimit.hit(self.request, self.rate_limit_scope)
            except ratelimit.RateLimited as refusal:
                raise ValidationError(refusal.form_message, code=ratelimit.RATE_LIMITED_CODE) from None
        return data


class StemmeForm(StemmeFormMixin, forms.Form):
    pass


class StemmeModelForm(StemmeFormMixin, forms.ModelForm):
    pass


# --- The status of a page with a refused form --------------------------------------------------
# One choice for every view: a form that is refused answers 400 with the errors on the page
# and everything the user typed kept. htmx is told (base.html, meta "htmx-config") to swap 400
# responses like 200, so an htmx form shows its errors in place. A refusal by rate limit
# answers 429 (core.ratelimit), with the form and its input kept the same way.

FORM_REFUSED_STATUS = 400
RATE_LIMITED_STATUS = 429


def form_status(*forms: forms.BaseForm | None) -> int:
    """200, or 400 when one of the (bound) forms has errors, or 429 when one was refused by a rate
    limit. ``None`` entries are skipped, so ``form_status(form_a, form_b or None)`` works."""
    refused = [form for form in forms if form is not None and form.is_bound and form.errors]
    if any(form.has_error(NON_FIELD_ERRORS, ratelimit.RATE_LIMITED_CODE) for form in refused):
        return RATE_LIMITED_STATUS
    return FORM_REFUSED_STATUS if refused else 200
