"""Writes for the meeting and its minutes: attendance at the meeting, decisions with an
optimistic version check, conflicts of interest, votes, action items, the constituting
meeting's election, and the minutes' way from draft to approved to published.

Every function is keyword-only, validates before it writes, runs in a transaction and
audits with a ``meetings.*`` action code.

Approval in writing
    ``minutes_request_written_approval`` marks the meeting with
    ``minutes_approved_how = "in_writing"`` while its status stays *held*: that is the
    "approval under way" state. The minutes are approved when **every member (role
    *member*) registered as present at the meeting** has approved by click. Those are the
    people who can vouch for what was said; substitutes who stood in are not asked
    (``minutes.approve`` is a member's permission). Any change to the minutes after that
    resets the approvals given so far, so nobody has approved a text they did not see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import links
from core.audit import audit, snapshot
from core.errors import ApplicationError, EditConflict, full_clean_or_raise, update_versioned, validate_field
from core.formats import long_date
from core.search import schedule_reindex
from councils.models import Membership, MembershipRole, Person, Position, PositionKind
from councils.services import position_assign
from meetings import documents, rules
from meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Ballot,
    ConflictOfInterest,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesApproval,
    Vote,
    VoteChoice,
)
from meetings.selectors.minutes import written_approvers
from meetings.services import attendance as attendance_services
from notifications import services as notifications
from notifications.addressing import contact_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from accounts.models import User

# The statuses in which the minutes are still a draft that can be edited.
DRAFT_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)
RECORDABLE_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.AFBUD, AttendanceStatus.ABSENT)


def meeting_date(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.starts_at)


def _day_text(meeting: Meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at))


def _start_text(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return _("%(date)s kl. %(time)s") % {"date": date_format(start), "time": start.strftime("%H.%M")}


def require_meeting_day(meeting: Meeting, status: str, *, field: str | None = "status") -> None:
    """Who came and who stayed away is known from the meeting's day; before it only afbud."""
    if status in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT) and not rules.is_meeting_day_or_later(meeting):
        raise ApplicationError(
            _("Mødet er den %(date)s. Fremmøde og fravær kan først registreres på mødedagen – før mødet kan der "
              "kun registreres afbud.") % {"date": _day_text(meeting)}, field=field, code="before_meeting")


def _require_draft(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(_("Mødet er aflyst, så der skrives ikke referat."), code="cancelled")
    if meeting.status not in DRAFT_STATUSES:
        raise ApplicationError(_("Referatet er godkendt og kan ikke længere rettes."), code="approved")


def _same_council(meeting: Meeting, *objs) -> None:
    for obj in objs:
        if obj is not None and obj.council_id != meeting.council_id:
            raise ApplicationError(_("Oplysningen hører til et andet råd."))


def _minutes_changed(meeting: Meeting, actor: User | None) -> None:
    """A change to the minutes while approval in writing runs voids the approvals given."""
    approvals = MinutesApproval.objects.filter(meeting=meeting)
    if meeting.status == MeetingStatus.HELD and approvals.exists():
        ids = list(approvals.values_list("person_id", flat=True))
        approvals.delete()
        audit(action="meetings.minutes.approvals_reset", actor=actor, council=meeting.council, obj=meeting,
              before={"approved_by": ids}, after={})


def _membership_at(meeting: Meeting, person: Person) -> Membership | None:
    """The person's membership on the meeting day by the roster of that day (member before
    substitute before guest), or None when they were not on the council."""
    return rules.memberships_by_person(rules.roster_for(meeting)).get(person.pk)


def _stand_in_problem(*, name: str, own: Membership | None, status: str, member_name: str,
                      member: Membership | None, member_status: str, mode: str) -> str | None:
    """Why a person may not stand in for a member at the meeting, or None when they may: only a
    substitute who is present, for a member on the council that day who is not present, and –
    with personal substitutes – only for their own member (meetings.rules.may_substitute)."""
    if own is None or own.role != MembershipRole.SUBSTITUTE:
        return _("Kun en suppleant kan møde for et medlem. %(name)s er ikke suppleant.") % {"name": name}
    if status != AttendanceStatus.PRESENT:
        return _("%(name)s skal være til stede for at kunne møde for et medlem.") % {"name": name}
    if member is None or member.role != MembershipRole.MEMBER:
        return _("%(name)s er ikke medlem af rådet på mødedagen.") % {"name": member_name}
    if member_status == AttendanceStatus.PRESENT:
        return _("%(name)s er registreret som til stede, så ingen kan møde i stedet.") % {"name": member_name}
    if not rules.may_substitute(own, member, mode=mode):
        return (_("%(name)s er ikke personlig suppleant for %(member)s og kan derfor ikke møde i stedet efter "
                  "rådets forretningsorden.") % {"name": name, "member": member_name})
    return None


# --- The meeting itself -----------------------------------------------------------------------

@transaction.atomic
def attendance_record(*, meeting: Meeting, person: Person, status: str, stands_in_for: Person | None = None,
                      actor: User | None = None) -> Attendance:
    """Record who is present, who sent afbud and who stayed away; a substitute who is present
    may stand in for a member who is not. A member who turns up after all takes their seat
    back: a stand-in for them is released."""
    _require_draft(meeting)
    _same_council(meeting, person, stands_in_for)
    if status not in RECORDABLE_STATUSES:
        raise ApplicationError(_("Vælg til stede, afbud eller fraværende."), field="status")
    require_meeting_day(meeting, status)
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    before = snapshot(attendance) if attendance else {}
    if attendance is None:
        attendance = Attendance(council_id=meeting.council_id, meeting=meeting, person=person,
                                membership=_membership_at(meeting, person))
    target = None
    if stands_in_for is not None:
        if stands_in_for.pk == person.pk:
            raise ApplicationError(_("En person kan ikke møde for sig selv."), field="stands_in_for")
        own = attendance.membership or _membership_at(meeting, person)
        target_membership = _membership_at(meeting, stands_in_for)
        target = Attendance.objects.filter(meeting=meeting, person=stands_in_for).first()
        problem = _stand_in_problem(
            name=person.name, own=own, status=status, member_name=stands_in_for.name, member=target_membership,
            member_status=target.status if target else AttendanceStatus.AFBUD,
            mode=rules.substitute_mode(rules.rules_for(meeting)))
        if problem:
            raise ApplicationError(problem, field="stands_in_for")
        if target is None:
            target = Attendance.objects.create(council_id=meeting.council_id, meeting=meeting, person=stands_in_for,
                                               membership=target_membership, status=AttendanceStatus.AFBUD)
        attendance.membership = own
        other = target.stand_ins.exclude(person=person).select_related("person").first()
        if other is not None:
            raise ApplicationError(_("%(other)s møder allerede for %(name)s.")
                                   % {"other": other.person.name, "name": stands_in_for.name},
                                   field="stands_in_for")
    attendance.status = status
    attendance.stands_in_for = target
    if status == AttendanceStatus.AFBUD and attendance.afbud_at is None:
        attendance.afbud_at = timezone.now()
    full_clean_or_raise(attendance, exclude=["meeting", "person"])
    attendance.save()
    if status == AttendanceStatus.PRESENT:
        released = list(Attendance.objects.filter(stands_in_for=attendance).values_list("pk", flat=True))
        if released:
            Attendance.objects.filter(pk__in=released).update(stands_in_for=None)
    audit(action="meetings.attendance.recorded", actor=actor, council=meeting.council, obj=attendance,
          before=before)
    return attendance


@dataclass(frozen=True)
class AttendanceEntry:
    """One person's line of the whole-meeting attendance form."""

    status: str = ""                  # present | afbud | absent; "" leaves the person's status as it is
    stands_in_for: int | None = None  # a substitute: the person id of the member they stand in for


class AttendanceSheetInvalid(ApplicationError):
    """The whole-meeting attendance was refused and nothing was saved. ``errors`` maps
    ``(person id, "status" | "stands_in_for")`` to the message for that line."""

    def __init__(self, errors: dict[tuple[int, str], StrOrPromise]):
        super().__init__(_("Fremmødet er ikke gemt. Ret fejlene ved de markerede personer, og gem igen."),
                         code="invalid_sheet")
        self.errors = errors


@transaction.atomic
def attendance_register(*, meeting: Meeting, entries: dict[int, AttendanceEntry], actor: User | None = None,
                        base_url: str | None = None) -> list[Attendance]:
    """The attendance of the whole meeting in one go: ``entries`` maps the person id of each
    person on the council on the meeting's day (or already on the attendance list) to their
    status and, for a substitute, the member they stand in for.

    Everything is checked against the state the form asks for, before anything is written: the
    statuses (present and absent only from the meeting's day), and each stand-in by the rules
    of procedure (a substitute who is present, for a member on the council that day registered
    with afbud or absent, with personal substitutes only for their own member, one per member).
    Any error refuses the whole form (``AttendanceSheetInvalid``). An afbud entered before the
    meeting starts calls in the member's personal substitute, as afbud by link does."""
    _require_draft(meeting)
    roster = rules.roster_for(meeting)
    memberships = rules.memberships_by_person(roster)
    rows = {a.person_id: a for a in Attendance.objects.select_for_update(of=("self",)).filter(meeting=meeting)
            .select_related("person", "membership")}
    if set(entries) - set(memberships) - set(rows):
        raise ApplicationError(_("Fremmødet hører ikke til dette møde."))
    names = {pid: m.person.name for pid, m in memberships.items()} | {pid: a.person.name for pid, a in rows.items()}
    person_of_row: dict[int | None, int] = {a.pk: pid for pid, a in rows.items()}
    status = {pid: a.status for pid, a in rows.items()}
    stands_in = {pid: person_of_row.get(a.stands_in_for_id) for pid, a in rows.items()}
    for pid, entry in entries.items():
        if entry.status:
            status[pid] = entry.status
        stands_in[pid] = entry.stands_in_for

    errors: dict[tuple[int, str], StrOrPromise] = {}
    for pid, entry in entries.items():
        if entry.status and entry.status not in RECORDABLE_STATUSES:
            errors[(pid, "status")] = _("Vælg til stede, afbud eller fraværende.")
        elif entry.status:
            try:
                require_meeting_day(meeting, entry.status)
            except ApplicationError as error:
                errors[(pid, "status")] = error.message
    mode = rules.substitute_mode(rules.rules_for(meeting))
    covered: dict[int, int] = {}
    for pid in sorted((p for p, member in stands_in.items() if member is not None), key=lambda p: names[p]):
        member = stands_in[pid]
        assert member is not None  # nosec B101  # only those who stand in for someone
        problem: str | None
        if member == pid:
            problem = _("En person kan ikke møde for sig selv.")
        elif member not in names:
            problem = _("Medlemmet hører ikke til dette møde.")
        else:
            problem = _stand_in_problem(
                name=names[pid], own=memberships.get(pid), status=status.get(pid, ""), member_name=names[member],
                member=memberships.get(member), member_status=status.get(member, ""), mode=mode)
            if problem is None and status.get(member) not in rules.ABSENT:
                problem = _("Registrér %(member)s med afbud eller fravær, når %(name)s møder i stedet.") % {
                    "member": names[member], "name": names[pid]}
            if problem is None and member in covered:
                problem = _("%(other)s møder allerede for %(member)s.") % {
                    "other": names[covered[member]], "member": names[member]}
        if problem:
            errors.setdefault((pid, "stands_in_for"), problem)
        else:
            covered[member] = pid
    if errors:
        raise AttendanceSheetInvalid(errors)

    now = timezone.now()
    started = rules.has_started(meeting)
    changed: list[Attendance] = []
    newly_away: list[Attendance] = []
    # Members before the substitutes who stand in for them, so the row stood in for exists.
    for pid in sorted(entries, key=lambda p: (stands_in[p] is not None, names[p])):
        attendance = rows.get(pid)
        new_status = status.get(pid, "")
        if attendance is None and not new_status:
            continue  # nothing to record for someone never called
        if attendance is None:
            membership = memberships.get(pid)
            attendance = Attendance(council_id=meeting.council_id, meeting=meeting, person_id=pid,
                                    membership=membership, status=AttendanceStatus.NOT_CALLED,
                                    is_guest=bool(membership and membership.role == MembershipRole.GUEST))
        target_pid = stands_in[pid]
        target = rows[target_pid] if target_pid is not None else None
        membership = memberships.get(pid) or attendance.membership
        if (attendance.pk and attendance.status == new_status and attendance.stands_in_for_id == (target and target.pk)
                and attendance.membership_id == (membership and membership.pk)):
            continue
        before = snapshot(attendance) if attendance.pk else {}
        was = attendance.status
        attendance.status = new_status
        attendance.stands_in_for = target
        attendance.membership = membership
        if new_status == AttendanceStatus.AFBUD and attendance.afbud_at is None:
            attendance.afbud_at = now
        full_clean_or_raise(attendance, exclude=["meeting", "person", "membership", "stands_in_for"])
        attendance.save()
        rows[pid] = attendance
        audit(action="meetings.attendance.recorded", actor=actor, council=meeting.council, obj=attendance,
              before=before)
        changed.append(attendance)
        if (new_status == AttendanceStatus.AFBUD and was in (AttendanceStatus.INVITED, AttendanceStatus.NOT_CALLED)
                and not started and pid not in covered):
            newly_away.append(attendance)
    for attendance in newly_away:
        attendance.meeting = meeting
        attendance_services.personal_substitute_call_in(attendance=attendance, actor=actor, base_url=base_url)
    if changed:
        _minutes_changed(meeting, actor)
    return changed


@transaction.atomic
def guest_add(*, meeting: Meeting, person: Person | None = None, name: str = "", note: str = "",
              actor: User | None = None) -> Attendance:
    """A guest at the meeting: an existing person, or a new person known by name only (a guest
    noted in the minutes needs no contact details and gets no membership)."""
    _require_draft(meeting)
    name = (name or "").strip()
    if person is None and not name:
        raise ApplicationError(_("Skriv gæstens navn."), field="name")
    if person is None:
        validate_field(Person, "name", name)
        person = Person(council_id=meeting.council_id, name=name, notes=note)
        person.clean_fields()  # not clean(): a guest in the minutes needs no channel
        person.save()
        audit(action="councils.person.saved", actor=actor, council=meeting.council, obj=person)
    _same_council(meeting, person)
    attendance, created = Attendance.objects.get_or_create(
        meeting=meeting, person=person,
        defaults={"council_id": meeting.council_id, "is_guest": True, "status": AttendanceStatus.PRESENT,
                  "membership": _membership_at(meeting, person)})
    if not created:
        raise ApplicationError(_("%(name)s er allerede på deltagerlisten.") % {"name": person.name}, field="name")
    audit(action="meetings.attendance.guest_added", actor=actor, council=meeting.council, obj=attendance)
    return attendance


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: User | None = None) -> Meeting:
    """The meeting has taken place: the minutes become a draft to approve. Not before the
    meeting has begun."""
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED):
        if meeting.status == MeetingStatus.CANCELLED:
            raise ApplicationError(_("Mødet er aflyst."), code="cancelled")
        raise ApplicationError(_("Mødet er allerede registreret som afholdt."), code="held")
    if not rules.has_started(meeting):
        raise ApplicationError(_("Mødet begynder den %(start)s. Det kan først registreres som afholdt, når det "
                                 "er begyndt.") % {"start": _start_text(meeting)}, code="not_started")
    before = snapshot(meeting, ["status", "held_at"])
    meeting.status = MeetingStatus.HELD
    meeting.held_at = timezone.now()
    meeting.save(update_fields=["status", "held_at"])
    audit(action="meetings.meeting.held", actor=actor, council=meeting.council, obj=meeting, before=before,
          after=snapshot(meeting, ["status", "held_at"]))
    return meeting


@transaction.atomic
def minutes_intro_save(*, meeting: Meeting, text: str, actor: User | None = None) -> Meeting:
    """The opening line of the minutes, e.g. a guest welcomed."""
    _require_draft(meeting)
    text = validate_field(Meeting, "minutes_intro", text or "")
    before = snapshot(meeting, ["minutes_intro"])
    meeting.minutes_intro = text
    meeting.save(update_fields=["minutes_intro"])
    _minutes_changed(meeting, actor)
    audit(action="meetings.minutes.intro_saved", actor=actor, council=meeting.council, obj=meeting,
          before=before, after=snapshot(meeting, ["minutes_intro"]))
    return meeting


# --- Per item -----------------------------------------------------------------------------------

@transaction.atomic
def item_minutes_save(*, item: AgendaItem, decision: str, dissent: str, expected_version: int,
                      actor: User | None = None) -> AgendaItem:
    """Save an item's decision and dissent if nobody saved it since ``expected_version``.

    The check and the write are one conditional UPDATE, so two people saving at the same
    moment cannot both win. The loser gets an ``EditConflict`` at the item with both texts."""
    meeting = item.meeting
    if meeting is None:
        raise ApplicationError(_("Punktet er ikke på et møde."))
    _require_draft(meeting)
    decision = validate_field(AgendaItem, "decision", (decision or "").strip())
    dissent = validate_field(AgendaItem, "dissent", (dissent or "").strip())
    before = snapshot(item, ["decision", "dissent", "minutes_version"])
    updated = update_versioned(AgendaItem.objects.filter(pk=item.pk), version_field="minutes_version",
                               expected_version=expected_version, decision=decision, dissent=dissent)
    item.refresh_from_db(fields=["decision", "dissent", "minutes_version"])
    if not updated:
        raise EditConflict(
            _("%(name)s er blevet ændret af en anden, efter du åbnede referatet. Begge tekster er bevaret "
              "herunder: læg dine ændringer sammen med den gemte tekst, og gem igen.") % {"name": item.title},
            obj=item, field="decision", stored={"decision": item.decision, "dissent": item.dissent},
            submitted={"decision": decision, "dissent": dissent}, stored_version=item.minutes_version)
    if (before["decision"], before["dissent"]) != (decision, dissent):
        _minutes_changed(meeting, actor)
    audit(action="meetings.minutes.item_saved", actor=actor, council=meeting.council, obj=item, before=before,
          after=snapshot(item, ["decision", "dissent", "minutes_version"]))
    return item


@transaction.atomic
def conflict_declare(*, item: AgendaItem, person: Person, note: str = "",
                     actor: User | None = None) -> ConflictOfInterest:
    """A member declares a conflict of interest (*inhabilitet*) on an item; they take no part
    in a vote on it."""
    meeting = cast(Meeting, item.meeting)  # only items on a meeting have minutes
    _require_draft(meeting)
    _same_council(meeting, person)
    note = validate_field(ConflictOfInterest, "note", (note or "").strip())
    if ConflictOfInterest.objects.filter(item=item, person=person).exists():
        raise ApplicationError(_("%(name)s har allerede erklæret sig inhabil i punktet.") % {"name": person.name},
                               field="person")
    if Ballot.objects.filter(vote__item=item, person=person).exists():
        raise ApplicationError(_("%(name)s har stemt i punktet. Slet afstemningen først, hvis personen var inhabil.")
                               % {"name": person.name}, field="person")
    conflict = ConflictOfInterest(council_id=item.council_id, item=item, person=person, note=note)
    full_clean_or_raise(conflict, exclude=["item", "person"])
    conflict.save()
    _minutes_changed(meeting, actor)
    audit(action="meetings.conflict.declared", actor=actor, council=meeting.council, obj=conflict)
    return conflict


@transaction.atomic
def conflict_withdraw(*, conflict: ConflictOfInterest, actor: User | None = None) -> None:
    meeting = cast(Meeting, conflict.item.meeting)  # only items on a meeting have minutes
    _require_draft(meeting)
    before = snapshot(conflict)
    conflict.delete()
    _minutes_changed(meeting, actor)
    audit(action="meetings.conflict.withdrawn", actor=actor, council=meeting.council, before=before)


def _presiding_vote(meeting: Meeting, ballots: dict[int, str]) -> str | None:
    """The ballot of whoever chairs the meeting: the chair, or the vice-chair when the chair
    did not vote (absent or not present for the item)."""
    day = meeting_date(meeting)
    holders = dict(Position.objects.filter(Q(end__isnull=True) | Q(end__gte=day), council_id=meeting.council_id,
                                           start__lte=day).values_list("kind", "person_id"))
    for kind in (PositionKind.CHAIR, PositionKind.VICE_CHAIR):
        person_id = holders.get(kind)
        if person_id in ballots:
            return ballots[person_id]
    return None


@transaction.atomic
def vote_record(*, item: AgendaItem, question: str, ballots: dict[int, str], actor: User | None = None) -> Vote:
    """A vote on an item. Only those with voting right at the meeting may vote (members who
    are present, and substitutes standing in for a member), and not a person who declared a
    conflict of interest on the item. The council must be quorate."""
    meeting = cast(Meeting, item.meeting)  # only items on a meeting have minutes
    _require_draft(meeting)
    question = validate_field(Vote, "question", (question or "").strip())
    if not question:
        raise ApplicationError(_("Skriv, hvad der stemmes om."), field="question")
    ballots = {int(pid): choice for pid, choice in ballots.items() if choice}
    if not ballots:
        raise ApplicationError(_("Registrér mindst én stemme."), field="ballots")
    bad_choice = [c for c in ballots.values() if c not in VoteChoice.values]
    if bad_choice:
        raise ApplicationError(_("En stemme skal være for, imod eller undlader."), field="ballots")

    roster = rules.roster_for(meeting)
    attendances = rules.meeting_attendances(meeting, roster=roster)
    procedure = rules.rules_for(meeting)
    voters = {a.person_id for a in rules.voting_attendances(meeting, attendances=attendances, rules=procedure)}
    conflicted = set(ConflictOfInterest.objects.filter(item=item).values_list("person_id", flat=True))
    names = dict(Person.objects.filter(council_id=meeting.council_id, pk__in=ballots).values_list("pk", "name"))
    unknown = [pid for pid in ballots if pid not in names]
    if unknown:
        raise ApplicationError(_("Stemmerne indeholder en person, der ikke hører til rådet."), field="ballots")
    no_right = sorted(names[pid] for pid in ballots if pid not in voters)
    if no_right:
        raise ApplicationError(
            _("Kun medlemmer, der er til stede, og suppleanter, der møder for et medlem, har stemmeret. "
              "Disse har ikke stemmeret på mødet: %(names)s.") % {"names": ", ".join(no_right)},
            field="ballots", code="no_voting_right")
    inhabil = sorted(names[pid] for pid in ballots if pid in conflicted)
    if inhabil:
        raise ApplicationError(_("Disse har erklæret sig inhabile i punktet og deltager ikke i afstemningen: "
                                 "%(names)s.") % {"names": ", ".join(inhabil)}, field="ballots", code="conflict")
    quorum = rules.quorum(meeting, attendances=attendances, rules=procedure, roster=roster)
    if not quorum.reached:
        raise ApplicationError(
            _("Rådet er ikke beslutningsdygtigt: %(present)d af %(needed)d nødvendige stemmeberettigede er til "
              "stede.") % {"present": quorum.present, "needed": quorum.required},
            field="ballots", code="no_quorum")

    counts = {c: sum(1 for v in ballots.values() if v == c) for c in VoteChoice.values}
    carried, by_chair = rules.decide(counts["yes"], counts["no"], procedure,
                                     chair_vote=_presiding_vote(meeting, ballots))
    vote = Vote(council_id=item.council_id, item=item, question=question, yes=counts["yes"], no=counts["no"],
                abstain=counts["abstain"], carried=carried, tie_broken_by_chair=by_chair)
    full_clean_or_raise(vote, exclude=["item"])
    vote.save()
    Ballot.objects.bulk_create([Ballot(council_id=item.council_id, vote=vote, person_id=pid, choice=choice)
                                for pid, choice in ballots.items()])
    _minutes_changed(meeting, actor)
    audit(action="meetings.vote.recorded", actor=actor, council=meeting.council, obj=vote,
          after={**snapshot(vote), "ballots": {str(k): v for k, v in ballots.items()}})
    return vote


@transaction.atomic
def vote_delete(*, vote: Vote, actor: User | None = None) -> None:
    meeting = cast(Meeting, vote.item.meeting)  # only items on a meeting have minutes
    _require_draft(meeting)
    before = {**snapshot(vote), "ballots": {str(b.person_id): b.choice for b in vote.ballots.all()}}
    vote.delete()
    _minutes_changed(meeting, actor)
    audit(action="meetings.vote.deleted", actor=actor, council=meeting.council, before=before)


def _check_owners(meeting: Meeting, owners) -> list[Person]:
    owners = list(owners)
    if not owners:
        raise ApplicationError(_("Vælg mindst én tovholder."), field="owners")
    _same_council(meeting, *owners)
    return owners


@transaction.atomic
def action_item_create(*, meeting: Meeting, item: AgendaItem | None, title: str, owners, due: dt.date | None,
                       actor: User | None = None) -> ActionItem:
    """An action item (*opgave*) from the meeting with one or more owners (*tovholdere*)."""
    _same_council(meeting, item)
    if item is not None and item.meeting_id != meeting.pk:
        raise ApplicationError(_("Punktet hører til et andet møde."), field="item")
    title = validate_field(ActionItem, "title", (title or "").strip())
    if not title:
        raise ApplicationError(_("Skriv, hvad der skal gøres."), field="title")
    owners = _check_owners(meeting, owners)
    if due is not None and due < meeting_date(meeting):
        raise ApplicationError(_("Fristen kan ikke ligge før mødet (%(date)s).")
                               % {"date": long_date(meeting_date(meeting))}, field="due")
    action = ActionItem(council_id=meeting.council_id, meeting=meeting, item=item, title=title, due=due)
    full_clean_or_raise(action, exclude=["meeting", "item"])
    action.save()
    action.owners.set(owners)
    if meeting.status in DRAFT_STATUSES:
        _minutes_changed(meeting, actor)
    audit(action="meetings.action_item.created", actor=actor, council=meeting.council, obj=action,
          after={**snapshot(action), "owners": [p.pk for p in owners]})
    return action


@transaction.atomic
def action_item_update_status(*, action_item: ActionItem, status: str, note: str = "",
                              actor: User | None = None, on: dt.date | None = None) -> ActionItem:
    """Follow-up of an action item, at any later time (also after the minutes are approved).
    Closing it (done or dropped) records the day, ``on`` (default today), so "open on a date"
    can be answered later; reopening clears it."""
    if status not in ActionStatus.values:
        raise ApplicationError(_("Vælg en status."), field="status")
    note = validate_field(ActionItem, "status_note", (note or "").strip())
    decided = meeting_date(action_item.meeting)
    if on is None:
        on = max(timezone.localdate(), decided)
    elif status != ActionStatus.OPEN and on < decided:
        raise ApplicationError(_("Opgaven kan ikke lukkes før mødet, den blev besluttet på (%(date)s).")
                               % {"date": long_date(decided)}, field="status")
    fields = ["status", "status_note", "closed_on"]
    before = snapshot(action_item, fields)
    if status == ActionStatus.OPEN:
        action_item.closed_on = None
    elif action_item.status == ActionStatus.OPEN or action_item.closed_on is None:
        action_item.closed_on = on
    action_item.status = status
    action_item.status_note = note
    action_item.save(update_fields=fields)
    audit(action="meetings.action_item.status_updated", actor=actor, council=action_item.meeting.council,
          obj=action_item, before=before, after=snapshot(action_item, fields))
    return action_item


# --- The constituting meeting ---------------------------------------------------------------------

@transaction.atomic
def chair_elect(*, meeting: Meeting, chair: Person, vice_chair: Person | None, actor: User | None = None) -> Meeting:
    """Election of chair and vice-chair at a constituting meeting: the roster's positions run
    from the meeting day (the previous holders' end the day before)."""
    if meeting.kind != MeetingKind.CONSTITUTING:
        raise ApplicationError(_("Formand og næstformand vælges på et konstituerende møde."), field="chair")
    _require_draft(meeting)
    _same_council(meeting, chair, vice_chair)
    if vice_chair is not None and vice_chair.pk == chair.pk:
        raise ApplicationError(_("Formand og næstformand skal være to forskellige personer."), field="vice_chair")
    day = meeting_date(meeting)
    council = meeting.council
    chair_pos = position_assign(council=council, person=chair, kind="chair", start=day, actor=actor)
    vice_pos = None
    if vice_chair is not None:
        vice_pos = position_assign(council=council, person=vice_chair, kind="vice_chair", start=day,
                                   actor=actor)
    _minutes_changed(meeting, actor)
    audit(action="meetings.constituting.elected", actor=actor, council=council, obj=meeting,
          after={"chair": chair.pk, "vice_chair": vice_chair.pk if vice_chair else None,
                 "positions": [chair_pos.pk] + ([vice_pos.pk] if vice_pos else []), "start": str(day)})
    return meeting


# --- Approval and publication --------------------------------------------------------------------

def _approve(meeting: Meeting, *, how: str, actor: User | None) -> Meeting:
    before = snapshot(meeting, ["status", "minutes_approved_at", "minutes_approved_how"])
    meeting.status = MeetingStatus.MINUTES_APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.minutes_approved_how = how
    meeting.save(update_fields=["status", "minutes_approved_at", "minutes_approved_how"])
    audit(action="meetings.minutes.approved", actor=actor, council=meeting.council, obj=meeting, before=before,
          after=snapshot(meeting, ["status", "minutes_approved_at", "minutes_approved_how"]))
    schedule_reindex(meeting.council, ["meeting"])  # the approved text in the internal index (core.search)
    return meeting


def _require_held(meeting: Meeting) -> None:
    if meeting.status in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED):
        raise ApplicationError(_("Referatet er allerede godkendt."), code="approved")
    if meeting.status != MeetingStatus.HELD:
        raise ApplicationError(_("Mødet skal være registreret som afholdt, før referatet kan godkendes."),
                               code="not_held")


@transaction.atomic
def minutes_approve_at_meeting(*, meeting: Meeting, at_meeting: Meeting, actor: User | None = None) -> Meeting:
    """The minutes approved under the first item of a later meeting, once that meeting has
    begun (it is being held or has been held)."""
    _require_held(meeting)
    if at_meeting.council_id != meeting.council_id:
        raise ApplicationError(_("Referatet godkendes på et senere møde i rådet."), field="at_meeting")
    if at_meeting.starts_at <= meeting.starts_at:
        raise ApplicationError(
            _("Referatet fra mødet den %(date)s kan kun godkendes på et senere møde. Mødet den %(at)s ligger ikke "
              "efter.")
            % {"date": _day_text(meeting), "at": _day_text(at_meeting)}, field="at_meeting", code="earlier")
    if at_meeting.status == MeetingStatus.CANCELLED:
        raise ApplicationError(_("Mødet er aflyst."), field="at_meeting")
    if not rules.has_started(at_meeting):
        raise ApplicationError(
            _("Mødet den %(at)s er ikke holdt endnu, så referatet fra mødet den %(date)s kan ikke være godkendt på "
              "det. Registrér godkendelsen, når mødet er begyndt, eller send referatet til skriftlig godkendelse.")
            % {"at": _start_text(at_meeting), "date": _day_text(meeting)}, field="at_meeting", code="not_held")
    meeting = _approve(meeting, how="next_meeting", actor=actor)
    audit(action="meetings.minutes.approved_at_meeting", actor=actor, council=meeting.council, obj=meeting,
          after={"at_meeting": at_meeting.pk})
    return meeting


@transaction.atomic
def minutes_request_written_approval(*, meeting: Meeting, actor: User | None = None,
                                     base_url: str | None = None) -> list:
    """Ask every member who was present to approve the minutes by click; one message each
    through the outbox, by their own channel. Links use ``settings.STEMME_BASE_URL`` unless
    ``base_url`` is given (as for the invitations)."""
    _require_held(meeting)
    approvers = written_approvers(meeting=meeting)
    if not approvers:
        raise ApplicationError(_("Ingen medlemmer er registreret som til stede på mødet, så ingen kan godkende "
                                 "referatet skriftligt. Registrér fremmødet først."), code="no_approvers")
    if meeting.minutes_approved_how == "in_writing":
        raise ApplicationError(_("Referatet er allerede sendt til skriftlig godkendelse."), code="requested")
    meeting.minutes_approved_how = "in_writing"
    meeting.save(update_fields=["minutes_approved_how"])
    audit(action="meetings.minutes.written_approval_requested", actor=actor, council=meeting.council,
          obj=meeting, after={"approvers": [p.pk for p in approvers]})
    return _notify_approvers(meeting, approvers, base_url=base_url, actor=actor)


def _notify_approvers(meeting: Meeting, approvers: list[Person], *, base_url: str | None, actor: User | None) -> list:
    council = meeting.council
    link = links.message_url(reverse("meetings:minutes_approve", args=[council.slug, meeting.pk]), base_url)
    messages = []
    for person in approvers:
        channel, address, _own = contact_for(person)
        # Messages are written in the council's language, whatever language the sender reads Stemme in.
        with translation.override(settings.LANGUAGE_CODE):
            date = long_date(meeting.starts_at)
            subject = _("Godkend referatet fra mødet den %(date)s") % {"date": date}
            if channel == "letter":  # no one clicks a link on paper
                body = _("Kære %(name)s\n\nReferatet fra mødet den %(date)s i %(council)s er klart. Læs det, og giv "
                         "sekretariatet besked, om du kan godkende det, eller om noget skal rettes.\n") % {
                    "name": person.name, "council": council.name, "date": date}
            else:
                body = _("Kære %(name)s\n\nReferatet fra mødet den %(date)s i %(council)s er klart. Læs det, og "
                         "godkend det med ét klik her:\n%(link)s\n\nEr der noget, der skal rettes, så skriv til "
                         "sekretariatet.\n") % {"name": person.name, "council": council.name, "date": date,
                                                 "link": link}
        messages.append(notifications.outbox_enqueue(
            council=council, channel=channel, person=person, to_address=address, subject=subject, body=body,
            kind="meetings.minutes_approval", meeting=meeting, actor=actor))
    return messages


@transaction.atomic
def minutes_approve_in_writing(*, meeting: Meeting, person: Person, actor: User | None = None) -> Meeting:
    """One member approves by click. When every member who was present has approved, the
    minutes are approved."""
    _require_held(meeting)
    if meeting.minutes_approved_how != "in_writing":
        raise ApplicationError(_("Referatet er ikke sendt til skriftlig godkendelse endnu."), code="not_requested")
    approvers = written_approvers(meeting=meeting)
    if person.pk not in {p.pk for p in approvers}:
        raise ApplicationError(_("Referatet godkendes af de medlemmer, der var til stede på mødet. %(name)s var "
                                 "ikke registreret som til stede.") % {"name": person.name}, code="not_approver")
    approval, created = MinutesApproval.objects.get_or_create(
        meeting=meeting, person=person, defaults={"council_id": meeting.council_id})
    if created:
        audit(action="meetings.minutes.approved_by_member", actor=actor, council=meeting.council,
              obj=approval)
    approved = set(MinutesApproval.objects.filter(meeting=meeting).values_list("person_id", flat=True))
    if all(p.pk in approved for p in approvers):
        _approve(meeting, how="in_writing", actor=actor)
    return meeting


@transaction.atomic
def minutes_publish(*, meeting: Meeting, actor: User | None = None) -> Meeting:
    if meeting.status == MeetingStatus.MINUTES_PUBLISHED:
        raise ApplicationError(_("Referatet er allerede offentliggjort."), code="published")
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        raise ApplicationError(_("Referatet kan først offentliggøres, når det er godkendt."), code="not_approved")
    before = snapshot(meeting, ["status", "minutes_published_at"])
    meeting.status = MeetingStatus.MINUTES_PUBLISHED
    meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["status", "minutes_published_at"])
    audit(action="meetings.minutes.published", actor=actor, council=meeting.council, obj=meeting,
          before=before, after=snapshot(meeting, ["status", "minutes_published_at"]))
    documents.keep_public_pdf(meeting, "minutes")
    schedule_reindex(meeting.council, ["meeting"])  # the decisions are public now (core.search)
    return meeting
