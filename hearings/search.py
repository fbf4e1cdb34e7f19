"""The council's public letters in the search index (``core.search``), registered in
``HearingsConfig.ready``: sent and published consultation responses (a joint one on every
partner's index too) and sent and published comment letters, as their public pages show them
(``hearings.selectors.public``: every text through the disclosure policy on the day it was sent).
Public only: the internal pages of drafts and comments are not indexed."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from core.search import SearchEntry
from councils.models import Council
from hearings.selectors import public as selectors
from hearings.selectors.consultations import response_document
from hearings.selectors.letters import comment_letter_document

RESPONSE, LETTER = "response", "comment_letter"


def _letter_text(doc) -> str:
    parts = [doc.recipient_name, doc.intro] + [f"{s.heading}\n{s.text}" for s in doc.sections] + [doc.closing]
    return "\n\n".join(p for p in parts if p)


def responses(*, council: Council) -> Iterator[SearchEntry]:
    for consultation in selectors.public_responses(council):
        doc = selectors.public_letter(response_document(consultation))
        yield SearchEntry(object_id=consultation.pk, title=doc.subject, body=_letter_text(doc),
                          date=timezone.localdate(consultation.sent_at),
                          url=reverse("public:response", args=[council.slug, consultation.pk]))


def comment_letters(*, council: Council) -> Iterator[SearchEntry]:
    for letter in selectors.public_comment_letters(council):
        doc = selectors.public_letter(comment_letter_document(letter))
        yield SearchEntry(object_id=letter.pk, title=selectors.comment_letter_title(letter), body=_letter_text(doc),
                          date=timezone.localdate(letter.sent_at),
                          url=reverse("public:comment_letter", args=[council.slug, letter.pk]))
