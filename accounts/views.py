from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp_webauthn.utils import get_credential_model

from accounts import codelogin, selectors, services
from accounts.codelogin import LoginAddress
from accounts.forms import EmailAuthenticationForm, LoginCodeForm, LoginCodeRequestForm, StemmePasswordResetForm
from accounts.models import LoginCode
from core import roster
from core.audit import audit
from core.forms import form_status
from core.links import site_root
from core.phone import format_danish_phone
from core.views import FormStatusMixin

#: The address a code was asked for in this browser, the page to go to after, and wrong tries.
SESSION_ADDRESS = "stemme_login_code_address"
SESSION_NEXT = "stemme_login_code_next"
SESSION_FAILURES = "stemme_login_code_failures"
#: The backend a session logged in by code records (django.contrib.auth.login needs one).
CODE_BACKEND = "django.contrib.auth.backends.ModelBackend"
LINK_BACKEND = "sesame.backends.ModelBackend"


@login_required
def home(request):
    """The logged-in start page: the councils this user has a role in (read from the roster that
    ``councils`` provides, ``core.roster``). One of the people of only one council (a member,
    substitute, guest) goes straight to that council's start page ("Hvad skal jeg nu?"); the
    secretariat, municipality staff and platform admins see the list."""
    source = roster.source()
    councils = source.councils_for_user(user=request.user)
    creates = request.user.is_superuser or request.user.municipalities.exists()
    if (len(councils) == 1 and not creates
            and source.person_ids_for_user(user=request.user, council=councils[0])):
        return redirect("councils:dashboard", councils[0].slug)
    return render(request, "accounts/home.html", {"councils": councils, "creates": creates})


class LoginView(FormStatusMixin, auth_views.LoginView):
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(FormStatusMixin, auth_views.PasswordResetView):
    form_class = StemmePasswordResetForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"request": self.request}


class PasswordResetConfirmView(FormStatusMixin, auth_views.PasswordResetConfirmView):
    pass


# --- Login by one-time code ---------------------------------------------------------------------

def _safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return ""


def _shown(address: LoginAddress) -> str:
    return address.value if address.is_email else format_danish_phone(address.value)


@never_cache
@require_http_methods(["GET", "POST"])
def code_request(request):
    """"Skriv din e-mail eller dit mobilnummer": a code is sent when a member has that address,
    and the answer is the same when nobody has it."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    sms = codelogin.directory().sms_available()
    form = LoginCodeRequestForm(request.POST or None, request=request, sms=sms)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["address"]
        services.login_code_request(address=address, base_url=site_root(request))
        request.session[SESSION_ADDRESS] = {"kind": address.kind, "value": address.value}
        request.session[SESSION_NEXT] = next_url
        request.session.pop(SESSION_FAILURES, None)
        return redirect("accounts:code_enter")
    return render(request, "accounts/code_request.html", {"form": form, "next": next_url, "sms": sms},
                  status=form_status(form))


@never_cache
@require_http_methods(["GET", "POST"])
def code_enter(request):
    """The code from the e-mail or SMS. After the last wrong try (counted on the code, and in this
    browser for an address with no code at all, so both look the same) a new code is needed."""
    stored = request.session.get(SESSION_ADDRESS)
    if not stored:
        return redirect("accounts:code_request")
    address = LoginAddress(stored["kind"], stored["value"])
    form = LoginCodeForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        failures = request.session.get(SESSION_FAILURES, 0)
        try:
            if failures >= LoginCode.max_failures():
                raise services.spent_error()
            user = services.login_code_verify(address=address, code=form.cleaned_data["code"])
        except services.LoginCodeRefused as refusal:
            if refusal.code == "wrong":
                request.session[SESSION_FAILURES] = failures = failures + 1
                if failures >= LoginCode.max_failures():  # as the code itself is spent after the last try
                    refusal = services.spent_error()
            refusal.add_to_form(form)
        else:
            next_url = request.session.get(SESSION_NEXT) or ""
            for key in (SESSION_ADDRESS, SESSION_NEXT, SESSION_FAILURES):
                request.session.pop(key, None)
            login(request, user, backend=CODE_BACKEND)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "accounts/code_enter.html", {
        "form": form, "address": _shown(address), "by_email": address.is_email,
        "minutes": services.valid_minutes()}, status=form_status(form))


@never_cache
@require_http_methods(["GET", "POST"])
def code_link(request, token):
    """The login link in the code's e-mail. Opening it shows a button; only the button (a POST)
    logs in and spends the link, so a mail program that opens links to check them spends nothing."""
    if request.method == "POST":
        user = services.login_link_use(token=token)
        if user is not None:
            for key in (SESSION_ADDRESS, SESSION_FAILURES):
                request.session.pop(key, None)
            next_url = request.session.pop(SESSION_NEXT, "")
            login(request, user, backend=LINK_BACKEND)
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    elif selectors.login_link_user(token) is not None:
        return render(request, "accounts/code_link.html")
    return render(request, "accounts/code_link_invalid.html", status=410)


# --- Passkeys ---------------------------------------------------------------------------------

@login_required
def security(request):
    """The user's passkeys: add one (the library's script and endpoints), see and remove them."""
    passkeys = selectors.passkeys_for_user(user=request.user)
    return render(request, "accounts/security.html", {"passkeys": passkeys})


@require_POST
@login_required
def passkey_delete(request, pk):
    credential = get_credential_model().objects.filter(user=request.user, pk=pk).first()
    if credential is None:
        raise Http404
    with transaction.atomic():
        audit(action="accounts.passkey.deleted", actor=request.user, obj=credential, after={"user": request.user.pk})
        credential.delete()
    messages.success(request, _("Adgangsnøglen er fjernet. Den kan ikke længere bruges til at logge ind."))
    return redirect(reverse("accounts:security"))
