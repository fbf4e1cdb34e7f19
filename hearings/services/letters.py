"""Writes for comment letters: the council's comments on one committee meeting's agenda as one
letter, from draft through the formandskab's approval to sending by e-mail through the outbox.

The letter row is created on its first save (or approval) with the defaults from the follow.
Sending freezes what was sent (``sent_sections`` and the intro) and queues one e-mail to the
recipient with the letter as a PDF built when the mail leaves (attachment builder
``hearings.comment_letter_pdf``). A sent letter never changes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.audit import audit, snapshot
from core.documents import store_after_commit
from core.errors import ApplicationError, full_clean_or_raise
from core.formats import long_date
from core.search import schedule_reindex
from hearings.documents import letter_pdf_cached
from hearings.models import CommentLetter, CommitteeFollow, CommitteeMeeting, LetterStatus
from hearings.selectors import letters as selectors
from notifications.services import outbox_enqueue

if TYPE_CHECKING:
    from accounts.models import User
    from councils.models import Council

_CONTENT = ["intro", "closing", "recipient_name", "recipient_email", "deadline", "published"]
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _same_municipality(council: Council, committee_meeting: CommitteeMeeting) -> None:
    if committee_meeting.municipality_id != council.municipality_id:
        raise ApplicationError(_("Udvalgsmødet hører til en anden kommune."))


def _follow(council: Council, committee_meeting) -> CommitteeFollow | None:
    return CommitteeFollow.objects.filter(council=council, committee_id=committee_meeting.committee_id).first()


def letter_approval_reset(*, letter: CommentLetter, actor: User | None = None) -> None:
    """A change to what an approved letter says voids the approval: it must be approved again."""
    if letter.status != LetterStatus.APPROVED:
        return
    before = snapshot(letter, ["status", "approved_at", "approved_by"])
    letter.status, letter.approved_at, letter.approved_by = LetterStatus.DRAFT, None, None
    letter.save(update_fields=["status", "approved_at", "approved_by"])
    audit(action="hearings.comment_letter.approval_reset", actor=actor, council=letter.council, obj=letter,
          before=before, after=snapshot(letter, ["status", "approved_at", "approved_by"]))


@transaction.atomic
def letter_get_or_create(*, council: Council, committee_meeting: CommitteeMeeting,
                         actor: User | None = None) -> CommentLetter:
    """The council's letter for the meeting, created as a draft with the follow's recipient and
    the default deadline when there is none yet."""
    _same_municipality(council, committee_meeting)
    letter, created = _letter_for_update(council=council, committee_meeting=committee_meeting)
    if created:
        audit(action="hearings.comment_letter.created", actor=actor, council=council, obj=letter)
    return letter


def _letter_for_update(*, council: Council, committee_meeting: CommitteeMeeting) -> tuple[CommentLetter, bool]:
    """The council's letter for the meeting, locked; created with the defaults when missing."""
    letter = (CommentLetter.objects.select_for_update()
              .filter(council=council, committee_meeting=committee_meeting).first())
    if letter is not None:
        letter.council, letter.committee_meeting = council, committee_meeting
        return letter, False
    letter = selectors.letter_draft(council=council, committee_meeting=committee_meeting,
                                    follow=_follow(council, committee_meeting))
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:  # created by someone else at the same moment
        letter = CommentLetter.objects.select_for_update().get(council=council, committee_meeting=committee_meeting)
        letter.council, letter.committee_meeting = council, committee_meeting
        return letter, False
    return letter, True


def _refuse_if_sent(letter: CommentLetter) -> None:
    if letter.status == LetterStatus.SENT:
        raise ApplicationError(_("Brevet blev sendt den %(date)s og kan ikke ændres.")
                               % {"date": long_date(letter.sent_at)}, code="sent")


@transaction.atomic
def comment_letter_save(*, council: Council, committee_meeting: CommitteeMeeting, intro: str = "", closing: str = "",
                        recipient_name: str = "", recipient_email: str = "", deadline: dt.date | None = None,
                        published: bool = True, actor: User | None = None) -> CommentLetter:
    """Save the letter's intro, closing, recipient, deadline and whether it is shown on the
    council's public page. An intro equal to the standard text is stored empty, so the standard
    text follows a changed meeting date. A change to an approved letter sends it back for approval."""
    _same_municipality(council, committee_meeting)
    letter, created = _letter_for_update(council=council, committee_meeting=committee_meeting)
    _refuse_if_sent(letter)
    before = {} if created else snapshot(letter, _CONTENT)
    intro = (intro or "").strip()
    if intro == selectors.default_intro(council=council, committee_meeting=committee_meeting):
        intro = ""
    letter.intro, letter.closing = intro, (closing or "").strip()
    letter.recipient_name, letter.recipient_email = (recipient_name or "").strip(), (recipient_email or "").strip()
    letter.deadline, letter.published = deadline, bool(published)
    full_clean_or_raise(letter, exclude=["council", "committee_meeting"], validate_unique=False,
                        validate_constraints=False)
    letter.save()
    after = snapshot(letter, _CONTENT)
    if before and (before["intro"], before["closing"]) != (after["intro"], after["closing"]):
        letter_approval_reset(letter=letter, actor=actor)
    audit(action="hearings.comment_letter.saved", actor=actor, council=council, obj=letter, before=before,
          after=after)
    return letter


@transaction.atomic
def comment_letter_approve(*, council: Council, committee_meeting: CommitteeMeeting,
                           actor: User | None = None) -> CommentLetter:
    """The formandskab approves the letter as it reads now (letters.approve, checked by the view)."""
    _same_municipality(council, committee_meeting)
    letter, _created = _letter_for_update(council=council, committee_meeting=committee_meeting)
    _refuse_if_sent(letter)
    if letter.status == LetterStatus.APPROVED:
        raise ApplicationError(_("Brevet er allerede godkendt."), code="approved")
    if not selectors.live_sections(council=council, committee_meeting=committee_meeting):
        raise ApplicationError(_("Brevet har ingen kommentarer endnu. Markér mindst ét punkt som relevant, og skriv "
                                 "rådets kommentar til det, før brevet godkendes."), code="empty")
    before = snapshot(letter, ["status", "approved_at", "approved_by"])
    letter.status, letter.approved_at = LetterStatus.APPROVED, timezone.now()
    letter.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    letter.save(update_fields=["status", "approved_at", "approved_by"])
    audit(action="hearings.comment_letter.approved", actor=actor, council=council, obj=letter, before=before,
          after=snapshot(letter, ["status", "approved_at", "approved_by"]))
    return letter


def attachment_name(letter: CommentLetter) -> str:
    """"kommentarer-sus-2026-04-03.pdf"."""
    abbreviation = slugify(letter.committee_meeting.committee.abbreviation.translate(_TRANSLIT)) or "udvalg"
    return f"kommentarer-{abbreviation}-{selectors.meeting_date(letter.committee_meeting):%Y-%m-%d}.pdf"


def _email_body(letter: CommentLetter, sections) -> str:
    """The letter as plain text (the PDF is attached); in Danish like the letter itself."""
    with translation.override(selectors.LETTER_LANGUAGE):
        parts = [selectors.letter_intro(letter)]
        parts += [f"{s.heading}\n{s.text}" for s in sections]
        signatures = "\n".join(selectors.letter_signatures(council=letter.council,
                                                           on=selectors.letter_date(letter)))
        closing = letter.closing.strip()
        if closing and "hilsen" in closing.rsplit("\n", 1)[-1].lower():
            parts.append(f"{closing}\n{signatures}")
        else:
            parts += [closing] if closing else []
            parts.append(_("Med venlig hilsen") + "\n" + signatures)
        parts.append(_("Brevet er vedhæftet som PDF."))
    return "\n\n".join(parts)


@transaction.atomic
def comment_letter_send(*, council: Council, committee_meeting: CommitteeMeeting,
                        actor: User | None = None) -> CommentLetter:
    """Send the approved letter: freeze its sections and intro, record who sent it and when, and
    queue one e-mail to the recipient with the letter as PDF (letters.send, checked by the view).
    Refused without comments, without the recipient's e-mail, before approval, and when sent."""
    _same_municipality(council, committee_meeting)
    letter, _created = _letter_for_update(council=council, committee_meeting=committee_meeting)
    _refuse_if_sent(letter)
    sections = selectors.live_sections(council=council, committee_meeting=committee_meeting)
    if not sections:
        raise ApplicationError(_("Brevet har ingen kommentarer, så der er intet at sende. Markér mindst ét punkt "
                                 "som relevant, og skriv rådets kommentar til det."), code="empty")
    if not letter.recipient_email:
        raise ApplicationError(_("Brevet har ingen modtager. Skriv modtagerens e-mail og gem brevet, før det "
                                 "sendes."), field="recipient_email", code="no_recipient")
    if letter.status != LetterStatus.APPROVED:
        raise ApplicationError(_("Brevet skal godkendes af formandskabet, før det sendes."), code="not_approved")
    before = snapshot(letter, ["status", "intro", "sent_at", "sent_by", "sent_sections"])
    letter.intro = selectors.letter_intro(letter)
    letter.sent_sections = [s.as_json() for s in sections]
    letter.status, letter.sent_at = LetterStatus.SENT, timezone.now()
    letter.sent_by = actor if getattr(actor, "is_authenticated", False) else None
    letter.save(update_fields=["status", "intro", "sent_at", "sent_by", "sent_sections"])
    outbox_enqueue(
        council=council, channel="email", person=None, to_address=letter.recipient_email,
        subject=selectors.letter_subject(committee_meeting=committee_meeting), body=_email_body(letter, sections),
        kind="hearings.comment_letter",
        attachments=[{"builder": "hearings.comment_letter_pdf", "letter_id": letter.pk,
                      "name": attachment_name(letter), "content_type": "application/pdf"}],
        actor=actor)
    audit(action="hearings.comment_letter.sent", actor=actor, council=council, obj=letter, before=before,
          after=snapshot(letter, ["status", "intro", "sent_at", "sent_by", "sent_sections"]))
    store_after_commit(lambda: letter_pdf_cached(selectors.comment_letter_document(letter), key=letter.pk))
    schedule_reindex(council, ["comment_letter"])  # public now (core.search)
    return letter
