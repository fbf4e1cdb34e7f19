"""Outbox attachment builders for the hearings app (registered in ``HearingsConfig.ready``):
the response letter and the comment letter as PDF, rendered once when the letter is sent and
kept (``hearings.documents.letter_pdf_cached``), so every e-mail attaches the same file."""

from __future__ import annotations

from hearings.documents import letter_pdf_cached
from hearings.models import CommentLetter, Consultation
from hearings.selectors.consultations import response_document
from hearings.selectors.letters import comment_letter_document


def response_pdf(descriptor: dict) -> bytes:
    consultation = Consultation.objects.select_related("council", "council__municipality").get(
        pk=descriptor["consultation_id"])
    return letter_pdf_cached(response_document(consultation), key=consultation.pk)


def comment_letter_pdf(descriptor: dict) -> bytes:
    letter = CommentLetter.objects.select_related("council", "council__municipality").get(pk=descriptor["letter_id"])
    return letter_pdf_cached(comment_letter_document(letter), key=letter.pk)
