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
  ``settings.STEMME_BASE_URL``, else ``DEFAULT_BASE_URL``.
* A page with an address per row builds them with ``url_maker``: one reverse, not one per row."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

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


_URL_SLOT = 987654321987654321  # stands for the last argument while an address is reversed once


def url_maker(viewname: str, *args: object) -> Callable[[int], str]:
    """``reverse(viewname, args=[*args, last])`` for many values of ``last`` at the cost of one
    reverse: a page with a button per row (e.g. the agenda builder's move, edit and delete per
    item) builds its addresses by putting each row's key into the reversed pattern. ``last`` is
    an integer key (the pattern must take one at the end)."""
    pattern = reverse(viewname, args=[*args, _URL_SLOT])
    head, slot, tail = pattern.rpartition(str(_URL_SLOT))
    if not slot:  # not reachable for an <int:…> argument; keep the plain way if ever
        return lambda last: reverse(viewname, args=[*args, last])
    return lambda last: f"{head}{int(last)}{tail}"
