"""Cached public pages with exact invalidation (issue 14; docs/architecture.md "Public pages are cacheable").

**The key.** An anonymous visitor's public page is the same for everyone who asks for it in the
same language, until the council changes something public. Every service that publishes or
changes public content calls :func:`bump` (``core.search.schedule_reindex`` does it for the
services that reindex): after the commit, ``Council.public_generation`` goes up by one, in one
UPDATE for every council touched in that transaction. A page is cached under (scheme + host +
full path, language, generation), so a publish makes the council's old entries unreachable at
once, in every process, and nothing has to be deleted. Pages that belong to no council (the
front page, the accessibility statement, the sitemap, the search across councils) are keyed by
the site's generation: the number of active councils and the sum of their generations.

**What is cached** (:class:`PublicCacheMiddleware`, right after WhiteNoise, before the session):
a GET of a public address (not ``/konto/``, ``/<council>/intern/``, ``/django-admin/``, ``/raad/``,
the reading and absence links ``/l/``, ``/k/``, ``/afbud/``, ``/sms/``, the personal calendar, the
subscription and sign-up token pages) by a visitor without a session cookie or a waiting message,
not an htmx request, answered 200 by one of the views in :data:`CACHEABLE_VIEWS` with no cookie
and no ``private`` Cache-Control. A page with a public form sets the CSRF cookie and so is never
stored: it renders for each visitor. The query string is part of the key (search results, a year
filter); an entry lives at most ``STEMME_PUBLIC_CACHE_SECONDS`` (default 300 s), which bounds how
long a page that changes with the clock (the meeting plan's "coming"/"held" split, a call's
deadline) may lag behind it.

**A hit** costs one small query (the council's generation by slug) and one cache read: the
stored body is served with ``X-Stemme-Cache: hit``, an ``ETag`` (the body's hash) and
``Cache-Control: public, max-age=60``; ``If-None-Match`` answers 304. Text is stored both as it
is and gzip-compressed, so a hit is never compressed again (GZipMiddleware leaves an encoded
response alone).

**Headers.** Every anonymous public 200 without a cookie gets ``Cache-Control: public,
max-age=60`` (unless its view said otherwise, e.g. the PDFs' 300 s), whether or not Django's cache
is on (``STEMME_PUBLIC_CACHE``); one that sets a cookie is ``private``. Logged-in and internal
pages stay ``private, no-store`` (core.middleware.PrivatePagesMiddleware). A reverse proxy may
cache by the same rules: no ``sessionid`` cookie, key URL + ``django_language`` cookie."""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

from core.middleware import LanguageMiddleware

log = logging.getLogger(__name__)

GetResponse = Callable[[HttpRequest], HttpResponseBase]

PUBLIC_MAX_AGE = 60

#: First path segments of pages that belong to no council (keyed by the site's generation).
SITE_WIDE = frozenset({"", "tilgaengelighed", "sitemap.xml", "soeg"})
#: First path segments that are never public pages (internal, personal links, webhooks, plumbing).
NEVER = frozenset({"konto", "django-admin", "raad", "l", "k", "afbud", "sms", "i18n", "static", "media",
                   "healthz", "s"})
#: Within a council's address: internal pages and the personal token pages.
NEVER_WITHIN = re.compile(r"^/[^/]+/(intern|kalender|abonner)/|^/[^/]+/arrangementer/(afmeld/|\d+/tak/)")

#: The views whose anonymous 200 answers are stored (url names): the council's public pages,
#: feeds and public documents. Anything else is served fresh even when it is public.
CACHEABLE_VIEWS = frozenset({
    "public:landing", "public:accessibility", "sitemap", "public:search_all", "public:search",
    "public:council_home", "public:members",
    "public:meetings", "public:meeting", "public:meeting_ics", "public:meetings_ics",
    "public:meeting_agenda_pdf", "public:meeting_minutes_pdf", "public:meeting_poster",
    "public:meeting_easy", "public:meeting_easy_poster", "public:meeting_easy_handout",
    "public:responses", "public:response", "public:response_pdf",
    "public:comment_letter", "public:comment_letter_pdf",
    "public:reports", "public:report", "public:report_pdf", "public:report_easy", "public:report_easy_handout",
    "public:events", "public:events_ics", "public:event", "public:event_poster",
    "public:feed", "public:feed_rss",
})
#: Content types worth storing gzip-compressed too.
COMPRESSIBLE = re.compile(r"^(text/|application/(xml|atom\+xml|rss\+xml|json|javascript))")
#: A page larger than this is served, not stored.
MAX_BODY = 4 * 1024 * 1024
STORED_HEADERS_DROPPED = frozenset({"content-length", "content-encoding", "x-stemme-cache", "etag"})


# --- Invalidation -------------------------------------------------------------------------------

class _Bump:
    """The councils whose generations go up when the transaction commits: ``public_ids`` their public
    generation and their content generation, ``content_ids`` only their content generation."""

    def __init__(self) -> None:
        self.public_ids: set[int] = set()
        self.content_ids: set[int] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True  # a bump asked for from now on (e.g. by another commit callback) waits on its own
        council_model = apps.get_model("councils", "Council")
        if self.public_ids:
            council_model.objects.filter(pk__in=self.public_ids).update(
                public_generation=F("public_generation") + 1, content_generation=F("content_generation") + 1)
        content_only = self.content_ids - self.public_ids
        if content_only:
            council_model.objects.filter(pk__in=content_only).update(content_generation=F("content_generation") + 1)


def _schedule(pk: int, *, public: bool) -> None:
    """Join the bump this transaction registered (in this savepoint or an enclosing one), or register
    a new one (outside a transaction: run at once)."""
    if connection.in_atomic_block:
        current = set(connection.savepoint_ids)
        for entry in connection.run_on_commit:  # (savepoints, callback, robust)
            savepoints, callback = entry[0], entry[1]
            if isinstance(callback, _Bump) and not callback.done and savepoints <= current:
                callback.content_ids.add(pk)
                if public:
                    callback.public_ids.add(pk)
                return
    waiting = _Bump()
    waiting.content_ids.add(pk)
    if public:
        waiting.public_ids.add(pk)
    transaction.on_commit(waiting, robust=True)


def bump(council: Any) -> None:
    """After the current transaction commits, the council's public pages are new: one UPDATE
    ``public_generation = public_generation + 1`` for all councils bumped in the transaction, however
    often each was bumped. A rolled-back transaction bumps nothing; outside a transaction it runs at
    once. ``council`` is a Council or its primary key. Its content generation goes up with it.

    Joins a waiting bump only when that one was registered in the same savepoint or an enclosing
    one, so a rolled-back savepoint cannot take this request with it (as ``schedule_reindex``)."""
    pk = getattr(council, "pk", council)
    if pk is not None:
        _schedule(pk, public=True)


def bump_content(council: Any) -> None:
    """After the current transaction commits, the council's *content generation* goes up by one:
    the key of the fragments of internal and personal pages kept in Django's cache
    (``core.fragments``). ``core.audit.audit`` calls it, so every audited write renews them. It rides
    on the same waiting bump as :func:`bump` (one UPDATE per transaction and kind, never twice)."""
    pk = getattr(council, "pk", council)
    if pk is not None:
        _schedule(pk, public=False)


def _council_table() -> str:
    return apps.get_model("councils", "Council")._meta.db_table


def council_generation(slug: str) -> int | None:
    """The active council's public generation, or None when no active council has this slug."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT public_generation FROM {_council_table()} WHERE slug = %s AND is_active = %s",  # nosec B608  # the model's own table name
                       [slug, True])
        row = cursor.fetchone()
    return None if row is None else row[0]


def site_generation() -> str:
    """The generation of pages across councils: active councils and the sum of their generations."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(public_generation), 0) FROM {_council_table()} "  # nosec B608  # the model's own table name
                       "WHERE is_active = %s", [True])
        count, total = cursor.fetchone()
    return f"s{count}.{total}"


# --- The middleware -----------------------------------------------------------------------------

def public_scope(request: HttpRequest) -> str | None:
    """The council slug ("" for a site-wide page) when this request is an anonymous GET/HEAD of a
    public address that may be answered from the cache, else None. Cheap: no database."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    if "HTTP_HX_REQUEST" in request.META:
        return None
    path = request.path_info
    segment = path.split("/", 2)[1] if path.startswith("/") else ""
    if segment in SITE_WIDE:
        return ""
    if segment in NEVER or NEVER_WITHIN.match(path):
        return None
    return segment


def _etag(body: bytes) -> str:
    return 'W/"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"'


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


class PublicCacheMiddleware:
    """Serves and stores anonymous public pages (module docstring). Placed right after WhiteNoise
    and before SessionMiddleware, so a hit touches neither the session nor the rest of the stack."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        slug = public_scope(request)
        if slug is None:
            return self.get_response(request)
        if not getattr(settings, "STEMME_PUBLIC_CACHE", True):
            return self.mark(self.get_response(request))
        generation = site_generation() if slug == "" else council_generation(slug)
        if generation is None:  # not a council's address: no page to keep
            return self.mark(self.get_response(request))
        language = LanguageMiddleware.chosen_language(request)
        address = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.get_full_path()}"
        digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()  # a cache key, not a secret
        key = f"stemme-public:{language}:{generation}:{digest}"
        cache = caches[getattr(settings, "STEMME_PUBLIC_CACHE_ALIAS", "default")]
        entry = cache.get(key)
        if entry is not None:
            return self.serve(request, entry, "hit")
        response = self.mark(self.get_response(request))
        entry = self.entry(request, response)
        if entry is None:
            return response
        cache.set(key, entry, getattr(settings, "STEMME_PUBLIC_CACHE_SECONDS", 300))
        return self.serve(request, entry, "miss")

    @staticmethod
    def mark(response: HttpResponseBase) -> HttpResponseBase:
        """``Cache-Control`` of an anonymous public answer: public for a 200 without a cookie (unless
        its view chose), private when it sets one (a form's CSRF cookie)."""
        if response.cookies:
            patch_cache_control(response, private=True)
        elif response.status_code == 200 and not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    @staticmethod
    def entry(request: HttpRequest, response: HttpResponseBase) -> tuple | None:
        """What is stored for a cacheable answer: (etag, headers, body, gzipped body or None)."""
        match = getattr(request, "resolver_match", None)
        if (request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies
                or match is None or match.view_name not in CACHEABLE_VIEWS
                or response.has_header("Content-Encoding")):
            return None
        control = response.get("Cache-Control", "")
        if "private" in control or "no-store" in control or "no-cache" in control:
            return None
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        if not vary <= {"cookie", "accept-encoding"}:
            return None
        body = response.content  # type: ignore[attr-defined]  # not streaming (checked above)
        if len(body) > MAX_BODY:
            return None
        headers = [(k, v) for k, v in response.items() if k.lower() not in STORED_HEADERS_DROPPED]
        compressed = None
        if len(body) >= 200 and COMPRESSIBLE.match(response.get("Content-Type", "")):
            compressed = gzip.compress(body, compresslevel=6, mtime=0)
            if len(compressed) >= len(body):
                compressed = None
        if compressed is not None:
            headers = [(k, v) for k, v in headers if k.lower() != "vary"]
            headers.append(("Vary", ", ".join(sorted({*[v.title() for v in vary], "Accept-Encoding"}))))
        return (_etag(body), headers, body, compressed)

    @staticmethod
    def serve(request: HttpRequest, entry: tuple, state: str) -> HttpResponseBase:
        etag, headers, body, compressed = entry
        response: HttpResponseBase
        if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):
            response = HttpResponseNotModified()
            for name, value in headers:
                if name.lower() in ("cache-control", "vary", "content-language", "content-location", "expires"):
                    response[name] = value
        else:
            if compressed is not None and _accepts_gzip(request):
                response = HttpResponse(compressed, headers=headers)
                response["Content-Encoding"] = "gzip"
            else:
                response = HttpResponse(body, headers=headers)
            response["Content-Length"] = str(len(response.content))
        response["ETag"] = etag
        response["X-Stemme-Cache"] = state
        return response
