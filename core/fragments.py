"""Fragments of internal and personal pages kept in Django's cache, keyed by the council's
*content generation* (issue 14: the main pages in ≤ 10 ms).

**The key.** Every audited write to a council (``core.audit.audit`` → ``core.publiccache.bump_content``)
raises ``Council.content_generation`` by one when its transaction commits, in the same waiting UPDATE
as the public generation. A fragment is stored under (name, council, content generation, language,
and what else changes it: the access key of the permissions it shows, the user or person when it is
personal, today's date when it changes with the clock), so any write makes the council's old fragments
unreachable at once, in every process, and nothing has to be deleted. The council row is read on every
council page anyway, so the generation costs no query.

**What may be cached.** Only HTML made from rows that are written through audited services of that
council, and from the arguments of the key. A page that shows something else (the clock within a day,
a row a service writes without ``audit``) keeps that part out of the fragment.

**CSRF.** A fragment with a form is rendered with a placeholder for the token and the page's own
token is put in when it is served, so the cached HTML is byte-identical to a fresh render and every
user's forms keep their own valid token. The placeholder cannot come from escaped text (it has ``<``).

Switch: ``STEMME_FRAGMENT_CACHE`` (default on; the tests turn it off, as a test's transaction never
commits, and the fixture ``fragment_cache`` turns it on). ``STEMME_FRAGMENT_SECONDS`` (default one
day) only bounds memory: a fragment of an older generation is never read again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

CSRF_PLACEHOLDER = "<stemme-csrf-token>"
DEFAULT_SECONDS = 24 * 3600


def enabled() -> bool:
    return bool(getattr(settings, "STEMME_FRAGMENT_CACHE", True))


def _cache() -> Any:
    return caches[getattr(settings, "STEMME_FRAGMENT_CACHE_ALIAS", "default")]


def key(council: Any, name: str, *vary: Any) -> str:
    """The cache key of fragment ``name`` of ``council`` (a Council, with its content generation as
    read for this request) for the active language and the ``vary`` values."""
    parts = "\x1f".join(str(v) for v in vary)
    digest = hashlib.md5(parts.encode(), usedforsecurity=False).hexdigest()
    return (f"stemme-fragment:{name}:{council.pk}:{council.content_generation}:"
            f"{translation.get_language() or ''}:{digest}")


def get(council: Any, name: str, *vary: Any) -> str | None:
    """The stored HTML (still with the CSRF placeholder), or None (not stored, or caching is off)."""
    if not enabled():
        return None
    return _cache().get(key(council, name, *vary))


class Until:
    """The moment a fragment stops being true by the clock alone (a meeting starts, an event ends):
    the code that computes a fragment's context calls ``note(moment)`` for each such moment it shows,
    and the fragment is kept only until the earliest (whole seconds, rounded down)."""

    def __init__(self) -> None:
        self.at: dt.datetime | None = None

    def note(self, moment: dt.datetime | None) -> None:
        if moment is not None and (self.at is None or moment < self.at):
            self.at = moment


def put(council: Any, name: str, *vary: Any, html: str, until: Until | None = None) -> None:
    if not enabled():
        return
    seconds = int(getattr(settings, "STEMME_FRAGMENT_SECONDS", DEFAULT_SECONDS))
    if until is not None and until.at is not None:
        seconds = min(seconds, math.floor((until.at - timezone.now()).total_seconds()))
        if seconds < 1:
            return
    _cache().set(key(council, name, *vary), html, seconds)


def with_token(html: str, token: Any) -> SafeString:
    """The fragment with the page's CSRF token in place of the placeholder."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, str(token))
    return mark_safe(html)  # nosec B308 B703  # noqa: S308 - rendered by the template engine (escaped there)


def cached(council: Any, name: str, *vary: Any, render: Callable[[], str], token: Any = "",
           until: Callable[[], Until | None] = lambda: None) -> SafeString:
    """The fragment from the cache, or ``render()`` (rendered with ``CSRF_PLACEHOLDER`` as its token)
    stored (until ``until()`` after the render, if it says) and returned; either way with ``token``
    in place of the placeholder."""
    html = get(council, name, *vary)
    if html is None:
        html = str(render())
        put(council, name, *vary, html=html, until=until())
    return with_token(html, token)


class Deferred:
    """What only a fragment shows, computed when it is not in the cache: ``Deferred(fn)`` in a view's
    context, named by ``{% fragment … context=x %}``; ``fn()`` returns a dict (once, then kept)."""

    do_not_call_in_templates = True  # the template engine hands it over as it is

    def __init__(self, fn: Callable[[], dict[str, Any]]) -> None:
        self.fn = fn
        self._value: dict[str, Any] | None = None

    def __call__(self) -> dict[str, Any]:
        if self._value is None:
            self._value = self.fn()
        return self._value


def access_key(access: Any) -> str:
    """The part of a fragment's key that says what the user may see and do: their roles in the
    council (``core.permissions.CouncilAccess``), which decide every ``can`` on the page."""
    return ",".join(sorted(str(role) for role in getattr(access, "roles", ())))
