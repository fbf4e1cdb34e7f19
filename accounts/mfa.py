"""A second factor (TOTP) for staff who log in with a local password.

Platform admins, the secretariat of any council and municipality staff (``accounts.staff``) who
logged in with a local password (or a one-time code by e-mail: one factor too) must also give a
code from an authenticator app before any other page, when ``STEMME_REQUIRE_STAFF_TOTP`` is on (the
default in production). Members are never asked; nor is a session from the municipality's login
(``accounts.oidc``: the provider does its own second factor) or one already verified by django-otp
(a passkey).

``StaffTOTPMiddleware`` (after django-otp's ``OTPMiddleware``) sends such a user to
``/konto/totp/`` (enter a code) or, without a confirmed device, to ``/konto/totp/opret/`` (scan a
QR code of the ``otpauth://`` address or type the key, and confirm with a first code). Only those
pages, logging out, the municipality's login and static files are open until then.

Devices are django-otp's ``TOTPDevice`` (no model of our own); a code is checked by the device, which
refuses a code used before and throttles wrong codes (an exponential wait after each). Every
confirmation, verification and refusal is audited. A lost phone: a platform admin deletes the
person's device in the Django admin, and the next login sets up a new one."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.http import urlencode as django_urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import oidc, staff
from core.audit import audit
from core.forms import StemmeForm, form_status

SETUP_SESSION_KEY = "stemme_totp_setup"  # the id of the device being set up in this session
DEVICE_NAME = "Stemme"


# --- Who must give a code ---------------------------------------------------------------------

def required(request: HttpRequest) -> bool:
    """Must this request's user give a TOTP code before going on?"""
    if not settings.STEMME_REQUIRE_STAFF_TOTP:
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if getattr(user, "is_verified", lambda: False)() or request.session.get(oidc.SESSION_KEY):
        return False
    return staff.needs_second_factor(user)


def has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


# --- Services ---------------------------------------------------------------------------------

class Outcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class Check:
    outcome: Outcome
    locked_until: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


def _device_facts(device: TOTPDevice) -> dict[str, Any]:
    return {"device_id": device.pk, "name": device.name}  # never the key


@transaction.atomic
def totp_setup_device(*, user: Any, device_id: int | None = None) -> TOTPDevice:
    """The unconfirmed device this session is setting up (``device_id``), or a new one. Other
    unconfirmed devices of the user are deleted: a key shown in another session (perhaps to someone
    who had the password) is never offered again."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, pk=device_id).first() if device_id else None
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _check(device: TOTPDevice, token: str) -> Check:
    allowed, info = device.verify_is_allowed()
    if not allowed:
        reason = (info or {}).get("reason")
        return Check(Outcome.THROTTLED if reason == VerifyNotAllowed.N_FAILED_ATTEMPTS else Outcome.WRONG,
                     (info or {}).get("locked_until"))
    if device.verify_token(token):
        return Check(Outcome.OK)
    allowed, info = device.verify_is_allowed()
    return Check(Outcome.WRONG, None if allowed else (info or {}).get("locked_until"))


def totp_setup_confirm(*, request: HttpRequest, device_id: int, token: str) -> Check:
    """Confirm the device being set up with its first code; on success the session is verified."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(
            user=request.user, confirmed=False, pk=device_id).first()
        if device is None:
            return Check(Outcome.WRONG)
        result = _check(device, token)
        if result.ok:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        audit(action="accounts.totp.confirmed" if result.ok else "accounts.totp.refused", actor=request.user,
              obj=device, after={**_device_facts(device), "outcome": result.outcome.value, "step": "setup"})
    if result.ok:
        otp_login(request, device)
        request.session.pop(SETUP_SESSION_KEY, None)
    return result


def totp_verify(*, request: HttpRequest, token: str) -> Check:
    """Check a code against the user's confirmed devices; on success the session is verified."""
    with transaction.atomic():
        devices = list(TOTPDevice.objects.select_for_update().filter(user=request.user, confirmed=True)
                       .order_by("pk"))
        result = Check(Outcome.WRONG)
        for device in devices:
            result = _check(device, token)
            if result.ok:
                break
        device_facts = _device_facts(device) if devices else {}
        audit(action="accounts.totp.verified" if result.ok else "accounts.totp.refused", actor=request.user,
              obj=device if devices else None,
              after={**device_facts, "outcome": result.outcome.value, "step": "verify"})
    if result.ok:
        otp_login(request, device)
    return result


# --- Views ------------------------------------------------------------------------------------

class CodeForm(StemmeForm):
    code = forms.CharField(
        label=gettext_lazy("Kode fra appen"), max_length=12,
        help_text=gettext_lazy("6 cifre. Koden skifter hvert 30. sekund."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "pattern": "[0-9 ]*", "autofocus": True}))

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Skriv de 6 cifre, appen viser lige nu."))
        return code

    def refuse(self, result: Check) -> None:
        if result.outcome is Outcome.THROTTLED or result.locked_until:
            message = _("For mange forkerte koder. Vent lidt, og prøv igen med den kode, appen viser.")
        else:
            message = _("Koden passer ikke. Skriv den kode, appen viser lige nu – den skifter hvert 30. sekund.")
        self.add_error("code", message)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{django_urlencode({'next': next_url})}"


def qr_svg(uri: str) -> str:
    """The otpauth:// address as an inline SVG QR code (segno), sized by CSS."""
    return segno.make(uri, error="m", micro=False).svg_inline(scale=1, border=4, omitsize=True,
                                                              svgclass="stemme-totp-qr-code")


def grouped_secret(device: TOTPDevice) -> str:
    """The key as an app asks for it (base32), in groups of four for typing."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@login_required
def totp_setup(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if not required(request):
        return HttpResponseRedirect(next_url)
    if has_confirmed_device(request.user):  # a second device needs the first one's code
        return HttpResponseRedirect(_with_next("accounts:totp_verify", next_url))
    device = totp_setup_device(user=request.user, device_id=request.session.get(SETUP_SESSION_KEY))
    request.session[SETUP_SESSION_KEY] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = totp_setup_confirm(request=request, device_id=device.pk, token=form.cleaned_data["code"])
        if result.ok:
            return HttpResponseRedirect(next_url)
        form.refuse(result)
    qr = format_html('<div class="stemme-totp-qr" role="img" aria-label="{}">{}</div>',
                     _("QR-kode til din app. Kan du ikke scanne den, så skriv nøglen nedenfor."),
                     mark_safe(qr_svg(device.config_url)))  # nosec B308 B703  # noqa: S308 – segno's SVG of our own address
    return render(request, "accounts/mfa_setup.html",
                  {"form": form, "qr": qr, "secret": grouped_secret(device), "next": next_url},
                  status=form_status(form))


@login_required
def totp_verify_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if not required(request):
        return HttpResponseRedirect(next_url)
    if not has_confirmed_device(request.user):
        return HttpResponseRedirect(_with_next("accounts:totp_setup", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = totp_verify(request=request, token=form.cleaned_data["code"])
        if result.ok:
            return HttpResponseRedirect(next_url)
        form.refuse(result)
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url},
                  status=form_status(form))


# --- Middleware -------------------------------------------------------------------------------

class StaffTOTPMiddleware:
    """Sends staff who owe a TOTP code to the TOTP pages before any other page (see the module).
    Must come after django-otp's ``OTPMiddleware``."""

    OPEN_URL_NAMES = ("accounts:totp_verify", "accounts:totp_setup", "accounts:logout", "accounts:oidc_logout",
                      "accounts:oidc_start", "accounts:oidc_callback")

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths: frozenset[str] | None = None  # reversed at the first request (the URLconf is ready then)

    def _open(self, path: str) -> bool:
        if path.startswith(settings.STATIC_URL) or path == "/healthz":
            return True
        if self.open_paths is None:
            self.open_paths = frozenset(reverse(name) for name in self.OPEN_URL_NAMES)
        return path in self.open_paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.STEMME_REQUIRE_STAFF_TOTP or self._open(request.path_info) or not required(request):
            return self.get_response(request)
        target = "accounts:totp_verify" if has_confirmed_device(request.user) else "accounts:totp_setup"
        next_url = request.get_full_path() if request.method == "GET" else resolve_url(settings.LOGIN_REDIRECT_URL)
        url = _with_next(target, next_url)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
