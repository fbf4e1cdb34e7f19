"""Outbox attachment builders for the hearings app (registered in ``HearingsConfig.ready``):
the response letter and the comment letter are rendered when the e-mail leaves."""

from __future__ import annotations


def response_pdf(descriptor: dict) -> bytes:
    from hearings.documents import letter_pdf
    from hearings.models import Consultation
    from hearings.selectors.consultations import response_document

    consultation = Consultation.objects.select_related("council", "council__municipality").get(
        pk=descriptor["consultation_id"])
    return letter_pdf(response_document(consultation))


def comment_letter_pdf(descriptor: dict) -> bytes:
    from hearings.documents import letter_pdf
    from hearings.models import CommentLetter
    from hearings.selectors.letters import comment_letter_document

    letter = CommentLetter.objects.select_related("council", "council__municipality").get(pk=descriptor["letter_id"])
    return letter_pdf(comment_letter_document(letter))
