from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.auth import normalise_email
from core.forms import StemmeFormMixin


class LoginEmailField(forms.EmailField):
    """The login address in its one spelling (``accounts.auth.normalise_email``)."""

    def to_python(self, value):
        return normalise_email(super().to_python(value))


class EmailAuthenticationForm(StemmeFormMixin, AuthenticationForm):
    username = LoginEmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                                                  "autofocus": True}))
    error_messages = {
        "invalid_login": _("E-mail eller adgangskode er forkert. Prøv igen, eller brug “Glemt adgangskode”."),
        "inactive": _("Kontoen er lukket. Kontakt sekretariatet."),
    }
