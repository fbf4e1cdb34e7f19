"""Printed letters: one A4 page per letter, the address block placed for a window envelope."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation


def letters_pdf(*, council, messages) -> bytes:
    """A PDF with one page per letter (WeasyPrint)."""
    from weasyprint import HTML  # heavy import, only when printing

    with translation.override("da"):
        html = render_to_string("notifications/pdf/letters.html", {
            "council": council, "letters": messages, "today": timezone.localdate()})
    title = f"Breve fra {council.name}"
    document = HTML(string=html).render()
    document.metadata.title = title
    document.metadata.authors = [council.name]
    return document.write_pdf()
