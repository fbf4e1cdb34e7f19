"""Rate limits for the forms anyone can send without logging in (the citizens' idea form, the
candidacy form, the personal afbud link, password reset, and the citizen forms to come).

A fixed window per form and client address, counted in Django's cache (shared between app
servers when ``REDIS_URL`` is set): ``"5/h"`` lets one address send the form five times an
hour. Only submissions that pass the form's own validation are counted, so a citizen who
corrects a mistake is not punished for it. Forms use it through
``core.forms.PublicFormMixin``; the refused form comes back with a 429, a Danish message and
everything typed kept. Code outside a form calls ``hit(request, scope)``, and an uncaught
``RateLimited`` becomes a 429 page (``core.middleware.StemmeErrorMiddleware``).

The rates are in ``DEFAULT_RATES`` and can be changed per installation with
``STEMME_RATE_LIMITS`` (settings), e.g. ``{"public.idea": "20/h"}``.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

from core.errors import ApplicationError

RATE_LIMITED_CODE = "rate_limited"

DEFAULT_RATES = {
    "accounts.password_reset": "5/h",
    "public.idea": "10/h",
    "public.candidacy": "5/h",
    "public.subscribe": "10/h",
    "public.event_signup": "10/h",  # a family signing up each member from one phone
    "meetings.afbud": "20/h",
    "meetings.short_code": "30/h",  # the letter's short code (/k/<code>/): 6 characters could be guessed
    "public.write": "5/h",  # "Skriv til rådet" (public.forms.messages.WriteForm)
    # Login by one-time code (accounts.views): codes asked for from one client, codes sent to one
    # address (whoever asks, counted on the address typed), and codes typed from one client.
    "accounts.login_code": "10/h",
    "accounts.login_code_address": "5/h",
    "accounts.login_code_verify": "30/h",
}

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def parse_rate(text: str) -> tuple[int, int]:
    """``"5/h"`` -> (5, 3600); ``"10/15m"`` -> (10, 900)."""
    match = _RATE.match(text)
    if not match:
        raise ValueError(f"Not a rate: {text!r} (write e.g. '5/h' or '10/15m')")
    count, multiplier, unit = match.groups()
    return int(count), int(multiplier or 1) * _UNITS[unit]


def rate_for(scope: str) -> tuple[int, int]:
    rates = {**DEFAULT_RATES, **getattr(settings, "STEMME_RATE_LIMITS", {})}
    if scope not in rates:
        raise LookupError(f"No rate limit named {scope!r}; add it to core.ratelimit.DEFAULT_RATES")
    return parse_rate(rates[scope])


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind ``STEMME_TRUSTED_PROXIES`` reverse proxies (each appending to
    ``X-Forwarded-For``) it is the address the outermost trusted proxy saw; otherwise
    ``REMOTE_ADDR``. A client cannot forge it: only the entries the trusted proxies added count.
    django-axes uses it too (``AXES_CLIENT_IP_CALLABLE``)."""
    proxies = getattr(settings, "STEMME_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or ""


def client_key(ip: str) -> str:
    """One key per client: the address, or its /64 network for IPv6 (one household or phone gets
    a whole /64 and could otherwise walk around the limit)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip[:64]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


class RateLimited(ApplicationError):
    def __init__(self, *, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            ngettext("Der er sendt mange henvendelser herfra på kort tid. Vent %(minutes)d minut, og prøv igen.",
                     "Der er sendt mange henvendelser herfra på kort tid. Vent %(minutes)d minutter, og prøv igen.",
                     minutes) % {"minutes": minutes},
            code=RATE_LIMITED_CODE)
        self.minutes = minutes

    @property
    def form_message(self) -> str:
        return ngettext(
            "Der er sendt mange henvendelser herfra på kort tid, så formularen er ikke sendt. Vent %(minutes)d "
            "minut, og send den igen – det, du har skrevet, står her stadig.",
            "Der er sendt mange henvendelser herfra på kort tid, så formularen er ikke sendt. Vent %(minutes)d "
            "minutter, og send den igen – det, du har skrevet, står her stadig.", self.minutes) % {
            "minutes": self.minutes}


def hit(request: HttpRequest | None, scope: str, *, key: str | None = None) -> None:
    """Count one submission of ``scope`` from this client; raise ``RateLimited`` past the limit.
    With ``key`` the count is kept for that instead of the client (e.g. the address a login code
    goes to, whoever asks for it); the key is hashed, never stored as written."""
    count, period = rate_for(scope)
    now = time.time()
    window = int(now // period)
    if key is not None:
        who = hashlib.sha256(key.encode()).hexdigest()[:32]
    elif request is not None:
        who = client_key(client_ip(request))
    else:
        raise ValueError("hit() needs a request or a key")
    cache_key = f"stemme:ratelimit:{scope}:{who}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        used = 1
    if used > count:
        raise RateLimited(retry_after=max(1, math.ceil(period - now % period)))

