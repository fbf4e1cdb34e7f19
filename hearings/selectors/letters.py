"""Reads for comment letters: the council's comments on one committee meeting's agenda,
assembled into one letter.

A letter row is created on its first save (``hearings.services.letters``); before that the page
shows an unsaved letter with the defaults (recipient from the follow, deadline the committee
meeting's date minus ``follow.comment_days_before``, the standard intro).

The letter's sections are the items the council marked as relevant *and* commented on, by item
number, each headed "Punkt 3. SUS/ØU/KB – <title>". Once sent, the letter is what was sent:
``letter.sent_sections`` (frozen at sending) and the intro stored then."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.formats import long_date
from core.workdays import working_days_before
from councils.models import Council, Position, PositionKind
from hearings.documents import LetterDocument, LetterSection
from hearings.models import CommentLetter, CommitteeAgendaItem, CommitteeMeeting, ItemComment, LetterStatus

# Letters are municipal records: always written in Danish, whatever the reader's language.
LETTER_LANGUAGE = "da"


def letter_get(council: Council, committee_meeting_pk) -> CommentLetter | None:
    """The council's comment letter for a committee meeting, or None when none is saved yet."""
    return (CommentLetter.objects.filter(council=council, committee_meeting_id=committee_meeting_pk)
            .select_related("council", "council__municipality", "committee_meeting__committee", "approved_by",
                            "sent_by").first())


def meeting_date(meeting: CommitteeMeeting) -> dt.date:
    return timezone.localdate(meeting.starts_at)


def _date_long(day: dt.date) -> str:
    with translation.override(LETTER_LANGUAGE):
        return long_date(day)


def default_intro(*, council: Council, committee_meeting: CommitteeMeeting) -> str:
    """"Udsatterådet i Albertslund har følgende kommentarer til dagsordenen for mødet i
    Social- og Sundhedsudvalget den 3. april 2018:"."""
    with translation.override(LETTER_LANGUAGE):
        return _("%(council)s har følgende kommentarer til dagsordenen for mødet i %(committee)s den %(date)s:") % {
            "council": council.name, "committee": committee_meeting.committee.name,
            "date": _date_long(meeting_date(committee_meeting))}


def letter_subject(*, committee_meeting: CommitteeMeeting) -> str:
    with translation.override(LETTER_LANGUAGE):
        return _("Kommentarer til dagsordenen for mødet i %(committee)s den %(date)s") % {
            "committee": committee_meeting.committee.name, "date": _date_long(meeting_date(committee_meeting))}


def comment_deadline(meeting_day: dt.date, days_before: int) -> dt.date:
    """The comment letter is due ``days_before`` days before the committee meets, moved back to a
    working day (a Monday meeting with two days: the Friday before, not Saturday)."""
    return working_days_before(meeting_day, days_before)


def default_deadline(*, committee_meeting: CommitteeMeeting, follow=None) -> dt.date:
    days = follow.comment_days_before if follow is not None else 2
    return comment_deadline(meeting_date(committee_meeting), days)


def item_heading(*, number: int, case_code: str, title: str) -> str:
    """"Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018" (without a case code:
    "Punkt 3. Udarbejdelse …")."""
    with translation.override(LETTER_LANGUAGE):
        if case_code:
            return _("Punkt %(number)d. %(code)s – %(title)s") % {"number": number, "code": case_code, "title": title}
        return _("Punkt %(number)d. %(title)s") % {"number": number, "title": title}


@dataclass
class CommentSection:
    """One item in the letter (the form frozen in ``CommentLetter.sent_sections``)."""

    heading: str
    text: str
    number: int = 0
    case_code: str = ""
    title: str = ""
    item_id: int | None = None

    def as_json(self) -> dict:
        return {"heading": self.heading, "text": self.text, "number": self.number, "case_code": self.case_code,
                "title": self.title, "item_id": self.item_id}

    @classmethod
    def from_json(cls, data: dict) -> CommentSection:
        return cls(heading=data.get("heading", ""), text=data.get("text", ""), number=data.get("number") or 0,
                   case_code=data.get("case_code", ""), title=data.get("title", ""), item_id=data.get("item_id"))


def _relevant_comments(*, council: Council, committee_meeting) -> list[ItemComment]:
    return list(ItemComment.objects.filter(council=council, item__meeting=committee_meeting, relevant=True)
                .select_related("item").order_by("item__number", "item__id"))


def _section(comment: ItemComment) -> CommentSection:
    item = comment.item
    return CommentSection(heading=item_heading(number=item.number, case_code=item.case_code, title=item.title),
                          text=comment.text.strip(), number=item.number, case_code=item.case_code, title=item.title,
                          item_id=item.pk)


def live_sections(*, council: Council, committee_meeting: CommitteeMeeting) -> list[CommentSection]:
    """The sections as the comments stand now: relevant items with a comment, by number. One query."""
    return [_section(c) for c in _relevant_comments(council=council, committee_meeting=committee_meeting)
            if c.text.strip()]


def letter_sections(letter: CommentLetter) -> list[CommentSection]:
    """What the letter says item by item: frozen when sent, live before."""
    if letter.status == LetterStatus.SENT:
        return [CommentSection.from_json(s) for s in letter.sent_sections or []]
    return live_sections(council=letter.council, committee_meeting=letter.committee_meeting)


def letter_intro(letter: CommentLetter) -> str:
    return letter.intro.strip() or default_intro(council=letter.council, committee_meeting=letter.committee_meeting)


def letter_signatures(*, council: Council, on: dt.date) -> list[str]:
    """"Anna Jensen, formand, Udsatterådet i Albertslund" for the chair on the letter's date;
    the council's name when it has no chair."""
    chair = (Position.objects.filter(Q(end__isnull=True) | Q(end__gte=on), council=council, kind=PositionKind.CHAIR,
                                     start__lte=on).select_related("person").order_by("-start").first())
    if chair is None:
        return [council.name]
    with translation.override(LETTER_LANGUAGE):
        return [_("%(name)s, formand, %(council)s") % {"name": chair.person.name, "council": council.name}]


def letter_date(letter: CommentLetter) -> dt.date:
    return timezone.localdate(letter.sent_at) if letter.sent_at else timezone.localdate()


def comment_letter_document(letter: CommentLetter):
    """The letter as a ``hearings.documents.LetterDocument`` for the PDF and Word files."""
    day = letter_date(letter)
    return LetterDocument(
        councils=[letter.council], date=day, recipient_name=letter.recipient_name,
        subject=letter_subject(committee_meeting=letter.committee_meeting), intro=letter_intro(letter),
        sections=[LetterSection(heading=s.heading, text=s.text) for s in letter_sections(letter)],
        closing=letter.closing, signatures=letter_signatures(council=letter.council, on=day), reference="",
        kind="comments")


# --- The letter page --------------------------------------------------------------------------------

@dataclass
class LetterPage:
    """Everything the letter page shows. ``letter`` may be unsaved (``letter.pk is None``)."""

    letter: CommentLetter
    intro: str
    sections: list[CommentSection]
    # Items marked relevant without a comment: they are not in the letter (a warning on the page).
    relevant_without_comment: list[CommitteeAgendaItem] = field(default_factory=list)
    subject: str = ""

    @property
    def saved(self) -> bool:
        return self.letter.pk is not None

    @property
    def sent(self) -> bool:
        return self.letter.status == LetterStatus.SENT


def letter_draft(*, council: Council, committee_meeting: CommitteeMeeting, follow=None) -> CommentLetter:
    """The saved letter, or an unsaved one with the defaults."""
    letter = letter_get(council, committee_meeting.pk)
    if letter is not None:
        return letter
    return CommentLetter(
        council=council, committee_meeting=committee_meeting, status=LetterStatus.DRAFT,
        deadline=default_deadline(committee_meeting=committee_meeting, follow=follow),
        recipient_name=follow.recipient_name if follow is not None else "",
        recipient_email=follow.recipient_email if follow is not None else "")


def letter_page(*, council: Council, committee_meeting: CommitteeMeeting, follow=None) -> LetterPage:
    """The letter (saved or with defaults), its intro and sections and the relevant items that lack
    a comment. A fixed number of queries."""
    letter = letter_draft(council=council, committee_meeting=committee_meeting, follow=follow)
    letter.council, letter.committee_meeting = council, committee_meeting
    missing: list[CommitteeAgendaItem] = []
    if letter.status == LetterStatus.SENT:
        sections = letter_sections(letter)
    else:
        comments = _relevant_comments(council=council, committee_meeting=committee_meeting)
        sections = [_section(c) for c in comments if c.text.strip()]
        missing = [c.item for c in comments if not c.text.strip()]
    return LetterPage(letter=letter, intro=letter_intro(letter), sections=sections,
                      relevant_without_comment=missing, subject=letter_subject(committee_meeting=committee_meeting))
