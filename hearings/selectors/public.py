"""Reads for the public pages of the council's consultation responses (*høringssvar*) and
comment letters (*kommentarbreve*).

Every person and free text goes through the disclosure policy (``core.disclosure``) of the
sending council on the day the letter was sent: ``public_letter`` for a letter's text and
signatures, ``public_entries`` for the list.

Public means: sent and published. A response is public when its status is "sent" or "outcome
recorded" and ``published`` is on; a joint response is shown on the lead's page and on each
partner's page. A comment letter is public when it is sent and published. Everything else —
drafts, comments on the draft, unsent letters, another council's letters — is a 404 here, so
the public views never see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.disclosure import Disclosure
from core.formats import long_date
from councils.models import Council
from hearings.documents import LetterSection
from hearings.models import CommentLetter, Consultation, ConsultationPartner, ConsultationStatus, LetterStatus
from hearings.selectors.consultations import chairs_of, consultations_for
from meetings.documents import DOCUMENT_LANGUAGE

PUBLIC_STATUSES = (ConsultationStatus.SENT, ConsultationStatus.OUTCOME)


# --- Querysets ----------------------------------------------------------------------------------

def _partners() -> Prefetch:
    return Prefetch("partners",
                    queryset=ConsultationPartner.objects.select_related("council").order_by("added_at", "id"))


def public_responses(council: Council) -> QuerySet[Consultation]:
    """The council's sent, published responses (lead or partner of a joint one), newest first."""
    return (consultations_for(council)
            .filter(status__in=PUBLIC_STATUSES, published=True, sent_at__isnull=False)
            .select_related("council", "council__municipality", "committee")
            .prefetch_related(_partners())
            .order_by("-sent_at", "-id"))


def public_comment_letters(council: Council) -> QuerySet[CommentLetter]:
    """The council's sent, published comment letters, newest first."""
    return (CommentLetter.objects
            .filter(council=council, status=LetterStatus.SENT, published=True, sent_at__isnull=False)
            .select_related("council", "council__municipality", "committee_meeting", "committee_meeting__committee")
            .order_by("-sent_at", "-id"))


def public_response_get(council: Council, pk) -> Consultation:
    """One public response of ``council`` (404 when unsent, unpublished or another council's)."""
    return get_object_or_404(public_responses(council), pk=pk)


def public_comment_letter_get(council: Council, pk) -> CommentLetter:
    """One public comment letter of ``council`` (404 when unsent, unpublished or another council's)."""
    return get_object_or_404(public_comment_letters(council), pk=pk)


# --- Display values -----------------------------------------------------------------------------

def joint_with(consultation: Consultation, council: Council) -> list[Council]:
    """The other councils behind a joint response, seen from ``council`` (uses prefetched partners)."""
    everyone = [consultation.council] + [p.council for p in consultation.partners.all()]
    return [c for c in everyone if c.pk != council.pk]


def response_recipient(consultation: Consultation) -> str:
    if consultation.recipient_name:
        return consultation.recipient_name
    if consultation.committee_id:
        committee = consultation.committee
        assert committee is not None  # nosec B101  # committee_id is set, and the foreign key guarantees the row
        return committee.name
    return consultation.sender


def comment_letter_title(letter: CommentLetter) -> str:
    """"Kommentarer til dagsordenen for Social- og Sundhedsudvalgets møde den 6. marts 2018"."""
    meeting = letter.committee_meeting
    return _("Kommentarer til dagsordenen for mødet i %(committee)s den %(date)s") % {
        "committee": meeting.committee.name,
        "date": long_date(meeting.starts_at)}


def comment_letter_recipient(letter: CommentLetter) -> str:
    return letter.recipient_name or letter.committee_meeting.committee.name


@dataclass
class PublicEntry:
    """One row on the public list: a response or a comment letter."""

    kind: str                 # "response" | "comment_letter"
    pk: int
    title: str
    sent_on: dt.date
    recipient: str
    committee: str = ""
    outcome: str = ""
    joint_with: list[Council] = field(default_factory=list)
    url: str = ""
    pdf_url: str = ""
    sort_key: tuple = ()


def public_years(council: Council) -> list[int]:
    """The years in which the council sent something public, newest first (two queries)."""
    tz = timezone.get_current_timezone()
    years = {d.year for d in public_responses(council).order_by().datetimes("sent_at", "year", tzinfo=tz)}
    years |= {d.year for d in public_comment_letters(council).order_by().datetimes("sent_at", "year", tzinfo=tz)}
    return sorted(years, reverse=True)


def public_entries(council: Council, *, year: int | None = None) -> list[PublicEntry]:
    """Responses and comment letters together, newest first; one year's when ``year`` is given
    (the public page shows a year at a time, so it stays short as the years pass). Titles and
    outcomes through the disclosure policy on the day each was sent. Constant queries whatever
    the number."""
    disclosure = Disclosure.for_council(council, on=timezone.localdate())
    slug = council.slug
    entries: list[PublicEntry] = []
    responses, letters = public_responses(council), public_comment_letters(council)
    if year is not None:
        responses, letters = responses.filter(sent_at__year=year), letters.filter(sent_at__year=year)
    for c in responses:
        sent = timezone.localtime(c.sent_at)
        text = disclosure.at(sent.date()).text
        entries.append(PublicEntry(
            kind="response", pk=c.pk, title=text(c.title), sent_on=sent.date(), recipient=text(response_recipient(c)),
            committee=str(c.committee) if c.committee_id else "", outcome=text(c.outcome),
            joint_with=joint_with(c, council),
            url=reverse("public:response", args=[slug, c.pk]),
            pdf_url=reverse("public:response_pdf", args=[slug, c.pk]),
            sort_key=(sent, 1, c.pk)))
    for letter in letters:
        sent = timezone.localtime(letter.sent_at)
        recipient = disclosure.at(sent.date()).text(comment_letter_recipient(letter))
        entries.append(PublicEntry(
            kind="comment_letter", pk=letter.pk, title=comment_letter_title(letter), sent_on=sent.date(),
            recipient=recipient, committee=str(letter.committee_meeting.committee),
            url=reverse("public:comment_letter", args=[slug, letter.pk]),
            pdf_url=reverse("public:comment_letter_pdf", args=[slug, letter.pk]),
            sort_key=(sent, 0, letter.pk)))
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries


# --- Letters as the public reads them ---------------------------------------------------------------

def public_letter(doc, *, disclosures: dict | None = None):
    """A ``hearings.documents.LetterDocument`` as the public may read it: every text through the
    disclosure policy of each sending council on the letter's date, and the signatures rebuilt —
    "Anne Holm, formand, Udsatterådet i Albertslund" only when the chair may be named and positions
    are public, otherwise "Formanden, Udsatterådet i Albertslund". ``disclosures`` ({council id:
    Disclosure on the letter's date}) reuses what the page already has. At most three queries per
    council, plus one."""
    disclosures = {c.pk: (disclosures or {}).get(c.pk) or Disclosure.for_council(c, on=doc.date)
                   for c in doc.councils}

    def text(value: str) -> str:
        for disclosure in disclosures.values():
            value = disclosure.text(value)
        return value

    chairs = chairs_of(doc.councils, doc.date)
    signatures = []
    with translation.override(DOCUMENT_LANGUAGE):
        for council in doc.councils:
            chair, disclosure = chairs.get(council.pk), disclosures[council.pk]
            if chair is None:
                signatures.append(council.name)
            elif disclosure.can_name(chair) and disclosure.positions_public:
                signatures.append(_("%(name)s, formand, %(council)s") % {"name": chair.name, "council": council.name})
            else:
                signatures.append(_("Formanden, %(council)s") % {"council": council.name})
    return replace(doc, recipient_name=text(doc.recipient_name), subject=text(doc.subject), intro=text(doc.intro),
                   sections=[LetterSection(heading=text(s.heading), text=text(s.text)) for s in doc.sections],
                   closing=text(doc.closing), signatures=signatures)
