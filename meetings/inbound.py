"""Answers to invitations by SMS: "AFBUD" and "JA" for the person's next meeting.

Registered with ``notifications.inbound.register_inbound_handler`` (``MeetingsConfig.ready``);
notifications has already matched the sender's number to people (``persons``) and parsed the
text (``sms.parsed``). The rule is: act only when the text points at exactly one open meeting of
exactly one of those people; everything else is the secretariat's to decide, never a guess.

* The meetings considered are the ones the people are invited to (an invitation was sent),
  planned or with the agenda sent, not yet over.
* Known in two councils that both have such a meeting: unclear (both councils' inboxes; the
  person is asked to call).
* A date in the text ("Afbud 12/3") must be one of the meetings' dates; otherwise unclear.
* No date and two meetings ahead: unclear.
* The meeting has begun: afbud goes by phone (the answer says so; the secretariat sees the text).
* AFBUD: ``afbud_register(via=SMS)``, which calls in the substitute as the link does, and a
  confirmation with the reading link (where the afbud can be taken back).
* JA/KOMMER: ``attendance_confirm(via=SMS)`` and a short confirmation. After an afbud "JA" does
  not take it back by itself: the answer gives the link to do so, and the secretariat sees it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formats import date_text
from meetings import rules as meeting_rules
from meetings.models import AnswerChannel, Attendance, AttendanceStatus, MeetingStatus
from meetings.selectors.reading import reading_url
from meetings.services.attendance import afbud_register, attendance_confirm
from notifications.inbound import InboundResult, IncomingSms, Intent
from notifications.models import InboundOutcome

if TYPE_CHECKING:
    from councils.models import Council, Person

OPEN_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
ANSWERABLE = (AttendanceStatus.INVITED, AttendanceStatus.AFBUD)


def open_attendances(*, persons: Sequence[Person], now: dt.datetime) -> list[Attendance]:
    """The people's invitations to meetings not yet over (planned or with the agenda sent), the
    nearest first. One query."""
    return list(Attendance.objects
                .filter(person__in=[p.pk for p in persons], invited_at__isnull=False, status__in=ANSWERABLE,
                        meeting__status__in=OPEN_STATUSES)
                .filter(meeting__ends_at__gt=now)
                .select_related("meeting", "meeting__council", "person", "person__council")
                .order_by("meeting__starts_at", "pk"))


def _day(meeting) -> str:
    """"12. marts" (the year goes without saying in an answer about a coming meeting)."""
    return date_text(meeting.starts_at, "MONTH_DAY_FORMAT")


def _call_us(councils: Sequence[Council]) -> str:
    """"Ring til sekretariatet på 12 34 56 78." – with each council's number when there are several."""
    phones = [(c.name, c.phone.strip()) for c in councils if c.phone.strip()]
    if not phones:
        return _("Kontakt sekretariatet.")
    if len(councils) == 1:
        return _("Ring til sekretariatet på %(phone)s.") % {"phone": phones[0][1]}
    return _("Ring til sekretariatet: %(numbers)s.") % {"numbers": ", ".join(f"{n} {p}" for n, p in phones)}


def _unclear(*, councils: Sequence[Council], person: Person | None, note: str) -> InboundResult:
    return InboundResult(
        outcome=InboundOutcome.AMBIGUOUS, person=person, councils=list(councils), note=note,
        reply=_("Vi kan ikke se, hvilket møde din SMS gælder, så vi har ikke registreret noget. %(call)s")
        % {"call": _call_us(councils)})


def _on_day(attendance: Attendance, day: int | None, month: int | None) -> bool:
    local = timezone.localtime(attendance.meeting.starts_at)
    return (local.day, local.month) == (day, month)


def _councils_of(attendances: Sequence[Attendance]) -> list[Council]:
    seen: dict[int, Council] = {}
    for a in attendances:
        seen.setdefault(a.council_id, a.meeting.council)
    return list(seen.values())


def handle_reply(*, sms: IncomingSms, persons: Sequence[Person], now: dt.datetime) -> InboundResult | None:
    """AFBUD or JA for the one meeting the text points at (see the module's description); None
    for any other text (it goes to the secretariat's inbox)."""
    parsed = sms.parsed
    if parsed.intent not in (Intent.AFBUD, Intent.COMING):
        return None
    attendances = open_attendances(persons=persons, now=now)
    if not attendances:
        return InboundResult(outcome=InboundOutcome.INBOX, note=_("Personen er ikke indkaldt til et kommende møde."))
    councils = _councils_of(attendances)
    if len(councils) > 1:
        return _unclear(councils=councils, person=None,
                        note=_("Nummeret hører til personer i flere råd, der har møder forude."))
    council = councils[0]
    if parsed.has_date:
        matching = [a for a in attendances if _on_day(a, parsed.day, parsed.month)]
        if not matching:
            return _unclear(councils=[council], person=attendances[0].person,
                            note=_("Datoen i SMS'en (%(day)s/%(month)s) passer ikke med et møde, personen er "
                                   "indkaldt til.") % {"day": parsed.day, "month": parsed.month})
        attendances = matching
    if len(attendances) > 1:
        return _unclear(councils=[council], person=attendances[0].person,
                        note=_("Personen er indkaldt til flere møder, og SMS'en siger ikke hvilket."))
    attendance = attendances[0]
    meeting, person = attendance.meeting, attendance.person
    if meeting_rules.has_started(meeting, now=now):
        reply = ""
        if parsed.intent == Intent.AFBUD:
            reply = _("Mødet er begyndt, så afbud skal gives pr. telefon. %(call)s") % {"call": _call_us([council])}
        return InboundResult(outcome=InboundOutcome.INBOX, person=person, meeting=meeting, reply=reply,
                             note=_("Mødet var begyndt, da SMS'en kom."))
    if parsed.intent == Intent.AFBUD:
        return _afbud(attendance)
    return _coming(attendance)


def _afbud(attendance: Attendance) -> InboundResult:
    meeting, person = attendance.meeting, attendance.person
    try:
        afbud_register(attendance=attendance, via=AnswerChannel.SMS)
    except ApplicationError as error:
        return InboundResult(outcome=InboundOutcome.INBOX, person=person, meeting=meeting, note=error.message[:300])
    return InboundResult(
        outcome=InboundOutcome.AFBUD, person=person, meeting=meeting,
        reply=_("Tak. Dit afbud til mødet %(day)s er modtaget. Fortryd: %(link)s")
        % {"day": _day(meeting), "link": reading_url(attendance)})


def _coming(attendance: Attendance) -> InboundResult:
    meeting, person = attendance.meeting, attendance.person
    if attendance.status == AttendanceStatus.AFBUD:
        return InboundResult(
            outcome=InboundOutcome.INBOX, person=person, meeting=meeting,
            note=_("Personen har meldt afbud og skriver nu, at de kommer."),
            reply=_("Du har meldt afbud til mødet %(day)s. Vil du alligevel komme, så fortryd afbuddet her: "
                    "%(link)s") % {"day": _day(meeting), "link": reading_url(attendance)})
    try:
        attendance_confirm(attendance=attendance, via=AnswerChannel.SMS)
    except ApplicationError as error:
        return InboundResult(outcome=InboundOutcome.INBOX, person=person, meeting=meeting, note=error.message[:300])
    return InboundResult(
        outcome=InboundOutcome.COMING, person=person, meeting=meeting,
        reply=_("Tak. Vi har noteret, at du kommer til mødet %(day)s kl. %(time)s.")
        % {"day": _day(meeting), "time": date_text(meeting.starts_at, "TIME_FORMAT")})
