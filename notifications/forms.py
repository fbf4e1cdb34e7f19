"""The citizens' sign-up form for e-mail alerts (the "Abonnér" page). Anyone may send it, so it
is a public form: honeypot and rate limit (``core.forms.PublicFormMixin``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PublicFormMixin, StemmeForm


class SubscribeForm(PublicFormMixin, StemmeForm):
    rate_limit_scope = "public.subscribe"

    email = forms.EmailField(
        label=_("Din e-mailadresse"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Skriv din e-mailadresse."),
                        "invalid": _("Skriv en e-mailadresse som fx navn@eksempel.dk.")})
    topics = forms.MultipleChoiceField(
        label=_("Hvad vil du have besked om?"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én slags nyheder.")})

    def __init__(self, *args: Any, topics: list[tuple[str, str]], **kwargs: Any) -> None:
        """``topics``: (key, label) of the topics the council offers, in order."""
        super().__init__(*args, **kwargs)
        field = self.fields["topics"]
        assert isinstance(field, forms.MultipleChoiceField)  # nosec B101  # the field declared just above (for mypy)
        field.choices = topics
        if not self.is_bound:
            self.initial.setdefault("topics", [key for key, _label in topics])
