"""A crawler over the public site with Django's test client: start from the sitemap and the
landing page (and any extra start URLs), follow every same-site link (``href``/``src``) of
every HTML page, and read every response as text — HTML as it is, ICS feeds as text, PDFs
read back with pypdf. Only pages a visitor without login can reach: ``/intern/``, ``/konto/``
and the Django admin are never followed.

Used by ``public/tests/test_disclosure_crawler.py`` and handy by hand against the demo data::

    from django.test import Client
    from public.tests.crawler import crawl
    pages = crawl(Client())
    leaks = {url: text for url, text in pages.items() if "Søren" in text}
"""

from __future__ import annotations

import html
import io
import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

SKIP_PREFIXES = ("/konto/", "/django-admin/", "/static/", "/i18n/", "/afbud/", "/healthz")
_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_LOC = re.compile(r"<loc>([^<]+)</loc>")


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pypdf extracts it, pages joined by newlines."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _normalise(url: str, base: str) -> str | None:
    url = html.unescape(url.strip())
    if not url or url.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
        return None
    absolute = urljoin(base, url)
    parts = urlsplit(absolute)
    if parts.netloc and parts.netloc not in ("testserver", "localhost", "127.0.0.1"):
        return None
    path = parts.path or "/"
    if "/intern/" in path or path.startswith(SKIP_PREFIXES):
        return None
    return urldefrag(path + (f"?{parts.query}" if parts.query else ""))[0]


def response_text(response) -> str:
    """What a reader of the response sees, as text: PDFs read back, everything else decoded."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if content_type.startswith("application/pdf"):
        return pdf_text(body)
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("text/calendar"):  # unfold long lines (RFC 5545, 3.1), unescape "\,"
        text = re.sub(r"\r?\n[ \t]", "", text).replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
    return text


def crawl(client, *, start: tuple[str, ...] = ("/", "/sitemap.xml"), limit: int = 5000,
          skip=None) -> dict[str, str]:
    """Every public URL reachable from ``start`` → its text. Only successful GETs (200) are
    kept; redirects are followed as links. ``skip(url)`` leaves URLs out (e.g. PDFs for a quick
    walk). Raises if ``limit`` pages are exceeded."""
    seen: set[str] = set()
    pages: dict[str, str] = {}
    queue = deque(start)
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        if skip is not None and skip(url):
            continue
        if len(seen) > limit:
            raise RuntimeError(f"More than {limit} public URLs: is the crawler looping?")
        response = client.get(url)
        if response.status_code in (301, 302, 303, 307, 308):
            target = _normalise(response["Location"], url)
            if target:
                queue.append(target)
            continue
        if response.status_code != 200:
            continue
        text = response_text(response)
        pages[url] = text
        content_type = response.get("Content-Type", "")
        if "xml" in content_type and "<urlset" in text:
            links = _LOC.findall(text)
        elif content_type.startswith("text/html"):
            links = _LINK.findall(text)
        else:
            links = []
        for link in links:
            target = _normalise(link, url)
            if target and target not in seen:
                queue.append(target)
    return pages
