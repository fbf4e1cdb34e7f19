"""The letter batch: one PDF for the printer, in postal order, with a cover sheet first.

Each letter (``notifications/templates/notifications/pdf/letters.html``, DIN 5008 form B for a
C5/6 window envelope) is followed by the PDFs its message carries as attachments (an
invitation's agenda: ``{"builder": "meetings.agenda_pdf", ...}``), built with the outbox's
attachment builders, each distinct descriptor once per batch. Printed duplex
(``notifications.letters.duplex``, default on), every letter starts on a new sheet: a blank
page follows a letter and its attachments when they make an odd number of pages. The cover
sheet counts the letters, pages and sheets and lists the recipients in the order printed.

All letters are rendered in one WeasyPrint pass; each is bookmarked, so its pages are found in
the rendered PDF. The batch keeps one bookmark per recipient."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader, PdfWriter

from core.documents import html_to_pdf
from notifications import attachments as attachment_builders
from notifications.letters import Letter, duplex, postal_order, prepare, signature_lines

#: A C5/6 envelope takes a letter folded in three of at most this many sheets.
MAX_SHEETS_C56 = 5
LETTER_MARK = "letter-"


@dataclass
class _Built:
    content: bytes | None
    pages: int
    error: str = ""


def _letter_starts(pdf: bytes, count: int) -> list[int]:
    """The page index each letter begins on, from the letters' bookmarks ("letter-<n>")."""
    reader = PdfReader(io.BytesIO(pdf))
    starts: dict[int, int] = {}
    for item in reader.outline:
        if isinstance(item, list):
            continue
        title = str(item.title)
        page = reader.get_destination_page_number(item)
        if title.startswith(LETTER_MARK) and title[len(LETTER_MARK):].isdigit() and page is not None:
            starts[int(title[len(LETTER_MARK):])] = page
    if sorted(starts) != list(range(1, count + 1)):
        raise RuntimeError(f"The letters' bookmarks are incomplete: {sorted(starts)} of {count}")
    return [starts[n] for n in range(1, count + 1)]


def _build(descriptor: dict, cache: dict[str, _Built]) -> _Built:
    """The attachment's PDF and its page count, built once per batch for identical descriptors;
    a builder's failure is remembered (the cover sheet reports it) instead of stopping the batch."""
    key = json.dumps(descriptor, sort_keys=True, default=str)
    if key not in cache:
        try:
            content = attachment_builders.build(descriptor).content
            cache[key] = _Built(content, len(PdfReader(io.BytesIO(content)).pages))
        except Exception as error:  # noqa: BLE001 – a missing agenda is reported, the letters still print
            cache[key] = _Built(None, 0, str(error))
    return cache[key]


def _render_letters(council, letters: list[Letter], today) -> bytes:
    html = render_to_string("notifications/pdf/letters.html", {
        "council": council, "letters": letters, "today": today, "signature": signature_lines(council)})
    return html_to_pdf(html, title=f"Breve fra {council.name}", authors=[council.name], pdf_variant=None)


def _render_cover(council, letters: list[Letter], today, *, two_sided: bool) -> bytes:
    meetings = {letter.message.meeting_id: letter.message.meeting for letter in letters
                if letter.message.meeting_id is not None}
    html = render_to_string("notifications/pdf/letters_cover.html", {
        "council": council, "today": today, "letters": letters, "duplex": two_sided,
        "meetings": sorted(meetings.values(), key=lambda m: (m.starts_at, m.pk)),
        "pages": sum(letter.pages for letter in letters),
        "sheets": sum(letter.sheets for letter in letters),
        "thick": any(letter.sheets > MAX_SHEETS_C56 for letter in letters), "max_sheets": MAX_SHEETS_C56,
        "with_attachments": any(letter.attachment_pages for letter in letters)})
    return html_to_pdf(html, pdf_variant=None)


def _add_pages(writer: PdfWriter, pdf: bytes, start: int = 0, stop: int | None = None) -> None:
    reader = PdfReader(io.BytesIO(pdf))  # a fresh reader per use: a page is never in the batch twice
    for page in reader.pages[start:stop]:
        writer.add_page(page)


def _pad(writer: PdfWriter, pages: int, *, two_sided: bool) -> int:
    """A blank page after an odd number of pages when printing duplex; how many were added."""
    if not two_sided or pages % 2 == 0:
        return 0
    last = writer.pages[-1]
    writer.add_blank_page(width=float(last.mediabox.width), height=float(last.mediabox.height))
    return 1


def letters_pdf(*, council, messages, base_url: str | None = None) -> bytes:
    """One PDF to print: the cover sheet, then each letter in postal order followed by its
    attachments (the member's agenda), each letter on a new sheet when printing duplex. Links
    are made absolute for the site at ``base_url`` (the page's address; else STEMME_BASE_URL)."""
    with translation.override("da"):  # the letters' language (their bodies were written in it too)
        return _letters_pdf(council=council, messages=messages, base_url=base_url)


def _letters_pdf(*, council, messages, base_url: str | None) -> bytes:
    today = timezone.localdate()
    letters = postal_order([prepare(message, council=council, base_url=base_url) for message in messages])
    if not letters:
        return _render_letters(council, [], today)
    two_sided = duplex()
    rendered = _render_letters(council, letters, today)
    starts = _letter_starts(rendered, len(letters))
    total = len(PdfReader(io.BytesIO(rendered)).pages)
    cache: dict[str, _Built] = {}
    built: list[list[_Built]] = []
    for letter, start, stop in zip(letters, starts, [*starts[1:], total], strict=True):
        letter.letter_pages = stop - start
        parts = [_build(descriptor, cache) for descriptor in letter.attachments]
        letter.attachment_pages = sum(part.pages for part in parts)
        letter.missing = [part.error for part in parts if part.content is None]
        letter.blank_pages = 1 if two_sided and letter.pages % 2 else 0
        built.append(parts)

    writer = PdfWriter()
    cover = _render_cover(council, letters, today, two_sided=two_sided)
    _add_pages(writer, cover)
    writer.add_outline_item(title="Forside", page_number=0)
    _pad(writer, len(writer.pages), two_sided=two_sided)
    for n, (letter, start, parts) in enumerate(zip(letters, starts, built, strict=True), start=1):
        first = len(writer.pages)
        _add_pages(writer, rendered, start, start + letter.letter_pages)
        for part in parts:
            if part.content is not None:
                _add_pages(writer, part.content)
        _pad(writer, len(writer.pages) - first, two_sided=two_sided)
        label = " ".join(filter(None, [f"{n}.", letter.name, letter.postcode]))
        writer.add_outline_item(title=label, page_number=first)
    writer.add_metadata({"/Title": f"Breve fra {council.name}", "/Author": council.name,
                         "/Producer": "Stemme"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
