"""Public pages (no login) for what the council has said to the politicians: its sent and
published consultation responses — joint ones on every partner's page too — and its comment
letters on committee agendas, with the letter as PDF. Never drafts, comments on drafts or
unsent letters: every object is fetched through ``hearings.selectors.public``, which turns
anything else into a 404. People and free text go through the disclosure policy
(``core.disclosure``): ``selectors.public_letter`` for the letters and their PDFs."""

from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.disclosure import Disclosure
from core.documents import document_response
from core.tenancy import council_view
from hearings import documents
from hearings.selectors import public as selectors
from hearings.selectors.consultations import response_document
from hearings.selectors.letters import comment_letter_document

PDF_CACHE = "public, max-age=300"


def _pdf_response(request, doc: documents.LetterDocument) -> HttpResponseBase:
    doc = selectors.public_letter(doc)
    return document_response(request, documents.letter_pdf_document(doc),
                             filename=documents.letter_filename(doc, "pdf"), cache_control=PDF_CACHE)


@require_GET
@council_view("council.view_public")
def responses(request):
    """One year at a time (newest by default; ``?aar=2018`` for another), with links to the others."""
    years = selectors.public_years(request.council)
    asked = request.GET.get("aar", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else (years[0] if years else None)
    entries = selectors.public_entries(request.council, year=year) if year is not None else []
    return render(request, "public/hearings/responses.html", {
        "nav": "public_responses", "entries": entries, "years": years, "year": year})


@require_GET
@council_view("council.view_public")
def response(request, pk):
    council = request.council
    consultation = selectors.public_response_get(council, pk)
    doc = response_document(consultation)
    disclosure = Disclosure.for_council(council, on=doc.date)
    doc = selectors.public_letter(doc, disclosures={council.pk: disclosure})
    return render(request, "public/hearings/response.html", {
        "nav": "public_responses", "consultation": consultation,
        "paragraphs": documents.paragraphs(doc.intro),
        "joint_with": selectors.joint_with(consultation, council),
        "disclosure": disclosure,
        "recipient": selectors.response_recipient(consultation)})


@require_GET
@council_view("council.view_public")
def response_pdf(request, pk):
    return _pdf_response(request, response_document(selectors.public_response_get(request.council, pk)))


@require_GET
@council_view("council.view_public")
def comment_letter(request, pk):
    letter = selectors.public_comment_letter_get(request.council, pk)
    doc = selectors.public_letter(comment_letter_document(letter))
    return render(request, "public/hearings/comment_letter.html", {
        "nav": "public_responses", "letter": letter, "title": selectors.comment_letter_title(letter),
        "recipient": doc.recipient_name or selectors.comment_letter_recipient(letter),
        "intro": documents.paragraphs(doc.intro),
        "sections": [{"heading": s.heading, "paragraphs": documents.paragraphs(s.text)} for s in doc.sections],
        "closing": documents.paragraphs(doc.closing), "signatures": doc.signatures,
        "greeting": documents.needs_greeting(doc.closing)})


@require_GET
@council_view("council.view_public")
def comment_letter_pdf(request, pk):
    return _pdf_response(request, comment_letter_document(selectors.public_comment_letter_get(request.council, pk)))
