"""PDFs of the activities app: the door list of a public event (citizens with a place, then the
waiting list in order, with their phone numbers for the secretariat)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from activities.models import Event
from activities.selectors import events as selectors
from core.documents import html_to_pdf

#: Empty rows at the end of the door list for people who come without signing up.
WALK_IN_ROWS = 8


def citizens_pdf(event: Event) -> bytes:
    created = timezone.localtime()
    html = render_to_string("activities/pdf/door_list.html", {
        "event": event, "council": event.council, "citizens": selectors.citizen_list(event=event),
        "created": created, "walk_in_rows": range(1, WALK_IN_ROWS + 1)})
    return html_to_pdf(html, title=event.title, created=created)


def citizens_pdf_filename(event: Event) -> str:
    return f"deltagerliste-{timezone.localtime(event.starts_at):%Y-%m-%d}-{slugify(event.title)[:40]}.pdf"
