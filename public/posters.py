"""Printed material for notice boards and the people who do not go online: the A4 poster (large
title, when and where, a QR code and the short address printed beneath, the secretariat's phone)
and the A5 handout of an easy-read text, two copies side by side on an A4 sheet to cut.

Both are HTML rendered by WeasyPrint through ``core.documents.html_to_pdf`` and kept as files
(``core.documents.stored_document``). The QR code is
segno's SVG, inlined in the HTML (no image files, no network)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from core.documents import html_to_pdf, stored_document
from core.links import absolute_url

if TYPE_CHECKING:
    from core.models import GeneratedDocument
    from councils.models import Council
    from meetings.easyread import Block

PICTOGRAM_DIR = Path(__file__).resolve().parent / "static" / "public" / "pictograms"


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url`` (error correction M: a poster survives a crease and a pin)."""
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> str:
    """The QR code as inline SVG, sized by the surrounding CSS."""
    return qr_code(url).svg_inline(scale=1, border=4, omitsize=True, title=url)


def printed_url(url: str) -> str:
    """The address as people type it: without "https://" and the trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


@cache
def pictogram_svg(file_name: str) -> str:
    """A pictogram's SVG (our own files, read once) for inlining in a PDF."""
    if not file_name or "/" in file_name:
        return ""
    path = PICTOGRAM_DIR / file_name
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def poster_pdf(*, council: Council, heading: str, title: str, details: list[str], target_path: str,
               name: str, base_url: str | None = None) -> GeneratedDocument:
    """An A4 portrait poster: the council's name, ``heading`` (e.g. "Offentligt møde"), the large
    ``title``, the ``details`` lines (date, time, place …), a QR code to the absolute address of
    ``target_path`` with that address printed beneath in large type, and the secretariat's phone
    (``Council.phone``) when known. Pass a short path (``public.shortlinks.short_path``) as
    ``target_path`` so the printed address is short. ``base_url`` is the site's address (the
    request's); without it ``STEMME_BASE_URL``. Kept as a file under the hash of its HTML
    (``core.documents.stored_document``): public content, rendered once until it changes."""
    url = absolute_url(target_path, base_url=base_url)
    with translation.override("da"):
        html = render_to_string("public/pdf/poster.html", {
            "council": council, "heading": heading, "title": title, "details": details,
            "qr": mark_safe(qr_svg(url)),  # nosec B308 B703  # noqa: S308 – segno's SVG of our own URL
            "short_url": printed_url(url), "phone": council.phone})
    return stored_document(
        council=council, kind="public.poster", key=target_path, source=html, name=name,
        render=lambda: html_to_pdf(html, title=f"{title} – {council.name}", authors=[council.name], lang="da"))


def handout_pdf(*, council: Council, title: str, subtitle: str, blocks: list[Block], target_path: str,
                name: str, base_url: str | None = None) -> GeneratedDocument:
    """An easy-read text as an A5 handout, the same page twice side by side on an A4 landscape
    sheet (cut in the middle): title, the blocks with their pictograms, the address (with a
    small QR code) and the secretariat's phone. Kept as a file like ``poster_pdf``."""
    url = absolute_url(target_path, base_url=base_url)
    shown = [(block, mark_safe(pictogram_svg(block.pictogram))) for block in blocks]  # nosec B308 B703  # noqa: S308 – our own files
    with translation.override("da"):
        html = render_to_string("public/pdf/handout.html", {
            "council": council, "title": title, "subtitle": subtitle, "blocks": shown, "copies": (1, 2),
            "qr": mark_safe(qr_svg(url)),  # nosec B308 B703  # noqa: S308 – segno's SVG of our own URL
            "short_url": printed_url(url), "phone": council.phone})
    return stored_document(
        council=council, kind="public.handout", key=target_path, source=html, name=name,
        render=lambda: html_to_pdf(html, title=f"{title} – {council.name}", authors=[council.name], lang="da"))
