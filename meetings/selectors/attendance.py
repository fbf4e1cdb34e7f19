"""Reads for attendance: the personal afbud link, a person's own attendance, and the expected
attendance of a meeting with its quorum."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core import signing
from django.shortcuts import get_object_or_404
from django.utils import timezone

from councils.models import MembershipRole
from meetings import rules as meeting_rules
from meetings.models import Attendance, AttendanceStatus, Meeting

AFBUD_SALT = "stemme.afbud"


# --- The afbud link -------------------------------------------------------------------------

class AfbudLinkInvalid(Exception):
    """The link was altered, or is not an afbud link at all."""


class AfbudLinkUnknown(Exception):
    """The link is genuine but its invitation no longer exists."""


class AfbudLinkExpired(Exception):
    """The meeting has started (or is over): afbud by link is no longer possible."""

    def __init__(self, attendance: Attendance):
        super().__init__("expired")
        self.attendance = attendance


def afbud_token(attendance: Attendance) -> str:
    """A signed token naming one attendance. The salt makes it single-purpose: it is not
    accepted by any other signed value in Stemme, and no other signed value is accepted here."""
    return signing.TimestampSigner(salt=AFBUD_SALT).sign(str(attendance.pk))


def attendance_from_afbud_token(token: str, *, now=None) -> Attendance:
    """The attendance a link was made for. Raises AfbudLinkInvalid (tampered), AfbudLinkUnknown
    (deleted) or AfbudLinkExpired (the meeting has started: links work until then)."""
    try:
        value = signing.TimestampSigner(salt=AFBUD_SALT).unsign(token)
    except signing.BadSignature:
        raise AfbudLinkInvalid from None
    if not value.isdigit():
        raise AfbudLinkInvalid
    attendance = (Attendance.objects.select_related("meeting", "meeting__council", "meeting__council__municipality",
                                                    "person", "membership", "stands_in_for__person")
                  .filter(pk=int(value)).first())
    if attendance is None:
        raise AfbudLinkUnknown
    if (now or timezone.now()) >= attendance.meeting.starts_at:
        raise AfbudLinkExpired(attendance)
    return attendance


# --- One person's attendance ----------------------------------------------------------------

def attendance_get(*, council, meeting: Meeting, pk) -> Attendance:
    return get_object_or_404(Attendance.objects.select_related("person", "membership"), council=council,
                             meeting=meeting, pk=pk)


def my_attendance(*, meeting: Meeting, person_ids) -> Attendance | None:
    """The logged-in person's attendance at the meeting (None when not called at all)."""
    if not person_ids:
        return None
    return (Attendance.objects.filter(meeting=meeting, council_id=meeting.council_id, person_id__in=person_ids)
            .select_related("person", "membership", "stands_in_for__person").order_by("id").first())


# --- The expected attendance -----------------------------------------------------------------

@dataclass
class AttendanceRow:
    attendance: Attendance
    stand_ins: list[Attendance] = field(default_factory=list)  # substitutes standing in for this member
    message: object | None = None  # the person's latest outbox message about the meeting
    votes: bool = False  # has voting right at the meeting (or will, as expected now)

    @property
    def person(self):
        return self.attendance.person


@dataclass
class AttendanceOverview:
    meeting: Meeting
    rules: object | None
    members: list[AttendanceRow]
    substitutes: list[AttendanceRow]
    guests: list[AttendanceRow]
    afbud: list[Attendance]
    quorum: meeting_rules.Quorum
    manual: dict[str, int]
    invited: bool  # invitations have been sent
    # Invited, but no longer on the council on the meeting's day (they neither count nor vote).
    off_council: list[Attendance] = field(default_factory=list)
    # On the council on the meeting's day but without an invitation (joined after it was sent).
    not_invited: list = field(default_factory=list)

    @property
    def called_count(self) -> int:
        return sum(1 for r in self.members + self.substitutes + self.guests
                   if r.attendance.status != AttendanceStatus.NOT_CALLED)

    @property
    def substitutes_called(self) -> list[AttendanceRow]:
        return [r for r in self.substitutes if r.attendance.stands_in_for_id]

    @property
    def manual_total(self) -> int:
        return sum(self.manual.values())


def attendance_overview(*, meeting: Meeting) -> AttendanceOverview:
    """Who is called, who has sent afbud, which substitute stands in for whom, how each was
    invited, and whether the council will have a quorum – all as of the meeting's day: the
    people on the council that day (``roster_on``), whatever the roster says today. A constant
    number of queries."""
    from notifications.selectors import manual_counts_for_meeting, messages_for_meeting

    rules = meeting_rules.rules_for(meeting)
    roster = meeting_rules.roster_for(meeting)
    attendances, off_council = meeting_rules.split_attendances(meeting, roster=roster)
    quorum = meeting_rules.quorum(meeting, attendances=attendances, rules=rules, roster=roster)
    mode = rules.substitute_mode if rules is not None else "personal"
    # Before the meeting: who will vote if everyone expected comes; once attendance is recorded: who votes.
    recorded = any(a.status == AttendanceStatus.PRESENT for a in attendances)
    statuses = (AttendanceStatus.PRESENT,) if recorded else meeting_rules.EXPECTED
    voters = {a.pk for a in meeting_rules.voters(attendances, mode=mode, statuses=statuses)}
    latest: dict[int, object] = {}
    for message in messages_for_meeting(meeting=meeting).filter(person__isnull=False):
        latest[message.person_id] = message  # ordered oldest first: the last one wins

    rows = {a.pk: AttendanceRow(a, message=latest.get(a.person_id), votes=a.pk in voters) for a in attendances}
    for a in attendances:
        if a.stands_in_for_id in rows:
            rows[a.stands_in_for_id].stand_ins.append(a)

    def role(a):
        return MembershipRole.GUEST if a.is_guest else (a.membership.role if a.membership_id else MembershipRole.GUEST)

    def by_name(group):
        return sorted(group, key=lambda r: r.person.name.lower())

    return AttendanceOverview(
        meeting=meeting, rules=rules,
        members=by_name(r for r in rows.values() if role(r.attendance) == MembershipRole.MEMBER),
        substitutes=by_name(r for r in rows.values() if role(r.attendance) == MembershipRole.SUBSTITUTE),
        guests=by_name(r for r in rows.values() if role(r.attendance) == MembershipRole.GUEST),
        afbud=sorted((a for a in attendances if a.status == AttendanceStatus.AFBUD),
                     key=lambda a: a.person.name.lower()),
        quorum=quorum, manual=manual_counts_for_meeting(meeting=meeting), invited=bool(attendances or off_council),
        off_council=sorted(off_council, key=lambda a: a.person.name.lower()),
        not_invited=_not_invited(roster, attendances + off_council) if attendances or off_council else [])


def _not_invited(roster, attendances: list[Attendance]) -> list:
    """Memberships on the roster of the meeting's day whose person has not been invited: no
    attendance yet, or a member or guest never called (a substitute appointed member after
    the invitations went out)."""
    called = {a.person_id for a in attendances
              if a.status != AttendanceStatus.NOT_CALLED or a.invited_at is not None
              or (a.membership_id and a.membership.role == MembershipRole.SUBSTITUTE)}
    return sorted((m for m in meeting_rules.memberships_by_person(roster).values() if m.person_id not in called),
                  key=lambda m: m.person.name.lower())
