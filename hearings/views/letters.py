"""The comment letter pages: the letter for one committee meeting (preview assembled from the
council's relevant comments, the editable intro, closing, recipient and deadline), approval by
the formandskab, sending by the secretariat, and the letter as PDF and Word.

Everyone in the council reads the letter; the working group, the formandskab and the
secretariat edit it (``can_comment_on_committee``); approving and sending are permissions of
their own. Thin: selector → one service call → message or form error."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ApplicationError
from core.forms import form_status
from core.tenancy import council_view
from hearings import documents
from hearings.forms.committees import CommentLetterForm
from hearings.models import LetterStatus
from hearings.selectors import committees as committee_selectors
from hearings.selectors import letters as selectors
from hearings.services import letters as services
from hearings.views.committees import may_comment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _letter_url(council, meeting) -> str:
    return reverse("hearings:comment_letter", args=[council.slug, meeting.pk])


def _context(request, meeting, *, form=None) -> dict:
    council = request.council
    follow = committee_selectors.follow_get(council=council, committee=meeting.committee)
    page = selectors.letter_page(council=council, committee_meeting=meeting, follow=follow)
    letter = page.letter
    can_edit = may_comment(request.access, follow) and not page.sent
    if form is None and can_edit:
        form = CommentLetterForm(initial={
            "intro": page.intro, "closing": letter.closing, "recipient_name": letter.recipient_name,
            "recipient_email": letter.recipient_email, "deadline": letter.deadline, "published": letter.published})
    access = request.access
    return {"nav": "committees", "meeting": meeting, "committee": meeting.committee, "follow": follow,
            "page": page, "letter": letter, "form": form, "can_edit": can_edit,
            "can_approve": access.can("letters.approve") and letter.status == LetterStatus.DRAFT,
            "can_send": access.can("letters.send") and letter.status == LetterStatus.APPROVED,
            "signatures": selectors.letter_signatures(council=council, on=selectors.letter_date(letter))}


@council_view("committees.view")
def comment_letter(request, pk):
    council = request.council
    meeting = committee_selectors.committee_meeting_get(council=council, pk=pk)
    if request.method != "POST":
        return render(request, "hearings/committees/letter.html", _context(request, meeting))
    follow = committee_selectors.follow_get(council=council, committee=meeting.committee)
    if not may_comment(request.access, follow):
        raise PermissionDenied("committees.comment")
    form = CommentLetterForm(request.POST)
    if form.is_valid():
        try:
            services.comment_letter_save(council=council, committee_meeting=meeting, actor=request.user,
                                         **form.cleaned_data)
        except ApplicationError as error:
            error.add_to_form(form)
        else:
            messages.success(request, _("Brevet er gemt."))
            return redirect(_letter_url(council, meeting))
    return render(request, "hearings/committees/letter.html", _context(request, meeting, form=form),
                  status=form_status(form))


@require_POST
@council_view("letters.approve")
def comment_letter_approve(request, pk):
    council = request.council
    meeting = committee_selectors.committee_meeting_get(council=council, pk=pk)
    try:
        services.comment_letter_approve(council=council, committee_meeting=meeting, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Brevet er godkendt. Sekretariatet kan nu sende det."))
    return redirect(_letter_url(council, meeting))


@require_POST
@council_view("letters.send")
def comment_letter_send(request, pk):
    council = request.council
    meeting = committee_selectors.committee_meeting_get(council=council, pk=pk)
    try:
        letter = services.comment_letter_send(council=council, committee_meeting=meeting, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Brevet er lagt i udbakken og sendes til %(email)s om lidt.")
                         % {"email": letter.recipient_email})
    return redirect(_letter_url(council, meeting))


def _document(request, pk, fmt: str) -> HttpResponse:
    council = request.council
    meeting = committee_selectors.committee_meeting_get(council=council, pk=pk)
    follow = committee_selectors.follow_get(council=council, committee=meeting.committee)
    letter = selectors.letter_page(council=council, committee_meeting=meeting, follow=follow).letter
    doc = selectors.comment_letter_document(letter)
    if fmt == "pdf":
        # A sent letter never changes: its kept file; a draft is rendered as it is now.
        pdf = documents.letter_pdf_cached(doc, key=letter.pk) if letter.sent_at else documents.letter_pdf(doc)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{documents.letter_filename(doc, "pdf")}"'
    else:
        response = HttpResponse(documents.letter_docx(doc), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{documents.letter_filename(doc, "docx")}"'
    return response


@require_GET
@council_view("committees.view")
def comment_letter_pdf(request, pk):
    return _document(request, pk, "pdf")


@require_GET
@council_view("committees.view")
def comment_letter_docx(request, pk):
    return _document(request, pk, "docx")
