"""The rules of procedure applied to one meeting: who has voting right, whether the council
has a quorum, and how a tied vote is decided.

* Members present vote.
* A substitute votes only when standing in for a member who is absent (afbud or absent
  without afbud): in personal mode only for the member they are personal substitute for,
  in pool mode for any absent member. One vote per absent member, however many stand in.
  ``may_substitute`` is the one place that decides who may stand in for whom: the forms'
  choices (through the selectors) and the services' checks both ask it.
* Guests never vote.
* Quorum: ``required = ceil(voting members × quorum_percent / 100)``, where voting members
  are the council's members on the meeting's date (the seats with a vote).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.utils import timezone

from councils.models import Membership, MembershipRole, SubstituteMode, TieBreak
from councils.selectors import roster_on, rules_in_force
from meetings.models import Attendance, AttendanceStatus, Meeting

ABSENT = (AttendanceStatus.AFBUD, AttendanceStatus.ABSENT)
EXPECTED = (AttendanceStatus.INVITED, AttendanceStatus.PRESENT)


def meeting_date(meeting: Meeting):
    return timezone.localdate(meeting.starts_at)


def has_started(meeting: Meeting, *, now=None) -> bool:
    """Whether the meeting has begun: from then on it can be registered as held, minutes can
    be approved at it, and afbud by link is over."""
    return (now or timezone.now()) >= meeting.starts_at


def is_meeting_day_or_later(meeting: Meeting, *, now=None) -> bool:
    """Whether the meeting's day has come: who came and who stayed away can be recorded from
    then on (people arrive before the start); before it only afbud can be known."""
    return timezone.localdate(now or timezone.now()) >= meeting_date(meeting)


def rules_for(meeting: Meeting):
    """The rules of procedure in force on the meeting's date (None when the council has none)."""
    return rules_in_force(council=meeting.council, on=meeting_date(meeting))


def roster_for(meeting: Meeting):
    """Who was on the council on the meeting's day (councils.selectors.roster_on): the one
    source of who may attend, stand in and vote. Three queries."""
    return roster_on(council=meeting.council, on=meeting_date(meeting))


def memberships_by_person(roster) -> dict[int, Membership]:
    """Each person's membership on the roster's day, by their weightiest role (member before
    substitute before guest), as invitations call them."""
    by_person: dict[int, Membership] = {}
    for group in (roster.members, roster.substitutes, roster.guests):
        for entry in group:
            by_person.setdefault(entry.membership.person_id, entry.membership)
    return by_person


def split_attendances(meeting: Meeting, *, roster=None) -> tuple[list[Attendance], list[Attendance]]:
    """The meeting's attendances as of its day: ``(on_council, off_council)``.

    An attendance counts when its person is on the roster that day; it then carries the
    membership of that day (so a substitute appointed member after the invitations is a
    member at the meeting). Guests added at the meeting without a membership count too. The
    rest – invited, but gone from the council by the meeting's day – are ``off_council``: they
    neither count towards the quorum nor vote. Four queries (one without the roster)."""
    roster = roster if roster is not None else roster_for(meeting)
    by_person = memberships_by_person(roster)
    rows = list(Attendance.objects.filter(meeting=meeting, council_id=meeting.council_id)
                .select_related("person", "membership").order_by("id"))
    kept: dict[int, Attendance] = {}
    off: list[Attendance] = []
    for a in rows:
        membership = by_person.get(a.person_id)
        if membership is not None:
            a.membership = membership
            kept[a.pk] = a
        elif a.membership_id is None:
            kept[a.pk] = a  # a guest noted at the meeting
        else:
            off.append(a)
    for a in kept.values():
        if a.stands_in_for_id:  # point at the row carrying the meeting day's membership
            a.stands_in_for = kept.get(a.stands_in_for_id)
    return list(kept.values()), off


def meeting_attendances(meeting: Meeting, *, roster=None) -> list[Attendance]:
    """Every attendance of the meeting by a person on the council on its day, with what the
    rules need (see ``split_attendances``)."""
    return split_attendances(meeting, roster=roster)[0]


def _role(attendance: Attendance) -> str | None:
    if attendance.is_guest:
        return MembershipRole.GUEST
    return cast(Membership, attendance.membership).role if attendance.membership_id else None


def substitute_mode(rules) -> str:
    """The substitute mode of the rules of procedure; personal substitutes when there are none."""
    return rules.substitute_mode if rules is not None else SubstituteMode.PERSONAL


def may_substitute(substitute: Membership | None, member: Membership | None, *, mode: str) -> bool:
    """Whether the holder of ``substitute`` may take the seat (and vote) of the holder of
    ``member`` under the substitute mode: a substitute for a member – with personal
    substitutes only for the member whose personal substitute they are, with a pool for any
    member. The memberships are those of the meeting's day."""
    if substitute is None or member is None:
        return False
    if substitute.role != MembershipRole.SUBSTITUTE or member.role != MembershipRole.MEMBER:
        return False
    if mode == SubstituteMode.POOL:
        return True
    return substitute.substitute_for_id == member.pk


def _membership(attendance: Attendance) -> Membership | None:
    """The membership an attendance carries; None for a guest."""
    if attendance.is_guest or not attendance.membership_id:
        return None
    return attendance.membership


def may_stand_in(substitute: Attendance, member: Attendance, *, mode: str) -> bool:
    """Whether ``substitute`` may take ``member``'s seat (and vote) under the substitute mode
    (``may_substitute``); a guest neither stands in nor is stood in for."""
    return may_substitute(_membership(substitute), _membership(member), mode=mode)


def voters(attendances: Iterable[Attendance], *, mode: str, statuses) -> list[Attendance]:
    attendances = list(attendances)
    voters = [a for a in attendances if _role(a) == MembershipRole.MEMBER and a.status in statuses]
    covered: set[int] = set()
    for a in attendances:
        member = a.stands_in_for
        if (a.status in statuses and member is not None and member.status in ABSENT
                and member.pk not in covered and may_stand_in(a, member, mode=mode)):
            covered.add(member.pk)
            voters.append(a)
    return voters


def voting_attendances(meeting: Meeting, *, attendances: list[Attendance] | None = None,
                       rules=None) -> list[Attendance]:
    """Attendances with voting right at the meeting: members present, and substitutes present
    who stand in for an absent member according to the rules."""
    rules = rules if rules is not None else rules_for(meeting)
    attendances = attendances if attendances is not None else meeting_attendances(meeting)
    return voters(attendances, mode=substitute_mode(rules), statuses=(AttendanceStatus.PRESENT,))


def voting_person_ids(meeting: Meeting) -> set[int]:
    """The people who may cast a ballot at the meeting."""
    return {a.person_id for a in voting_attendances(meeting)}


@dataclass(frozen=True)
class Quorum:
    required: int
    expected_present: int
    present: int
    reached: bool
    voting_members: int
    percent: int = 50

    @property
    def expected_reached(self) -> bool:
        """Whether the council will have a quorum if everyone called who has not sent afbud comes."""
        return self.expected_present >= self.required


def voting_member_count(meeting: Meeting, *, roster=None) -> int:
    """Seats with a vote: the council's members on the meeting's date."""
    return (roster if roster is not None else roster_for(meeting)).member_count


def quorum(meeting: Meeting, *, attendances: list[Attendance] | None = None, rules=None, roster=None) -> Quorum:
    """The quorum from the rules and the roster of the meeting's day. Pass the ``attendances``
    and the ``roster`` already loaded to save their queries."""
    rules = rules if rules is not None else rules_for(meeting)
    roster = roster if roster is not None else roster_for(meeting)
    attendances = attendances if attendances is not None else meeting_attendances(meeting, roster=roster)
    percent = rules.quorum_percent if rules is not None else 50
    members = voting_member_count(meeting, roster=roster)
    required = math.ceil(members * percent / 100)
    mode = substitute_mode(rules)
    present = len(voters(attendances, mode=mode, statuses=(AttendanceStatus.PRESENT,)))
    expected = len(voters(attendances, mode=mode, statuses=EXPECTED))
    return Quorum(required=required, expected_present=expected, present=present,
                  reached=members > 0 and present >= required, voting_members=members, percent=percent)


def decide(yes: int, no: int, rules, *, chair_vote: str | None = None) -> tuple[bool, bool]:
    """Whether a vote carried, and whether the chair's vote decided a tie: ``(carried,
    tie_broken_by_chair)``. More yes than no carries. On a tie, under "the chair's vote is
    decisive" the side the chair voted for wins (``chair_vote`` "yes" or "no"); when the
    chair abstained or did not vote, or the rules say a tie fails, the motion falls."""
    if yes != no:
        return yes > no, False
    tie_break = rules.tie_break if rules is not None else TieBreak.CHAIR
    if tie_break == TieBreak.CHAIR and chair_vote in ("yes", "no") and yes > 0:
        return chair_vote == "yes", True
    return False, False
