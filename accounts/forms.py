import logging

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from accounts import codelogin
from accounts.auth import normalise_email
from core import ratelimit
from core.forms import PublicFormMixin, StemmeFormMixin
from core.mail import EmailMultiAlternatives

logger = logging.getLogger("stemme.accounts")


class LoginEmailField(forms.EmailField):
    """The login address in its one spelling (``accounts.auth.normalise_email``)."""

    def to_python(self, value):
        return normalise_email(super().to_python(value))


class EmailAuthenticationForm(StemmeFormMixin, AuthenticationForm):
    # No autofocus: the login page leads with the code for members; the keyboard waits for a tap.
    username = LoginEmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
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


class LoginCodeRequestForm(PublicFormMixin, StemmeFormMixin, forms.Form):
    """"Skriv din e-mail eller dit mobilnummer": the address a code goes to. Rate-limited per
    client (``accounts.login_code``) and, once valid, per address typed
    (``accounts.login_code_address``, whoever asks): both answer alike for known and unknown
    addresses. ``cleaned_data["address"]`` is an ``accounts.codelogin.LoginAddress``."""

    rate_limit_scope = "accounts.login_code"
    honeypot_field = None

    address = forms.CharField(
        label=_("Din e-mail eller dit mobilnummer"), max_length=254,
        help_text=_("Den, rådets sekretariat har fået af dig. Vi sender koden dertil."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "spellcheck": "false",
                                      "autocapitalize": "none"}))

    def __init__(self, *args, sms: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not sms:  # without an SMS gateway a code can only go by e-mail
            self.fields["address"].label = _("Din e-mail")
            self.fields["address"].widget.input_type = "email"
            self.fields["address"].widget.attrs["autocomplete"] = "email"
        self.sms = sms

    def clean_address(self):
        address = codelogin.parse_login_address(self.cleaned_data["address"])
        if not address.is_email and not self.sms:
            raise forms.ValidationError(_("Koden kan kun sendes på e-mail. Skriv din e-mail."), code="no_sms")
        return address

    def clean(self):
        data = super().clean()
        if self.request is not None and not self.errors:
            try:
                ratelimit.hit(None, "accounts.login_code_address", key=data["address"].value)
            except ratelimit.RateLimited as refusal:
                raise forms.ValidationError(refusal.form_message, code=ratelimit.RATE_LIMITED_CODE) from None
        return data


class LoginCodeForm(PublicFormMixin, StemmeFormMixin, forms.Form):
    """The code from the e-mail or SMS: six digits, spaces allowed."""

    rate_limit_scope = "accounts.login_code_verify"
    honeypot_field = None

    code = forms.CharField(
        label=_("Kode"), max_length=20, help_text=_("6 cifre."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
                                      "class": "input-width-xs"}))

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError(_("Koden har 6 cifre. Skriv dem, som de står i beskeden."), code="format")
        return code
