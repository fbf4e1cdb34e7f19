from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core.forms import StemmeFormMixin


class EmailAuthenticationForm(StemmeFormMixin, AuthenticationForm):
    username = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email",
                                                                                   "autofocus": True}))
    error_messages = {
        "invalid_login": _("E-mail eller adgangskode er forkert. Prøv igen, eller brug “Glemt adgangskode”."),
        "inactive": _("Kontoen er lukket. Kontakt sekretariatet."),
    }
