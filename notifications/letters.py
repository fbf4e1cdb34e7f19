"""Printed letters: what each letter of the print batch shows, and the order they are printed in.

The letter's text is the outbox message's body, as stored. Around it the letter layout
(``notifications/templates/notifications/pdf/letters.html``) prints the address for a window
envelope, the sender and date, and a signature block kept on page one. A message may add more
through a *letter context*, registered by the app that wrote it (notifications imports no
higher app): ``register_letter_context("meetings.invitation", fn)`` in its ``AppConfig.ready``,
where ``fn(message)`` returns a dict with any of

* ``reading_url`` – the personal link the QR code opens (``qr_url`` overrides the QR's target);
* ``short_url`` – the same link short enough to type, printed large beside the QR code;
* ``short_code`` – the code alone, as it is read aloud on the phone;
* ``phone_afbud_text`` – replaces "Kan du ikke komme? Ring til sekretariatet på …";
* ``appendix_from`` – the first line of the paragraph (e.g. "Dagsorden:") that is printed after
  the signature, so a long list goes to page two and the signature stays on page one;
* ``omit`` – first lines of paragraphs the letter's own box says better (left out in print).

Links in the context may hold ``core.links.SITE``; they are made absolute with the address the
secretariat prints from, like the body's links.

Postal order: by the Danish four-digit postcode before the town on the address's last lines;
an address without one comes last."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import links

if TYPE_CHECKING:
    from councils.models import Council
    from notifications.models import OutboxMessage

LetterContext = Callable[["OutboxMessage"], dict]

#: Letter contexts by the start of the message kind ("meetings.invitation"); the longest match wins.
LETTER_CONTEXTS: dict[str, LetterContext] = {}

#: "2620 Albertslund", "DK-2620 Albertslund", "2620  Albertslund C": the postcode before the town.
POSTCODE = re.compile(r"^\s*(?:DK\s*-?\s*)?(\d{4})\s+\D", re.IGNORECASE)
#: How many of the address's last lines are searched for the postcode.
POSTCODE_LINES = 3
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def register_letter_context(kind_prefix: str, fn: LetterContext) -> LetterContext | None:
    """Register (or replace) the letter context for messages whose kind starts with
    ``kind_prefix``; returns the one it replaced."""
    previous = LETTER_CONTEXTS.get(kind_prefix)
    LETTER_CONTEXTS[kind_prefix] = fn
    return previous


def letter_context(message: OutboxMessage) -> dict:
    """The registered context for the message's kind ({} when none is registered)."""
    matches = [prefix for prefix in LETTER_CONTEXTS if message.kind.startswith(prefix)]
    if not matches:
        return {}
    return dict(LETTER_CONTEXTS[max(matches, key=len)](message) or {})


def postcode(address: str) -> str | None:
    """The Danish postcode on one of the address's last lines ("2620" of "2620 Albertslund")."""
    lines = [line for line in (address or "").splitlines() if line.strip()]
    for line in reversed(lines[-POSTCODE_LINES:]):
        match = POSTCODE.match(line)
        if match:
            return match.group(1)
    return None


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (segno, error correction M: a letter survives a fold),
    sized by the letter's CSS. A quiet zone of two modules: the box around it is white too."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=1, border=2, omitsize=True, title=url)


def printed_url(url: str) -> str:
    """The address as people type it: without "https://" and the trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")


def duplex() -> bool:
    """Whether the batch is printed on both sides of the paper (``STEMME_LETTERS_DUPLEX``,
    default on): each letter then starts on a new sheet, with a blank page added after a
    letter of an odd number of pages."""
    return bool(getattr(settings, "STEMME_LETTERS_DUPLEX", True))


def sms_reply_number() -> str:
    """The number members send "AFBUD" to, when inbound SMS replies work; else ""."""
    from notifications import sms

    replies_enabled = getattr(sms, "replies_enabled", None)  # the inbound gateway may not be set up
    if replies_enabled is None or not replies_enabled():
        return ""
    return str(getattr(settings, "STEMME_SMS_REPLY_NUMBER", "") or "")


def signature_lines(council: Council) -> list[str]:
    """Who signs the council's letters: the (first) secretary by name, then the council."""
    from councils.models import CouncilSecretary

    secretary = (CouncilSecretary.objects.filter(council=council).exclude(user__name="")
                 .select_related("user").order_by("since", "id").first())
    names = [secretary.user.name] if secretary else []
    return [*names, council.name]


@dataclass
class Letter:
    """One printed letter, ready for the template (built by ``prepare``)."""

    message: OutboxMessage
    name: str
    address_lines: list[str]
    postcode: str | None
    subject: str
    paragraphs: list[str]
    appendix: list[str]              # paragraphs printed after the signature
    qr_url: str = ""
    qr: str = ""                     # the QR code of ``qr_url`` as inline SVG (safe to print as is)
    short_url: str = ""              # printed, without "https://"
    short_code: str = ""
    phone_afbud_text: str = ""
    sms_afbud_text: str = ""
    email_text: str = ""
    attachments: list[dict] = field(default_factory=list)  # the PDFs merged after the letter
    # Filled in while the batch is put together (notifications.documents):
    letter_pages: int = 0
    attachment_pages: int = 0
    blank_pages: int = 0
    missing: list[str] = field(default_factory=list)      # attachments that could not be built

    @property
    def has_box(self) -> bool:
        return bool(self.qr_url)

    @property
    def appendix_blocks(self) -> list[tuple[str, str]]:
        """The paragraphs after the signature as (first line, the rest): "Dagsorden:" and its items."""
        return [(head, rest) for head, _sep, rest in (p.partition("\n") for p in self.appendix)]

    @property
    def pages(self) -> int:
        """Printed pages (the letter and its attachments, without blank backs)."""
        return self.letter_pages + self.attachment_pages

    @property
    def sheets(self) -> int:
        total = self.pages + self.blank_pages
        return (total + 1) // 2 if duplex() else total


def _nowrap(number: str) -> str:
    """A phone number that does not break across lines ("43 68 68 68" with no-break spaces)."""
    return number.strip().replace(" ", "\u00a0")


def _first_line(paragraph: str) -> str:
    return paragraph.strip().splitlines()[0].strip() if paragraph.strip() else ""


def _split(text: str, *, omit: list[str], appendix_from: str) -> tuple[list[str], list[str]]:
    """The body's paragraphs for page one, and those printed after the signature. The body's own
    closing ("Venlig hilsen" and the names below it) is left out: the letter signs itself."""
    paragraphs = [p.strip("\n") for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]
    closing = _("Venlig hilsen")
    if paragraphs and _first_line(paragraphs[-1]).rstrip(",") == closing:
        paragraphs.pop()
    front: list[str] = []
    back: list[str] = []
    for paragraph in paragraphs:
        first = _first_line(paragraph)
        if any(first.startswith(prefix) for prefix in omit if prefix):
            continue
        (back if appendix_from and first == appendix_from else front).append(paragraph)
    return front, back


def prepare(message: OutboxMessage, *, council: Council, base_url: str | None = None) -> Letter:
    """The letter for one outbox message: the text as printed (links for the site at
    ``base_url``) split around the signature, the QR box from the registered letter context,
    and the PDFs to merge after it."""
    context = letter_context(message)
    text = getattr(message, "text", None) or links.resolve(message.body, base_url)
    front, back = _split(text, omit=list(context.get("omit") or ()),
                         appendix_from=str(context.get("appendix_from") or ""))
    qr_url = links.resolve(str(context.get("qr_url") or context.get("reading_url") or ""), base_url)
    short = context.get("short_url") or ""
    phone_text = context.get("phone_afbud_text") or ""
    sms_text = email_text = ""
    if qr_url or phone_text:
        if not phone_text and council.phone:
            phone_text = _("Kan du ikke komme? Ring til sekretariatet på %(phone)s") % {"phone": _nowrap(council.phone)}
        if council.email:
            email_text = _("Du kan også skrive til %(email)s.") % {"email": council.email}
        number = sms_reply_number()
        if number and phone_text:
            sms_text = _("eller send en SMS med ordet AFBUD til %(number)s") % {"number": _nowrap(number)}
    person = message.person
    name = person.name if person is not None else ""
    address = [line.strip() for line in message.to_address.splitlines() if line.strip()]
    if name and (not address or address[0] != name):
        address.insert(0, name)
    return Letter(
        message=message, name=name or (address[0] if address else ""), address_lines=address,
        postcode=postcode(message.to_address), subject=message.subject, paragraphs=front, appendix=back,
        qr_url=qr_url, qr=mark_safe(qr_svg(qr_url)) if qr_url else "",  # nosec B308 B703  # noqa: S308 – segno's SVG of our own URL
        short_url=printed_url(links.resolve(short, base_url)) if short else "",
        short_code=str(context.get("short_code") or ""),
        phone_afbud_text=phone_text, sms_afbud_text=sms_text, email_text=email_text,
        attachments=[a for a in message.attachments or () if a.get("content_type") == "application/pdf"])


def postal_key(*, address: str, name: str, pk: int | None) -> tuple:
    """The sort key of postal order: the postcode (unknown last), then the address and the name."""
    code = postcode(address)
    return (code is None, code or "", address.strip().casefold(), name.casefold(), pk or 0)


def postal_order(letters: list[Letter]) -> list[Letter]:
    """The letters sorted as the post office wants a batch handed in (``postal_key``)."""
    return sorted(letters, key=lambda letter: postal_key(address=letter.message.to_address, name=letter.name,
                                                          pk=letter.message.pk))
