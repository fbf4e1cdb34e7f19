"""Printed letters: one A4 page per letter, the address block placed for a window envelope."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.documents import html_to_pdf


def letters_pdf(*, council, messages) -> bytes:
    """A PDF with one page per letter (WeasyPrint)."""
    with translation.override("da"):
        html = render_to_string("notifications/pdf/letters.html", {
            "council": council, "letters": messages, "today": timezone.localdate()})
    return html_to_pdf(html, title=f"Breve fra {council.name}", authors=[council.name], pdf_variant=None)
