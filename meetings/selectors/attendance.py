"""Reads for attendance: the personal afbud link, a person's own attendance, and the expected
attendance of a meeting with its quorum."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.core import signing
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from councils.followups import Followup
from councils.models import Council, Membership, MembershipRole, RulesOfProcedure, SubstituteAttendance
from councils.selectors import rules_during
from meetings import rules as meeting_rules
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from notifications.selectors import manual_counts_for_meeting, messages_for_meeting

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

def attendance_get(*, council: Council, meeting: Meeting, pk) -> Attendance:
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

    # --- "Jeg kommer": the expected attendance for catering, and how sure the quorum is ---

    def _called(self) -> list[Attendance]:
        return [r.attendance for r in self.members + self.substitutes + self.guests]

    @property
    def coming(self) -> int:
        """People who said "Jeg kommer" (and have not sent afbud since), or who are recorded present."""
        return sum(1 for a in self._called()
                   if a.coming_at is not None and a.status in (AttendanceStatus.INVITED, AttendanceStatus.PRESENT))

    @property
    def afbud_count(self) -> int:
        return sum(1 for a in self._called() if a.status == AttendanceStatus.AFBUD)

    @property
    def not_answered(self) -> int:
        """Invited, and neither "Jeg kommer" nor afbud yet."""
        return sum(1 for a in self._called() if a.status == AttendanceStatus.INVITED and a.coming_at is None)

    @property
    def coming_voters(self) -> int:
        """Of those expected to vote, how many have said "Jeg kommer"."""
        return sum(1 for r in self.members + self.substitutes + self.guests
                   if r.votes and r.attendance.coming_at is not None
                   and r.attendance.status in (AttendanceStatus.INVITED, AttendanceStatus.PRESENT))

    @property
    def quorum_at_risk(self) -> bool:
        """Before the meeting: fewer of those expected to vote have said "Jeg kommer" than the
        quorum needs – it then rests on people who have not answered, or fails even with them."""
        return not self.quorum.expected_reached or self.coming_voters < self.quorum.required


def attendance_overview(*, meeting: Meeting) -> AttendanceOverview:
    """Who is called, who has sent afbud, which substitute stands in for whom, how each was
    invited, and whether the council will have a quorum – all as of the meeting's day: the
    people on the council that day (``roster_on``), whatever the roster says today. A constant
    number of queries."""
    rules = meeting_rules.rules_for(meeting)
    roster = meeting_rules.roster_for(meeting)
    attendances, off_council = meeting_rules.split_attendances(meeting, roster=roster)
    quorum = meeting_rules.quorum(meeting, attendances=attendances, rules=rules, roster=roster)
    mode = meeting_rules.substitute_mode(rules)
    # Before the meeting: who will vote if everyone expected comes; once attendance is recorded: who votes.
    recorded = any(a.status == AttendanceStatus.PRESENT for a in attendances)
    statuses = (AttendanceStatus.PRESENT,) if recorded else meeting_rules.EXPECTED
    voters = {a.pk for a in meeting_rules.voters(attendances, mode=mode, statuses=statuses)}
    latest: dict[int | None, object] = {}  # messages with a person only (filtered below)
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


@dataclass
class SubstituteCallChoices:
    """Whom the secretariat can call in for whom: members away (afbud or absent) whom no
    substitute covers yet, by attendance id, and substitutes who are free (not away, not
    standing in already), by membership id – each kept only when the rules let at least one
    of the others stand in with them (``meetings.rules.may_stand_in``)."""

    absent: dict[int, Attendance]
    substitutes: dict[int, Attendance]


def substitute_call_choices(*, overview: AttendanceOverview) -> SubstituteCallChoices:
    """The choices of the form that calls a substitute in, from the overview already loaded (no
    queries). The service (``services.attendance.substitute_call``) asks the same rule."""
    away = meeting_rules.ABSENT
    covered = {r.attendance.stands_in_for_id for r in overview.substitutes
               if r.attendance.stands_in_for_id and r.attendance.status not in away}
    absent = [r.attendance for r in overview.members
              if r.attendance.status in away and r.attendance.pk not in covered]
    free = [r.attendance for r in overview.substitutes
            if r.attendance.membership_id and not r.attendance.stands_in_for_id and r.attendance.status not in away]
    mode = meeting_rules.substitute_mode(overview.rules)
    pairs = {(s.pk, m.pk) for s in free for m in absent if meeting_rules.may_stand_in(s, m, mode=mode)}
    return SubstituteCallChoices(
        absent={m.pk: m for m in absent if any(pair[1] == m.pk for pair in pairs)},
        substitutes={cast(int, s.membership_id): s for s in free if any(pair[0] == s.pk for pair in pairs)})


def _not_invited(roster, attendances: list[Attendance]) -> list:
    """Memberships on the roster of the meeting's day whose person has not been invited: no
    attendance yet, or a member or guest never called (a substitute appointed member after
    the invitations went out)."""
    called = {a.person_id for a in attendances
              if a.status != AttendanceStatus.NOT_CALLED or a.invited_at is not None
              or (a.membership_id and cast(Membership, a.membership).role == MembershipRole.SUBSTITUTE)}
    return sorted((m for m in meeting_rules.memberships_by_person(roster).values() if m.person_id not in called),
                  key=lambda m: m.person.name.lower())


# --- Changed rules and meetings already called ------------------------------------------------------

@dataclass
class CallChange:
    """One substitute whose call to a meeting changes under the rules now in force."""

    attendance: Attendance
    stands_in_for: Attendance | None = None  # the member they will stand in for (invite, stand_in)


@dataclass
class InvitationDiff:
    """How the invitations of one meeting would change under the rules in force on its day:
    who would now be invited, who would no longer be called, and which substitutes would start
    or stop standing in for a member (and so voting) while still attending."""

    meeting: Meeting
    rules: RulesOfProcedure | None      # the rules of procedure in force on the meeting's day
    invite: list[CallChange] = field(default_factory=list)
    uncall: list[CallChange] = field(default_factory=list)
    stand_in: list[CallChange] = field(default_factory=list)
    release: list[CallChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.invite or self.uncall or self.stand_in or self.release)


def invitation_diff(*, meeting: Meeting, rules=None, attendances: list[Attendance] | None = None) -> InvitationDiff:
    """Who would be called to ``meeting`` if its invitations were sent again under the rules in
    force on its day, compared with who is called now.

    Members and guests are called whatever the rules; the rules decide the substitutes. When
    substitutes attend every meeting, every substitute on the council that day is invited;
    otherwise only a substitute standing in for a member who has sent afbud. A stand-in is kept
    while the substitute mode allows it (``meetings.rules.may_stand_in``); a member with afbud
    whom nobody covers gets their personal substitute, as an afbud does. Substitutes who have
    answered (afbud, present, absent) are left alone. Reads the attendances as of the meeting's
    day (``meetings.rules.split_attendances``) unless they are given."""
    rules = rules if rules is not None else meeting_rules.rules_for(meeting)
    diff = InvitationDiff(meeting=meeting, rules=rules)
    if rules is None:
        return diff
    attendances = attendances if attendances is not None else meeting_rules.meeting_attendances(meeting)
    always = rules.substitute_attendance == SubstituteAttendance.ALWAYS

    def role(a):
        return None if a.is_guest or not a.membership_id else a.membership.role

    substitutes = sorted((a for a in attendances if role(a) == MembershipRole.SUBSTITUTE), key=lambda a: a.pk)
    members = sorted((a for a in attendances if role(a) == MembershipRole.MEMBER), key=lambda a: a.pk)
    available = [s for s in substitutes if s.status not in meeting_rules.ABSENT]
    stands: dict[int, Attendance] = {}  # substitute pk -> the member they stand in for under the rules
    for s in available:
        member = s.stands_in_for
        if (member is not None and member.status in meeting_rules.ABSENT and member.pk not in
                {m.pk for m in stands.values()} and meeting_rules.may_stand_in(s, member, mode=rules.substitute_mode)):
            stands[s.pk] = member
    covered = {m.pk for m in stands.values()}
    for member in members:
        if member.status != AttendanceStatus.AFBUD or member.pk in covered:
            continue
        personal = next((s for s in available if s.pk not in stands
                         and cast(Membership, s.membership).substitute_for_id == member.membership_id), None)
        if personal is not None:
            stands[personal.pk] = member
            covered.add(member.pk)
    called = {s.pk for s in substitutes} if always else set(stands)
    for s in substitutes:
        target = stands.get(s.pk)
        if s.status == AttendanceStatus.NOT_CALLED and s.pk in called:
            diff.invite.append(CallChange(s, target))
        elif s.status == AttendanceStatus.INVITED and s.pk not in called:
            diff.uncall.append(CallChange(s, s.stands_in_for))
        elif s.status == AttendanceStatus.INVITED and target is not None and s.stands_in_for_id != target.pk:
            diff.stand_in.append(CallChange(s, target))
        elif s.status == AttendanceStatus.INVITED and target is None and s.stands_in_for_id:
            diff.release.append(CallChange(s, s.stands_in_for))
    return diff


def rules_changes_pending(*, council: Council, now=None) -> list[InvitationDiff]:
    """The meetings ahead whose agenda (and invitations) are sent and whose invitations would
    change under the rules of procedure in force on their day – after the rules changed. Five
    queries per such meeting (at most the few meetings called ahead), whatever the number of
    people or of past meetings."""
    now = now or timezone.now()
    meetings = list(Meeting.objects.filter(council=council, status=MeetingStatus.AGENDA_PUBLISHED, starts_at__gt=now)
                    .select_related("council").order_by("starts_at"))
    if not meetings:
        return []

    versions = rules_during(council=council, start=meeting_rules.meeting_date(meetings[0]),
                            end=meeting_rules.meeting_date(meetings[-1]))
    diffs = []
    for meeting in meetings:
        day = meeting_rules.meeting_date(meeting)
        in_force = [r for r in versions if r.valid_from <= day] or versions[:1]
        diff = invitation_diff(meeting=meeting, rules=in_force[-1] if in_force else None)
        if diff.changed:
            diffs.append(diff)
    return diffs


def rules_followups(*, council: Council, access) -> list:
    """For the council's rules page (councils.followups): a link to apply the rules to the meetings
    already called whose invitations they would change, for those who may."""
    if not access.can("attendance.manage"):
        return []
    diffs = rules_changes_pending(council=council)
    if not diffs:
        return []
    return [Followup(
        text=ngettext("Forretningsordenen ændrer, hvem der er indkaldt til %(n)d møde, hvor dagsordenen allerede er "
                      "sendt.", "Forretningsordenen ændrer, hvem der er indkaldt til %(n)d møder, hvor dagsordenen "
                      "allerede er sendt.", len(diffs)) % {"n": len(diffs)},
        link_text=_("Se ændringerne, og anvend dem"), url=reverse("meetings:rules_apply", args=[council.slug]))]
