"""Reads for the personal reading link: the signed link (/l/<token>/) and the letter's short
code (/k/<code>/) that open one meeting's agenda, its attachments and the person's own
afbud / "Jeg kommer" without a login.

The link names one ``Attendance`` and is signed like the afbud link (``TimestampSigner``) with
its own salt, so an afbud link is not a reading link and the other way round. It works until
the meeting's minutes are approved, at the latest ``STEMME_READING_LINK_MAX_DAYS`` days after
the meeting (default 60), and until the secretariat closes it (``reading_revoked_at``).

What a reader sees of closed items is decided by the permission policy, as on the internal
pages: the person's role on the council on the meeting's day, asked for ``meetings.view``
(``core.permissions``). Someone without that right (their membership has ended, or a guest
noted without one) reads the agenda as the public does (``items_for_meeting(public=True)``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core import links
from core.permissions import CouncilAccess, Role
from meetings import rules as meeting_rules
from meetings.models import AgendaItem, Attachment, Attendance, AttendanceStatus, Meeting, MeetingStatus
from meetings.selectors.agenda import RECORD_STATUSES, attachment_visible_to_public, items_for_meeting

READING_SALT = "stemme.reading"
#: Crockford's base 32 without I, L, O and U: no letter that reads as a digit or another letter.
SHORT_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SHORT_CODE_LENGTH = 6
#: What a person may type for a letter that looks alike (Crockford's decoding).
_LOOKALIKE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = re.compile(r"[\s\-–_.]+")
DEFAULT_MAX_DAYS = 60
OPEN_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
OSM_SEARCH = "https://www.openstreetmap.org/search?query="


class ReadingLinkInvalid(Exception):
    """The link was altered, is not a reading link, or its invitation no longer exists."""


class ReadingLinkUnusable(Exception):
    """A genuine link that no longer works; ``attendance`` tells the page whom to call."""

    def __init__(self, attendance: Attendance):
        super().__init__(type(self).__name__)
        self.attendance = attendance


class ReadingLinkExpired(ReadingLinkUnusable):
    """The minutes are approved, or the meeting is more than the allowed days ago."""


class ReadingLinkRevoked(ReadingLinkUnusable):
    """The secretariat has closed the link."""


# --- The link and the short code -----------------------------------------------------------------

def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=READING_SALT)


def reading_token(attendance: Attendance) -> str:
    """A signed token naming one attendance, for reading only (its own salt)."""
    return _signer().sign(str(attendance.pk))


def reading_url(attendance: Attendance, *, base_url: str | None = None) -> str:
    """``/l/<token>/`` as a link in a message (``core.links.message_url``)."""
    return links.message_url(reverse("reading", args=[reading_token(attendance)]), base_url)


def short_url(attendance: Attendance, *, base_url: str | None = None) -> str:
    """``/k/<code>/`` as a link in a message; "" when the attendance has no short code (not invited)."""
    if not attendance.short_code:
        return ""
    return links.message_url(reverse("reading_short", args=[attendance.short_code]), base_url)


def short_code_display(code: str | None) -> str:
    """The code as printed in a letter: "7H3 K9Q" reads more easily than "7H3K9Q"."""
    if not code:
        return ""
    half = (len(code) + 1) // 2
    return f"{code[:half]} {code[half:]}"


def normalise_short_code(code: str) -> str | None:
    """The code as stored, from what someone typed: any case, spaces and dashes ignored, O read
    as 0 and I/L as 1. None when it cannot be a code at all."""
    text = _IGNORED.sub("", code or "").upper().translate(_LOOKALIKE)
    if not 4 <= len(text) <= 8 or any(ch not in SHORT_CODE_ALPHABET for ch in text):
        return None
    return text


def max_days() -> int:
    return int(getattr(settings, "STEMME_READING_LINK_MAX_DAYS", DEFAULT_MAX_DAYS))


def _attendances():
    return Attendance.objects.select_related(
        "meeting", "meeting__council", "meeting__council__municipality", "person", "membership",
        "membership__term", "stands_in_for__person")


def reading_expires_at(meeting: Meeting) -> dt.datetime:
    """The latest moment a link to the meeting works when its minutes are never approved."""
    return meeting.ends_at + dt.timedelta(days=max_days())


def check_reading(attendance: Attendance, *, now=None) -> Attendance:
    """The attendance if its link still works; else ReadingLinkRevoked / ReadingLinkExpired."""
    if attendance.reading_revoked_at is not None:
        raise ReadingLinkRevoked(attendance)
    meeting = attendance.meeting
    if (meeting.status in RECORD_STATUSES or meeting.minutes_approved_at is not None
            or (now or timezone.now()) > reading_expires_at(meeting)):
        raise ReadingLinkExpired(attendance)
    return attendance


def attendance_from_reading_token(token: str, *, now=None) -> Attendance:
    """The attendance a reading link was made for. Raises ReadingLinkInvalid (altered, another
    kind of link, or deleted), ReadingLinkRevoked or ReadingLinkExpired."""
    try:
        value = _signer().unsign(token or "")
    except signing.BadSignature:
        raise ReadingLinkInvalid from None
    if not value.isdigit():
        raise ReadingLinkInvalid
    attendance = _attendances().filter(pk=int(value)).first()
    if attendance is None:
        raise ReadingLinkInvalid
    return check_reading(attendance, now=now)


def attendance_from_short_code(code: str, *, now=None) -> Attendance:
    """The attendance with this short code (case-insensitive, spaces and dashes ignored); the
    same exceptions as ``attendance_from_reading_token``."""
    normalised = normalise_short_code(code)
    if normalised is None:
        raise ReadingLinkInvalid
    attendance = _attendances().filter(short_code=normalised).first()
    if attendance is None:
        raise ReadingLinkInvalid
    return check_reading(attendance, now=now)


def next_attendance_for_person(*, person_ids, now=None) -> Attendance | None:
    """The nearest meeting ahead (not started, not cancelled) that one of the people is called
    to: invited, afbud sent, or invited and later no longer called. For SMS replies and the
    member's start page."""
    if not person_ids:
        return None
    return (Attendance.objects.filter(person_id__in=list(person_ids), meeting__status__in=OPEN_STATUSES,
                                      meeting__starts_at__gt=now or timezone.now())
            .filter(Q(status__in=(AttendanceStatus.INVITED, AttendanceStatus.AFBUD))
                    | Q(status=AttendanceStatus.NOT_CALLED, invited_at__isnull=False))
            .select_related("meeting", "meeting__council", "person", "membership")
            .order_by("meeting__starts_at", "id").first())


# --- What the reader sees -----------------------------------------------------------------------

def reading_access(attendance: Attendance) -> CouncilAccess:
    """The person's roles in the council on the meeting's day, by the membership they were
    called with – for the permission policy, which decides what they may read."""
    meeting = attendance.meeting
    roles: set[Role] = {Role.PUBLIC}
    membership = attendance.membership
    if membership is not None and membership.is_active_on(meeting_rules.meeting_date(meeting)):
        roles.add(Role(membership.role))
    return CouncilAccess(user=None, council=meeting.council, roles=frozenset(roles),
                         person_ids=(attendance.person_id,))


def reading_entitled(attendance: Attendance) -> bool:
    """Whether the person reads the agenda as the council's people do (closed items included)."""
    return reading_access(attendance).can("meetings.view")


def map_url(place: str) -> str:
    """A link to the place on OpenStreetMap's search (as on the public event pages)."""
    return OSM_SEARCH + quote(place) if place else ""


@dataclass
class ReadingPage:
    attendance: Attendance
    meeting: Meeting
    items: list[AgendaItem]
    entitled: bool          # reads closed items as the council's people do
    started: bool           # the meeting has begun: no afbud or "Jeg kommer" any more
    can_answer: bool        # afbud / "Jeg kommer" possible now
    can_withdraw: bool      # an afbud that can be taken back now
    hidden_closed: int      # closed items left out for someone not entitled
    map_url: str


@dataclass
class ReadingAgenda:
    items: list[AgendaItem]
    entitled: bool
    hidden_closed: int


def reading_agenda(attendance: Attendance) -> ReadingAgenda:
    """The agenda as this reader may see it (closed items by their role on the meeting's day)."""
    meeting = attendance.meeting
    entitled = reading_entitled(attendance)
    items = items_for_meeting(meeting=meeting, public=not entitled)
    hidden = 0
    if not entitled:
        hidden = (AgendaItem.objects.filter(meeting=meeting, council_id=meeting.council_id, closed=True)
                  .exclude(pk__in=[i.pk for i in items]).filter(proposal_status="accepted").count())
    return ReadingAgenda(items=items, entitled=entitled, hidden_closed=hidden)


def reading_page(attendance: Attendance, *, now=None, agenda: bool = True) -> ReadingPage:
    """Everything the reading page shows, in a constant number of queries. ``agenda=False``: without
    the agenda (items empty; the page's cached fragment reads ``reading_agenda`` only on a miss)."""
    meeting = attendance.meeting
    part = reading_agenda(attendance) if agenda else ReadingAgenda(items=[], entitled=False, hidden_closed=0)
    items, entitled, hidden = part.items, part.entitled, part.hidden_closed
    started = meeting_rules.has_started(meeting, now=now)
    open_meeting = meeting.status in OPEN_STATUSES and not started
    return ReadingPage(
        attendance=attendance, meeting=meeting, items=items, entitled=entitled, started=started,
        can_answer=open_meeting and attendance.status in (AttendanceStatus.INVITED, AttendanceStatus.NOT_CALLED),
        can_withdraw=open_meeting and attendance.status == AttendanceStatus.AFBUD,
        hidden_closed=hidden, map_url=map_url(meeting.location))


def reading_attachment(attendance: Attendance, pk) -> Attachment | None:
    """An attachment the reader may download through their own link: an item of their meeting
    on the agenda, and – for someone not entitled – one the public may see. None otherwise."""
    meeting = attendance.meeting
    attachment = (Attachment.objects.select_related("item")
                  .filter(pk=pk, council_id=meeting.council_id, item__meeting=meeting,
                          item__proposal_status="accepted").first())
    if attachment is None:
        return None
    if not reading_entitled(attendance) and not attachment_visible_to_public(attachment, meeting):
        return None
    return attachment
