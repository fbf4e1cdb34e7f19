"""The municipality's login for staff: OpenID Connect with mozilla-django-oidc.

Configured from the environment (config/settings.py, README "Log ind med kommunens login"): the
issuer ``OIDC_OP_ISSUER``, whose discovery document (``/.well-known/openid-configuration``) gives
the endpoints, or the ``OIDC_OP_*`` endpoints themselves; the client ``OIDC_RP_CLIENT_ID`` and
``OIDC_RP_CLIENT_SECRET``. Without a client id and an issuer (or an authorisation endpoint) it is
off: no button on the login page, no backend, and its addresses answer 404.

Who gets in: the e-mail claim (``STEMME_OIDC_EMAIL_CLAIM``) names the account, matched the way the
password login matches it (``accounts.auth.normalise_email``); a first login creates it. The address's
domain (``STEMME_OIDC_DOMAINS``: "albertslund.dk=albertslund") or a group in the groups claim
(``STEMME_OIDC_GROUPS_CLAIM`` with ``STEMME_OIDC_GROUP_MUNICIPALITY``: "group=albertslund") names the
municipality, and the person joins its staff (``accounts.staff``: ``councils`` does the writing). A
person whom neither maps to an existing municipality is refused, with a Danish message on the login page.

What the library leaves to us and is done here:

* the ID token's audience and issuer are checked (mozilla-django-oidc 5 checks only the signature and
  the nonce): a token the provider issued to another client is refused;
* endpoints come from discovery, lazily, at the first login (never at startup: a provider that is
  down must not stop the site or the password login), cached for a day;
* the callback calls the backend itself, not ``django.contrib.auth.authenticate``: the login lock
  (django-axes) neither blocks nor counts the municipality's login, which has its own protection;
* refusals become a clear message on the login page instead of a bare redirect or a 400;
* the session remembers that it came through OIDC (``SESSION_KEY``): the provider did the second
  factor, so ``accounts.mfa`` does not ask for TOTP, and logging out ends the provider's session too
  (its ``end_session_endpoint``, when it has one).

``STEMME_STAFF_PASSWORD_LOGIN=false`` (once OIDC works) closes the local password to municipality
staff and platform admins (``StaffPasswordGate``); members keep theirs.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.http import urlencode as django_urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
    get_next_url,
)

from accounts import staff
from accounts.auth import normalise_email
from core.audit import audit

logger = logging.getLogger("stemme.accounts")

#: Set in the session of a login through the municipality's login.
SESSION_KEY = "stemme_oidc"
BACKEND = "accounts.oidc.StaffOIDCBackend"
DISCOVERY_MAX_AGE = 24 * 60 * 60
CLOCK_SKEW_SECONDS = 60

# discovery name -> the setting that gives it directly (and wins over discovery)
ENDPOINT_SETTINGS = {
    "authorization_endpoint": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "OIDC_OP_TOKEN_ENDPOINT",  # nosec B105  # the name of a setting, not a password
    "userinfo_endpoint": "OIDC_OP_USER_ENDPOINT",
    "jwks_uri": "OIDC_OP_JWKS_ENDPOINT",
    "end_session_endpoint": "OIDC_OP_LOGOUT_ENDPOINT",
}

REFUSALS = {
    "unmapped": _("Din e-mailadresse hører ikke til en kommune, der bruger Stemme. "
                  "Kontakt sekretariatet, hvis du skal have adgang."),
    "no_email": _("Kommunens login sendte ikke din e-mailadresse, så Stemme kan ikke finde din konto. "
                  "Kontakt kommunens it-afdeling."),
    "invalid": _("Stemme kunne ikke bekræfte dit login fra kommunen. Prøv igen. "
                 "Sker det igen, så kontakt sekretariatet."),
    "unavailable": _("Kommunens login svarer ikke lige nu. Prøv igen om lidt, eller brug din adgangskode."),
    "cancelled": _("Du blev ikke logget ind med kommunens login. Prøv igen."),
    "expired": _("Login med kommunens login tog for lang tid eller blev startet i et andet vindue. Prøv igen."),
    "inactive": _("Kontoen er lukket. Kontakt sekretariatet."),
}
PASSWORD_REFUSED = _("Du er medarbejder i kommunen: Brug kommunens login (knappen “Log ind med kommunens "
                     "login”). Adgangskoden bruges ikke længere til medarbejdere.")


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be fetched or does not fit the issuer."""


class Refusal(Exception):
    """A login the municipality's login vouched for, but Stemme refuses (``REFUSALS[code]``)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


# --- Configuration ---------------------------------------------------------------------------

def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and (settings.OIDC_OP_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT))


def parse_pairs(value: str | dict[str, str] | None) -> dict[str, str]:
    """ "albertslund.dk=albertslund, ishoj.dk=ishoej" -> {"albertslund.dk": "albertslund", ...};
    keys lower-cased (domains and group names are matched without regard to case)."""
    if isinstance(value, dict):
        items = list(value.items())
    else:
        items = [(part.partition("=")[0], part.partition("=")[2]) for part in (value or "").split(",") if "=" in part]
    return {key.strip().lower(): slug.strip() for key, slug in items if key.strip() and slug.strip()}


_discovered: dict[str, tuple[float, dict[str, Any]]] = {}


def _discovery(issuer: str) -> dict[str, Any]:
    cached = _discovered.get(issuer)
    if cached and time.monotonic() - cached[0] < DISCOVERY_MAX_AGE:
        return cached[1]
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"Discovery at {url} failed: {error}") from error
    if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise ProviderUnavailable(f"The discovery document at {url} names another issuer")
    _discovered[issuer] = (time.monotonic(), document)
    return document


def provider() -> dict[str, Any]:
    """The provider's endpoints and issuer: the ``OIDC_OP_*`` settings, else discovery."""
    issuer = settings.OIDC_OP_ISSUER
    document = _discovery(issuer) if issuer else {}
    config = {name: getattr(settings, setting, "") or document.get(name, "")
              for name, setting in ENDPOINT_SETTINGS.items()}
    config["issuer"] = document.get("issuer", issuer)
    return config


def endpoint(name: str) -> str:
    url = provider()[name]
    if not url:
        raise ImproperlyConfigured(f"OpenID Connect: no {name} (set {ENDPOINT_SETTINGS[name]} or OIDC_OP_ISSUER)")
    return url


def login_context(request) -> dict[str, Any]:
    """Context processor: ``oidc_login.enabled`` for the login page's button (accounts/_login_oidc.html)
    and ``oidc_login.logout_url`` for the header's "Log ud" form (looked up only when a page uses it)."""
    return {"oidc_login": {"enabled": enabled(), "logout_url": lambda: logout_action(request)}}


# --- Who the claims name ---------------------------------------------------------------------

def email_from_claims(claims: dict[str, Any]) -> str:
    email = normalise_email(str(claims.get(str(settings.STEMME_OIDC_EMAIL_CLAIM)) or ""))
    try:
        validate_email(email)
    except ValidationError:
        raise Refusal("no_email", f"claim {settings.STEMME_OIDC_EMAIL_CLAIM!r} missing or not an address") from None
    if claims.get("email_verified") is False and settings.STEMME_OIDC_EMAIL_CLAIM == "email":
        raise Refusal("no_email", "the provider says the address is not verified")
    return email


def name_from_claims(claims: dict[str, Any]) -> str:
    name = claims.get("name") or " ".join(str(claims.get(part) or "") for part in ("given_name", "family_name"))
    return " ".join(str(name).split())[:150]


def municipality_slugs(*, email: str, claims: dict[str, Any]) -> list[str]:
    """The municipalities the claims name: by the address's domain and by groups (either is enough)."""
    slugs = set()
    domain = email.rpartition("@")[2]
    by_domain = parse_pairs(settings.STEMME_OIDC_DOMAINS)
    if domain in by_domain:
        slugs.add(by_domain[domain])
    if settings.STEMME_OIDC_GROUPS_CLAIM:
        groups = claims.get(settings.STEMME_OIDC_GROUPS_CLAIM) or []
        if isinstance(groups, str):
            groups = [groups]
        by_group = parse_pairs(settings.STEMME_OIDC_GROUP_MUNICIPALITY)
        slugs |= {by_group[str(group).lower()] for group in groups if str(group).lower() in by_group}
    return sorted(slugs)


# --- The backend ------------------------------------------------------------------------------

class StaffOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, with the audience and issuer checked, the account matched by the
    e-mail claim and the person put in their municipality's staff. Only the callback
    (``CallbackView``) calls it; the endpoints are looked up then, not when Django builds the backend
    list for every login."""

    def __init__(self, *args, **kwargs):  # no network here: see the class docstring
        self.UserModel = get_user_model()
        self.id_token = None

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: endpoint("token_endpoint"))
    OIDC_OP_USER_ENDPOINT = property(lambda self: provider()["userinfo_endpoint"])
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: endpoint("jwks_uri"))
    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = property(lambda self: getattr(settings, "OIDC_RP_IDP_SIGN_KEY", None))

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not enabled():
            return None  # a password login, or the municipality's login is off
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """The signature (with the one configured algorithm), and what the library leaves out: the
        audience is this client (and, with several audiences, the authorised party is too), the
        issuer is the configured provider, the token has not expired."""
        try:
            alg = jwt.get_unverified_header(payload).get("alg")
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"Not a JWT: {error}") from error
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"The provider's algorithm {alg!r} is not OIDC_RP_SIGN_ALGO")
        issuer = provider()["issuer"] or None
        try:
            claims = jwt.decode(payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
                                issuer=issuer, leeway=CLOCK_SKEW_SECONDS, options={"require": ["aud"]})
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"Token refused: {error}") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("Token refused: issued to another authorised party")
        return claims

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs and not (payload.get("sub") and payload.get("exp")):
            raise SuspiciousOperation("ID token refused: no sub or exp")
        return payload

    def store_tokens(self, access_token, id_token):
        self.id_token = id_token
        super().store_tokens(access_token, id_token)

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo endpoint's on top (a groups claim may be in either)."""
        userinfo = super().get_userinfo(access_token, id_token, payload) if self.OIDC_OP_USER_ENDPOINT else {}
        if "sub" in userinfo and userinfo["sub"] != payload.get("sub"):
            raise SuspiciousOperation("Userinfo is about another subject than the ID token")
        return {**payload, **userinfo}

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=email_from_claims(claims))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        email = email_from_claims(claims)
        slugs = municipality_slugs(email=email, claims=claims)
        if not slugs:
            raise Refusal("unmapped", email.rpartition("@")[2])
        with transaction.atomic():
            users = list(self.filter_users_by_claims(claims))
            if len(users) > 1:
                raise SuspiciousOperation("Several accounts have this address")
            user = self.update_user(users[0], claims) if users else self.create_user(claims)
            if not staff.municipality_staff_add(user=user, slugs=slugs):
                raise Refusal("unmapped", f"no municipality {slugs}")  # rolls a new account back
        return user

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(email=email_from_claims(claims), password=None,
                                                  name=name_from_claims(claims))
        audit(action="accounts.user.created", actor=user, obj=user,
              after={"email": user.email, "name": user.name, "via": "oidc"})
        return user

    def update_user(self, user, claims):
        name = name_from_claims(claims)
        if name and not user.name:
            user.name = name
            user.save(update_fields=["name"])
        return user


# --- Views ------------------------------------------------------------------------------------

def _refuse(request, code: str, *, next_url: str | None = None) -> HttpResponseRedirect:
    messages.error(request, REFUSALS[code])
    next_url = next_url or request.session.get("oidc_login_next")
    login_url = resolve_url(settings.LOGIN_URL)
    return HttpResponseRedirect(f"{login_url}?{django_urlencode({'next': next_url})}" if next_url else login_url)


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (state, nonce and PKCE kept in the session by the library)."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoint is looked up per request (discovery), not here

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoint("authorization_endpoint")
        except ProviderUnavailable as error:
            logger.warning("OIDC login could not start: %s", error)
            return _refuse(request, "unavailable", next_url=get_next_url(request, "next"))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with a code. The library's callback, with the backend
    called directly (the login lock does not see it) and each refusal explained on the login page."""

    def get(self, request):
        if not enabled():
            raise Http404
        states = request.session.get("oidc_states")
        state = request.GET.get("state")
        entry = states.pop(state, None) if isinstance(states, dict) and state else None
        if entry is not None:
            request.session.modified = True
            request.session.save()  # a state is used once
        if request.GET.get("error"):
            logger.info("OIDC login ended at the provider: %s", request.GET.get("error"))
            return _refuse(request, "cancelled")
        if entry is None or not request.GET.get("code"):
            return _refuse(request, "expired")
        # Reload the session after the slow round trips below, as the library does, so that a login
        # in another tab meanwhile is not overwritten.
        request.session = request.session.__class__(request.session.session_key)
        backend = StaffOIDCBackend()
        try:
            user = backend.authenticate(request, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier"))
        except Refusal as refusal:
            logger.warning("OIDC login refused: %s", refusal)
            return _refuse(request, refusal.code)
        except SuspiciousOperation as error:
            logger.warning("OIDC login refused: %s", error)
            return _refuse(request, "invalid")
        except (requests.RequestException, ProviderUnavailable) as error:
            logger.warning("OIDC provider unavailable: %s", error)
            return _refuse(request, "unavailable")
        if user is None:
            return _refuse(request, "invalid")
        if not user.is_active:
            return _refuse(request, "inactive")
        user.backend = BACKEND
        self.user = user
        response = self.login_success()
        request.session[SESSION_KEY] = True
        if backend.id_token:
            request.session["oidc_id_token"] = backend.id_token  # for the provider's logout
        return response


class LogoutView(OIDCLogoutView):
    """The library's logout (POST only): ends Stemme's session, then, after the municipality's login,
    the provider's (``provider_logout_url``).

    The way to the provider is a page that moves on by itself (a meta refresh, with a link), not a
    redirect: the site's Content-Security-Policy allows forms to post only to Stemme
    (``form-action 'self'``), and browsers apply that to the redirects after a form too, so a
    redirect from the "Log ud" form to the provider would be blocked."""

    def post(self, request):
        url = provider_logout_url(request) if request.user.is_authenticated else self.redirect_url
        auth.logout(request)
        if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
            return HttpResponseRedirect(url)
        return render(request, "accounts/oidc_logout.html", {"provider_logout_url": url})


def provider_logout_url(request) -> str:
    """``OIDC_OP_LOGOUT_URL_METHOD``: where logging out sends the browser. After the municipality's
    login, to the provider's end_session_endpoint (when it has one), which returns to Stemme's front
    page; otherwise straight to Stemme's front page."""
    after = resolve_url(settings.LOGOUT_REDIRECT_URL)
    if not request.session.get(SESSION_KEY):
        return after
    try:
        end_session = provider()["end_session_endpoint"]
    except ProviderUnavailable:
        return after
    if not end_session:
        return after
    params = {"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": request.build_absolute_uri(after)}
    if request.session.get("oidc_id_token"):
        params["id_token_hint"] = request.session["oidc_id_token"]
    return f"{end_session}{'&' if '?' in end_session else '?'}{urlencode(params)}"


def logout_action(request) -> str:
    """The address the header's "Log ud" form posts to: the OIDC logout after the municipality's login."""
    if getattr(request, "session", None) is not None and request.session.get(SESSION_KEY):
        return reverse("accounts:oidc_logout")
    return reverse("accounts:logout")


# --- Local passwords for staff ----------------------------------------------------------------

class StaffPasswordGate:
    """With ``STEMME_STAFF_PASSWORD_LOGIN=false`` and the municipality's login configured, a correct
    local password of municipality staff or a platform admin is refused with a message that names the
    municipality's login. Members are untouched.

    It sits before ``ModelBackend``. It raises ``ValidationError`` rather than returning ``None``:
    Django's ``authenticate`` lets it through and the login form (any ``AuthenticationForm``: the
    login page, the admin's) shows it as the form's error, where ``None`` would say "wrong password"
    and count as a failure for the login lock. Only someone who knows the password learns that the
    account is staff: a wrong password gets the ordinary message. It has no ``get_user``: it never logs
    anyone in, so no session names it (and Django's test client never picks it for ``force_login``)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None or settings.STEMME_STAFF_PASSWORD_LOGIN or not enabled():
            return None
        user = get_user_model()._default_manager.filter(email__iexact=normalise_email(username)).first()
        if user is None or not staff.is_municipal_staff_or_admin(user) or not user.check_password(password):
            return None
        raise ValidationError(PASSWORD_REFUSED, code="use_municipality_login")
