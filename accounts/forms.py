import logging

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from accounts.auth import normalise_email
from core.forms import PublicFormMixin, StemmeFormMixin
from core.mail import EmailMultiAlternatives

logger = logging.getLogger("stemme.accounts")


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


class StemmePasswordResetForm(PublicFormMixin, StemmeFormMixin, PasswordResetForm):
    """Django's reset form, rate-limited per client address (it sends mail to whatever address is
    typed) and sending through ``core.mail`` (a subject header every client reads)."""

    rate_limit_scope = "accounts.password_reset"
    honeypot_field = None

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        message = EmailMultiAlternatives(render_to_string(subject_template_name, context),
                                         render_to_string(email_template_name, context), from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(render_to_string(html_email_template_name, context), "text/html")
        try:
            message.send()
        except Exception:  # like Django: never tell the visitor whether the address has an account
            logger.exception("Failed to send password reset email to %s", context["user"].pk)
