"""Absolute links: the one place that knows the site's address.

* In a request, a link starts with the request's own address: ``absolute_url(path, request)``.
* Outside a request (the outbox worker's calendar files) it starts with
  ``settings.STEMME_BASE_URL``; without one, ``site_root()`` is "" and the caller leaves the
  link out.
* A stored message is written when something happens and leaves later (the worker sends it,
  or the secretariat copies an SMS or prints a letter from the outbox page), and the site's
  address may differ by then (``make run PORT=8080`` after seeding on 8000, a moved domain).
  Its links are written with ``message_url``: absolute when the writer knows the address (a
  request), otherwise ``SITE`` + path, which ``resolve`` makes absolute when the message
  leaves: with the address the secretariat is using on the outbox page, else
  ``settings.STEMME_BASE_URL``, else ``DEFAULT_BASE_URL``."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

#: Stands for the site's address in a stored message; never shown to anyone.
SITE = "{stemme-site}"
#: The address ``make run`` serves when nothing else is configured.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def site_root(request: HttpRequest | None = None, *, base_url: str | None = None) -> str:
    """The site's address without a trailing slash: the request's, else ``base_url``, else
    ``settings.STEMME_BASE_URL`` ("" when none is configured)."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return (base_url or getattr(settings, "STEMME_BASE_URL", "") or "").rstrip("/")


def absolute_url(path: str, request: HttpRequest | None = None, *, base_url: str | None = None) -> str:
    """``path`` (starting with "/") with the site's address in front (see ``site_root``)."""
    return site_root(request, base_url=base_url) + path


def message_url(path: str, base_url: str | None = None) -> str:
    """A link in a stored message: absolute when ``base_url`` is known (the request's address),
    otherwise ``SITE`` + ``path``, made absolute by ``resolve`` when the message leaves."""
    return (base_url.rstrip("/") if base_url else SITE) + path


def resolve(text: str, base_url: str | None = None) -> str:
    """``text`` with every ``SITE`` replaced by the site's address: ``base_url`` (the page's),
    else ``settings.STEMME_BASE_URL``, else ``DEFAULT_BASE_URL``."""
    if SITE not in text:
        return text
    return text.replace(SITE, site_root(base_url=base_url) or DEFAULT_BASE_URL)
