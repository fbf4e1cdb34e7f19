"""Links in stored messages are relative to the site until the message leaves.

A message is written when something happens (an agenda is sent, a deadline nears, the demo is
seeded) and leaves later: the worker sends it, or the secretariat copies an SMS or prints a
letter from the outbox page. The site's address may differ by then (``make run PORT=8080``
after seeding on 8000, a moved domain), so a link written without a known address is stored
as ``SITE`` + path and made absolute when the message leaves: with ``settings.STEMME_BASE_URL``
in the worker, with the address the secretariat is using on the outbox page."""

from __future__ import annotations

from django.conf import settings

#: Stands for the site's address in a stored message; never shown to anyone.
SITE = "{stemme-site}"
#: The address ``make run`` serves when nothing else is configured.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def site_base(base_url: str | None = None) -> str:
    """The start of a link in a message: ``base_url`` when the caller knows the address (a
    request), otherwise ``SITE``, resolved when the message leaves."""
    return base_url.rstrip("/") if base_url else SITE


def absolute(text: str, base_url: str | None = None) -> str:
    """``text`` with every ``SITE`` replaced by the site's address: ``base_url`` (the request's),
    else ``settings.STEMME_BASE_URL``, else the development default."""
    if SITE not in text:
        return text
    base = (base_url or getattr(settings, "STEMME_BASE_URL", "") or DEFAULT_BASE_URL).rstrip("/")
    return text.replace(SITE, base)
