"""Reads for the minutes: the attendance list of a meeting, the items with everything the
minutes record (decision, dissent, conflicts, votes, action items), the state of written
approval, and the whole minutes as one object for the editor and the documents.

Every function filters on the meeting (and so on its council) and prefetches, so the number
of queries does not grow with the number of items, votes or people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import Council, Membership, MembershipRole, MembershipStatus, Person, Position, PositionKind
from councils.selectors import roster_on
from meetings import rules
from meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Ballot,
    ConflictOfInterest,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesApproval,
    StandardItem,
    Vote,
)
from meetings.selectors.agenda import items_for_meeting

# --- Attendance --------------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    """One person on the meeting's attendance list: everyone on the roster on the meeting day
    plus anyone with an attendance row (guests added at the meeting)."""

    person: Person
    role: str                         # "member" | "substitute" | "guest" | "" (a guest without membership)
    role_label: str
    positions: list[str]
    attendance: Attendance | None
    substitute_for: Person | None     # whose personal substitute (from the roster)
    stands_in_for: Person | None      # for whom the substitute stands in at this meeting
    membership: Membership | None = None  # on the meeting's day (none for a guest noted at the meeting)

    @property
    def status(self) -> str:
        return self.attendance.status if self.attendance else ""

    @property
    def is_guest(self) -> bool:
        return self.role in ("guest", "") or bool(self.attendance and self.attendance.is_guest)


def _meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.starts_at)


def attendance_rows(*, meeting: Meeting) -> list[AttendanceRow]:
    """Members first, then substitutes, then guests; each group by name: the people on the
    council on the meeting's day, and guests noted at the meeting. Four queries."""
    roster = roster_on(council=meeting.council, on=_meeting_day(meeting))
    attendances = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)
                   .select_related("person", "stands_in_for__person")}
    rows: list[AttendanceRow] = []
    seen: set[int] = set()
    for group in (roster.members, roster.substitutes, roster.guests):
        for entry in sorted(group, key=lambda e: e.membership.person.name):
            m: Membership = entry.membership
            if m.person_id in seen:
                continue
            seen.add(m.person_id)
            a = attendances.get(m.person_id)
            rows.append(AttendanceRow(
                person=m.person, role=m.role, role_label=m.get_role_display(), positions=entry.positions,
                attendance=a, substitute_for=m.substitute_for.person if m.substitute_for else None,
                stands_in_for=a.stands_in_for.person if a and a.stands_in_for else None, membership=m))
    for a in sorted(attendances.values(), key=lambda a: a.person.name):
        if a.person_id in seen or a.membership_id is not None:
            continue  # on the roster already, or invited but no longer on the council that day
        rows.append(AttendanceRow(person=a.person, role="", role_label=_("Gæst"), positions=[], attendance=a,
                                  substitute_for=None,
                                  stands_in_for=a.stands_in_for.person if a.stands_in_for else None))
    return rows


@dataclass
class AttendanceSheet:
    """The whole-meeting attendance form's data: everyone expected at the meeting (members,
    substitutes, guests on the council that day, and guests noted at the meeting), whom each
    substitute may stand in for under the rules, and whether presence can be recorded yet."""

    meeting: Meeting
    rows: list[AttendanceRow]
    members: list[Person]
    mode: str                 # the rules' substitute mode on the meeting's day
    on_the_day: bool          # the meeting's day has come: presence and absence can be recorded

    def stand_in_choices(self, row: AttendanceRow) -> list[Person]:
        """The members a substitute may stand in for under the rules (``meetings.rules.may_substitute``:
        their own member with personal substitutes, any member with a pool); the member they
        stand in for now is always kept."""
        if row.role != MembershipRole.SUBSTITUTE:
            return []
        choices = [r.person for r in self.rows
                   if r.role == MembershipRole.MEMBER and rules.may_substitute(row.membership, r.membership,
                                                                             mode=self.mode)]
        if row.stands_in_for and row.stands_in_for not in choices:
            choices.append(row.stands_in_for)
        return choices

    def groups(self) -> list[tuple[str, str, list[AttendanceRow]]]:
        """(key, heading, rows) for members, substitutes and guests; empty groups left out."""
        return [(key, label, rows) for key, label, rows in (
            ("members", _("Medlemmer"), [r for r in self.rows if r.role == MembershipRole.MEMBER]),
            ("substitutes", _("Suppleanter"), [r for r in self.rows if r.role == MembershipRole.SUBSTITUTE]),
            ("guests", _("Gæster"), [r for r in self.rows if r.is_guest])) if rows]


def attendance_sheet(*, meeting: Meeting) -> AttendanceSheet:
    """Everything the whole-meeting attendance form needs, in a constant number of queries."""
    rows = attendance_rows(meeting=meeting)
    procedure = rules.rules_for(meeting)
    return AttendanceSheet(meeting=meeting, rows=rows, members=[r.person for r in rows if r.role == "member"],
                           mode=rules.substitute_mode(procedure), on_the_day=rules.is_meeting_day_or_later(meeting))


@dataclass
class AttendanceSummary:
    present: list[AttendanceRow]
    afbud: list[AttendanceRow]
    absent: list[AttendanceRow]
    unregistered: list[AttendanceRow]
    stand_ins: list[AttendanceRow]
    guests: list[AttendanceRow]


def attendance_summary(rows: list[AttendanceRow]) -> AttendanceSummary:
    """The attendance list split the way the minutes print it. Substitutes who were not
    called and did not come are left out (they were never expected)."""
    s = AttendanceSummary([], [], [], [], [], [])
    for row in rows:
        if row.is_guest:
            if row.status == AttendanceStatus.PRESENT:
                s.guests.append(row)
            continue
        if row.stands_in_for is not None and row.status == AttendanceStatus.PRESENT:
            s.stand_ins.append(row)
        elif row.status == AttendanceStatus.PRESENT:
            s.present.append(row)
        elif row.status == AttendanceStatus.AFBUD:
            s.afbud.append(row)
        elif row.status == AttendanceStatus.ABSENT:
            s.absent.append(row)
        elif row.role == MembershipRole.MEMBER:
            s.unregistered.append(row)
        elif row.role == MembershipRole.SUBSTITUTE and row.status == AttendanceStatus.INVITED:
            s.unregistered.append(row)
    return s


# --- Items ---------------------------------------------------------------------------------------

def _prefetch_minutes(items: list[AgendaItem]) -> None:
    prefetch_related_objects(
        items,
        Prefetch("conflicts", queryset=ConflictOfInterest.objects.select_related("person").order_by("person__name")),
        Prefetch("votes", queryset=Vote.objects.order_by("created_at", "id").prefetch_related(
            Prefetch("ballots", queryset=Ballot.objects.select_related("person").order_by("person__name")))),
    )


def minutes_items(*, meeting: Meeting, public: bool = False) -> list[AgendaItem]:
    """The agenda items (numbered as on the agenda) with conflicts, votes with ballots and
    action items with owners. ``public=True`` follows the agenda's rules for closed items and
    leaves out conflicts and votes of closed items. Five queries."""
    items = items_for_meeting(meeting=meeting, public=public)
    _prefetch_minutes(items)
    if public:
        for item in items:
            if item.public_redacted:  # type: ignore[attr-defined]  # set by items_for_meeting
                item._prefetched_objects_cache["conflicts"] = ConflictOfInterest.objects.none()  # type: ignore[attr-defined]  # Django's prefetch cache
                item._prefetched_objects_cache["votes"] = Vote.objects.none()  # type: ignore[attr-defined]  # Django's prefetch cache
    return items


@dataclass
class ItemGroup:
    letter: str
    key: str              # "decision" | "other"
    items: list[AgendaItem]

    @property
    def label(self) -> str:
        if self.key == "decision":
            return _("Beslutningspunkter")
        kinds = {i.kind for i in self.items}
        if kinds == {ItemKind.DISCUSSION}:
            return _("Drøftelsespunkter")
        if ItemKind.DISCUSSION in kinds:
            return _("Orienterings- og drøftelsespunkter")
        return _("Orienteringspunkter")


def group_items(items: list[AgendaItem]) -> list[ItemGroup]:
    """Consecutive decision items under "A. Beslutningspunkter", consecutive information and
    discussion items under "B. Orienteringspunkter" (as the council's minutes are laid out),
    lettered A, B, C … in order. Items keep their agenda number: grouping never reorders."""
    groups: list[ItemGroup] = []
    for item in items:
        key = "decision" if item.kind == ItemKind.DECISION else "other"
        if not groups or groups[-1].key != key:
            groups.append(ItemGroup(chr(ord("A") + len(groups)), key, []))
        groups[-1].items.append(item)
    return groups


def meeting_action_items(*, meeting: Meeting) -> list[ActionItem]:
    """Action items of the meeting that belong to no item."""
    return list(ActionItem.objects.filter(meeting=meeting, item__isnull=True).prefetch_related("owners")
                .order_by("due", "id"))


def action_item_get(*, meeting: Meeting, pk) -> ActionItem:
    return get_object_or_404(ActionItem.objects.select_related("meeting__council"), council_id=meeting.council_id,
                             meeting=meeting, pk=pk)


def conflict_get(*, item: AgendaItem, pk) -> ConflictOfInterest:
    return get_object_or_404(ConflictOfInterest.objects.select_related("item__meeting__council"),
                             council_id=item.council_id, item=item, pk=pk)


def vote_get(*, item: AgendaItem, pk) -> Vote:
    return get_object_or_404(Vote.objects.select_related("item__meeting__council"), council_id=item.council_id,
                             item=item, pk=pk)


# --- Election, approval --------------------------------------------------------------------------

def elected_positions(*, meeting: Meeting) -> list[Position]:
    """Chair and vice-chair elected at a constituting meeting (positions starting that day)."""
    if meeting.kind != MeetingKind.CONSTITUTING:
        return []
    order: dict[str, int] = {PositionKind.CHAIR: 0, PositionKind.VICE_CHAIR: 1}
    rows = list(Position.objects.filter(council_id=meeting.council_id, start=_meeting_day(meeting))
                .select_related("person"))
    return sorted(rows, key=lambda p: order.get(p.kind, 9))


@dataclass
class ApprovalState:
    requested: bool
    approvers: list[Person]
    approved_ids: set[int] = field(default_factory=set)

    @property
    def approved(self) -> list[Person]:
        return [p for p in self.approvers if p.pk in self.approved_ids]

    @property
    def waiting(self) -> list[Person]:
        return [p for p in self.approvers if p.pk not in self.approved_ids]


def written_approvers(*, meeting: Meeting) -> list[Person]:
    """Members (role *member* on the meeting day) registered as present: they approve in writing."""
    day = rules.meeting_date(meeting)
    present = (Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT, is_guest=False)
               .values_list("person_id", flat=True))
    member_ids = {m.person_id for m in Membership.objects.filter(
        council_id=meeting.council_id, role=MembershipRole.MEMBER, status=MembershipStatus.APPOINTED,
        start__lte=day, term__end__gte=day, person_id__in=list(present)) if m.end is None or m.end >= day}
    return list(Person.objects.filter(pk__in=member_ids).order_by("name"))


def approval_state(*, meeting: Meeting) -> ApprovalState:
    requested = meeting.minutes_approved_how == "in_writing"
    approvers = written_approvers(meeting=meeting) if meeting.status in (MeetingStatus.HELD,) or requested else []
    approved = set(MinutesApproval.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    return ApprovalState(requested, approvers, approved)


def minutes_awaiting_approval_by(*, council: Council, person_ids) -> list[Meeting]:
    """Meetings whose minutes wait for written approval by one of these people."""
    if not person_ids:
        return []
    done = MinutesApproval.objects.filter(council=council, person_id__in=person_ids).values("meeting_id")
    return list(Meeting.objects.filter(council=council, status=MeetingStatus.HELD, minutes_approved_how="in_writing",
                                       attendances__person_id__in=person_ids,
                                       attendances__status=AttendanceStatus.PRESENT)
                .exclude(pk__in=done).distinct().order_by("starts_at"))


def previous_minutes_to_approve(*, meeting: Meeting) -> Meeting | None:
    """The latest earlier meeting whose minutes are still a draft: approved under this
    meeting's approval item."""
    return (Meeting.objects.filter(council_id=meeting.council_id, starts_at__lt=meeting.starts_at,
                                   status=MeetingStatus.HELD).order_by("-starts_at").first())


def approval_item(items: list[AgendaItem]) -> AgendaItem | None:
    return next((i for i in items if i.standard == StandardItem.APPROVAL), None)


# --- The whole minutes ---------------------------------------------------------------------------

@dataclass
class Minutes:
    meeting: Meeting
    items: list[AgendaItem]
    groups: list[ItemGroup]
    rows: list[AttendanceRow]
    attendance: AttendanceSummary
    loose_action_items: list[ActionItem]
    elected: list[Position]


def minutes_for_meeting(*, meeting: Meeting, public: bool = False) -> Minutes:
    """Everything the minutes print, in a constant number of queries."""
    items = minutes_items(meeting=meeting, public=public)
    rows = attendance_rows(meeting=meeting)
    return Minutes(meeting=meeting, items=items, groups=group_items(items), rows=rows,
                   attendance=attendance_summary(rows), loose_action_items=meeting_action_items(meeting=meeting),
                   elected=elected_positions(meeting=meeting))


def member_choices(*, meeting: Meeting) -> list[Person]:
    """Members on the meeting day (for the election at a constituting meeting)."""
    roster = roster_on(council=meeting.council, on=_meeting_day(meeting))
    return sorted((e.membership.person for e in roster.members if e.membership.role == MembershipRole.MEMBER),
                  key=lambda p: p.name)
