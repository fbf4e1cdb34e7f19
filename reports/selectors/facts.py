"""The year's facts for the annual report (*årsberetning*): everything a section tells, read as of
the period's end, already through the disclosure policy (``core.disclosure``), and in a fixed
number of queries whatever the size of the year.

``year_facts`` is what a report is drafted from (``reports.drafting``); ``year_in_figures`` is
the same, live, for the dashboard; ``years_compared`` gives a few numbers per year for the page
that shows several years side by side.

Counting rules, stated once:

* **A meeting held** is a meeting in the period that is not cancelled and is registered as held
  (held, minutes approved or published). The rules *asked* for ``meetings_per_year`` of each
  version of the rules in force, pro-rated by the days it was in force in the period
  (``asked_exact``; ``asked`` is that rounded).
* **Attendance** at a meeting: *invited* is everyone called (members, substitutes who were
  called), not guests and not people who were never called; *present* those registered present
  (a substitute standing in counts as present). The average is the mean of the meetings'
  present counts; the percentage is all present over all invited.
* **A withdrawal** is a membership ended in the period with the reason "udtrådt efter eget
  ønske"; *other departures* are the other ends before the term's end (moved, the organisation's
  choice, …). Never names: counts of members and substitutes.
* **Events attended** are the period's events where at least one person from the council is
  registered as having attended, except the council's own information meetings for a
  recruitment (they belong to the recruitment).
* **Responses and letters** are those sent in the period; an outcome counts when it was
  recorded by the period's end.
* **Reports received** are the library's documents added in the period or dated to one of its
  years."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from activities.models import Event, EventKind, SignupStatus, Theme, ThemeStatus
from core.disclosure import Disclosure
from councils import selectors as council_selectors
from councils.models import (
    Appointment,
    Council,
    EndReason,
    Membership,
    MembershipRole,
    MembershipStatus,
    Position,
    PositionKind,
    RecruitmentCall,
    RulesOfProcedure,
    SeatCategory,
    Term,
)
from finance import selectors as finance_selectors
from finance.models import Budget, Expense, ExpenseStatus
from finance.selectors import BudgetStatus
from hearings.models import CommentLetter, Consultation, ConsultationPartner, LetterStatus
from hearings.selectors.public import comment_letter_recipient, comment_letter_title, response_recipient
from library.models import Document
from meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, MeetingStatus
from meetings.selectors.agenda import open_action_items

HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED, MeetingStatus.MINUTES_PUBLISHED)
# Ends that are departures from the council (not the term running out, nor a move to another seat).
DEPARTURES = (EndReason.WITHDREW, EndReason.MOVED, EndReason.ORGANISATION, EndReason.DECEASED, EndReason.OTHER,
              EndReason.MEMBER_LEFT)
# How long before a call's deadline the council's own citizens' meeting counts as its information meeting.
INFO_MEETING_DAYS = 120
ZERO = Decimal("0.00")


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period as local midnights: [first, after)."""
    zone = timezone.get_current_timezone()
    return (dt.datetime.combine(start, dt.time.min, tzinfo=zone),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone))


def _local_day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


# --- The facts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Introduction:
    council_name: str
    municipality: str
    kind: str                          # the council kind's label, "Udsatteråd"
    set_up_on: dt.date | None          # the first term's start
    first_term: str
    decided_on: dt.date | None         # the municipal board's first appointment decision
    rules_since: dt.date | None        # the first rules of procedure's day (the board's decision to set it up)
    decision_reference: str
    terms_of_reference: str            # the kommissorium in force at the end (disclosure-safe)
    terms_of_reference_from: dt.date | None
    meetings_per_year: int | None      # the rules in force at the end
    members_min: int | None
    members_max: int | None
    term_years: int | None
    substitute_mode: str               # label
    substitute_attendance: str         # label
    substitute_mode_key: str = ""      # SubstituteMode value
    substitute_attendance_key: str = ""  # SubstituteAttendance value


@dataclass(frozen=True)
class SeatFact:
    name: str
    min_seats: int
    max_seats: int
    filled_start: int
    filled_end: int


@dataclass(frozen=True)
class RosterCount:
    on: dt.date
    members: int
    substitutes: int
    guests: int


@dataclass(frozen=True)
class InfoMeeting:
    on: dt.date
    title: str
    attended: int


@dataclass(frozen=True)
class Recruitment:
    call_id: int
    title: str
    deadline: dt.datetime
    info_meetings: tuple[InfoMeeting, ...]
    candidacies: int
    seats_open: int                    # member seats citizens could apply for
    seats_total: int                   # all member seats of the term (at most)
    appointed_members: int             # by the decision, from its first day (the board's own seats too)
    appointed_substitutes: int
    decided_on: dt.date | None
    reference: str
    term_name: str


@dataclass(frozen=True)
class Constituting:
    meeting_id: int
    on: dt.date
    chair: str | None                  # the name, only when the chair may be named
    vice_chair: str | None
    chair_elected: bool
    vice_chair_elected: bool
    present: int
    invited: int


@dataclass(frozen=True)
class TermChange:
    old_name: str
    old_end: dt.date
    new_name: str
    new_start: dt.date


@dataclass(frozen=True)
class Composition:
    seats: tuple[SeatFact, ...]
    at_start: RosterCount
    at_end: RosterCount
    members_on: RosterCount | None
    term_changes: tuple[TermChange, ...]
    recruitments: tuple[Recruitment, ...]
    constituting: Constituting | None
    withdrawn_members: int
    withdrawn_substitutes: int
    other_departures: int


@dataclass(frozen=True)
class MeetingFact:
    meeting_id: int
    on: dt.date
    kind: str
    kind_label: str
    title: str
    present: int
    invited: int
    afbud: int
    absent: int

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.invited) if self.invited else 0


@dataclass(frozen=True)
class RulesPeriod:
    start: dt.date
    end: dt.date
    meetings_per_year: int


@dataclass(frozen=True)
class RulesChange:
    on: dt.date
    before: int
    after: int


@dataclass(frozen=True)
class Meetings:
    held: tuple[MeetingFact, ...]
    cancelled: int
    rules_periods: tuple[RulesPeriod, ...]
    rules_changes: tuple[RulesChange, ...]
    asked_exact: float

    @property
    def count(self) -> int:
        return len(self.held)

    @property
    def asked(self) -> int:
        return int(Decimal(str(self.asked_exact)).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))

    @property
    def present_total(self) -> int:
        return sum(m.present for m in self.held)

    @property
    def invited_total(self) -> int:
        return sum(m.invited for m in self.held)

    @property
    def average_present(self) -> float:
        return self.present_total / len(self.held) if self.held else 0.0

    @property
    def average_percent(self) -> int:
        return round(100 * self.present_total / self.invited_total) if self.invited_total else 0

    @property
    def first(self) -> MeetingFact | None:
        return self.held[0] if self.held else None

    @property
    def rest_average_present(self) -> float:
        rest = self.held[1:]
        return sum(m.present for m in rest) / len(rest) if rest else 0.0

    @property
    def rest_average_percent(self) -> int:
        rest = self.held[1:]
        invited = sum(m.invited for m in rest)
        return round(100 * sum(m.present for m in rest) / invited) if invited else 0


@dataclass(frozen=True)
class EventFact:
    event_id: int
    on: dt.date
    title: str
    kind: str
    kind_label: str
    organiser: str
    own: bool
    attended: int


@dataclass(frozen=True)
class ThemeFact:
    theme_id: int
    title: str
    status: str
    status_label: str
    owner_role: str                    # "et medlem", "formanden" … never a name
    note: str
    postponed_until: dt.date | None
    year: int


@dataclass(frozen=True)
class ResponseFact:
    consultation_id: int
    title: str
    committee: str                     # "Social- og Sundhedsudvalget" ("" without one)
    committee_abbreviation: str
    recipient: str
    sent_on: dt.date
    outcome: str                       # "" when none was recorded by the period's end
    joint_with: tuple[str, ...]


@dataclass(frozen=True)
class LetterFact:
    letter_id: int
    committee: str
    committee_abbreviation: str
    meeting_on: dt.date
    sent_on: dt.date
    items: tuple[str, ...]             # the item titles commented on


@dataclass(frozen=True)
class DocumentFact:
    document_id: int
    title: str
    source: str
    year: int | None


@dataclass(frozen=True)
class OpenAction:
    title: str
    due: dt.date | None
    meeting_on: dt.date


@dataclass(frozen=True)
class AnnexSection:
    heading: str
    text: str


@dataclass(frozen=True)
class AnnexLetter:
    kind: str                          # "response" | "comments"
    object_id: int
    title: str
    recipient: str
    sent_on: dt.date
    intro: str                         # the response's text, or the letter's introduction
    sections: tuple[AnnexSection, ...]
    closing: str
    signature: str                     # "Anne Holm, formand" or "Formanden", and the council


@dataclass(frozen=True)
class YearFacts:
    council_id: int
    council_name: str
    council_slug: str
    start: dt.date
    end: dt.date
    members_on: dt.date | None
    introduction: Introduction
    composition: Composition
    meetings: Meetings
    events: tuple[EventFact, ...]
    themes: tuple[ThemeFact, ...]
    responses: tuple[ResponseFact, ...]
    letters: tuple[LetterFact, ...]
    economies: tuple[BudgetStatus, ...]
    documents: tuple[DocumentFact, ...]
    open_actions: tuple[OpenAction, ...]
    annex: tuple[AnnexLetter, ...]

    @property
    def is_calendar_year(self) -> bool:
        return self.start == dt.date(self.end.year, 1, 1) and self.end == dt.date(self.end.year, 12, 31)

    @property
    def postponed_themes(self) -> tuple[ThemeFact, ...]:
        """Themes put off to a day after the period: the outlook's starting points."""
        return tuple(t for t in self.themes if t.status == ThemeStatus.POSTPONED
                     and (t.postponed_until is None or t.postponed_until > self.end))

    @property
    def outcomes(self) -> tuple[ResponseFact, ...]:
        return tuple(r for r in self.responses if r.outcome)

    @property
    def economy(self) -> BudgetStatus | None:
        """The economy of the period's last year (a calendar year's only one)."""
        return self.economies[-1] if self.economies else None


# --- Reading the parts ----------------------------------------------------------------------------

def _roster_count(council: Council, on: dt.date) -> tuple[RosterCount, dict[int, int]]:
    """Members, substitutes and guests on a day, and members per seat category id. Three queries."""
    roster = council_selectors.roster_on(council=council, on=on)
    by_category = Counter(e.membership.seat_category_id for e in roster.members if e.membership.seat_category_id)
    return (RosterCount(on=on, members=len(roster.members), substitutes=len(roster.substitutes),
                        guests=len(roster.guests)), dict(by_category))


def _rules_periods(rules: list[RulesOfProcedure], start: dt.date, end: dt.date) -> list[RulesPeriod]:
    periods: list[RulesPeriod] = []
    for i, version in enumerate(rules):
        first = max(version.valid_from, start)
        last = end if i + 1 == len(rules) else min(end, rules[i + 1].valid_from - dt.timedelta(days=1))
        if last < first:
            continue
        if periods and periods[-1].meetings_per_year == version.meetings_per_year:
            periods[-1] = RulesPeriod(periods[-1].start, last, version.meetings_per_year)
        else:
            periods.append(RulesPeriod(first, last, version.meetings_per_year))
    return periods


def _days_in_year(year: int) -> int:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days


def asked_for(periods: list[RulesPeriod] | tuple[RulesPeriod, ...]) -> float:
    """The meetings the rules asked for: each period's yearly number, pro-rated by its days."""
    total = 0.0
    for p in periods:
        day = p.start
        while day <= p.end:
            year_end = min(dt.date(day.year, 12, 31), p.end)
            total += p.meetings_per_year * ((year_end - day).days + 1) / _days_in_year(day.year)
            day = year_end + dt.timedelta(days=1)
    return total


def _attendance_by_meeting(meeting_ids: list[int]) -> dict[int, Counter]:
    """{meeting id: Counter(status: n)} for the people called (guests and the never-called left out). One query."""
    counts: dict[int, Counter] = {}
    rows = (Attendance.objects.filter(meeting_id__in=meeting_ids, is_guest=False)
            .exclude(status=AttendanceStatus.NOT_CALLED).order_by()
            .values("meeting_id", "status").annotate(n=Count("id")))
    for row in rows:
        counts.setdefault(row["meeting_id"], Counter())[row["status"]] += row["n"]
    return counts


def _meeting_fact(meeting: Meeting, counts: Counter) -> MeetingFact:
    invited = sum(counts.values())
    return MeetingFact(meeting_id=meeting.pk, on=_local_day(meeting.starts_at), kind=meeting.kind,
                       kind_label=str(meeting.get_kind_display()), title=meeting.title, invited=invited,
                       present=counts[AttendanceStatus.PRESENT], afbud=counts[AttendanceStatus.AFBUD],
                       absent=counts[AttendanceStatus.ABSENT])


def _meetings(council: Council, start: dt.date, end: dt.date, rules: list[RulesOfProcedure]) -> Meetings:
    first, after = _bounds(start, end)
    in_period = list(Meeting.objects.filter(council=council, starts_at__gte=first, starts_at__lt=after)
                     .order_by("starts_at", "id"))
    held = [m for m in in_period if m.status in HELD_STATUSES]
    counts = _attendance_by_meeting([m.pk for m in held])
    periods = _rules_periods(rules, start, end)
    changes = [RulesChange(on=b.start, before=a.meetings_per_year, after=b.meetings_per_year)
               for a, b in zip(periods, periods[1:], strict=False)]
    return Meetings(held=tuple(_meeting_fact(m, counts.get(m.pk, Counter())) for m in held),
                    cancelled=sum(1 for m in in_period if m.status == MeetingStatus.CANCELLED),
                    rules_periods=tuple(periods), rules_changes=tuple(changes), asked_exact=asked_for(periods))


def _events(council: Council, start: dt.date, end: dt.date) -> list[tuple[Event, int]]:
    first, after = _bounds(start, end)
    rows = (Event.objects.filter(council=council, starts_at__gte=first, starts_at__lt=after)
            .annotate(attended=Count("signups", filter=Q(signups__status=SignupStatus.ATTENDED)))
            .order_by("starts_at", "id"))
    return [(e, e.attended) for e in rows]


def _calls(council: Council, start: dt.date, end: dt.date) -> QuerySet[RecruitmentCall]:
    first, after = _bounds(start, end)
    in_period = RecruitmentCall.objects.filter(
        Q(deadline__gte=first, deadline__lt=after)
        | Q(appointments__decision_date__gte=start, appointments__decision_date__lte=end), council=council)
    return (RecruitmentCall.objects.filter(pk__in=in_period.values("pk")).select_related("term")
            .annotate(candidacy_count=Count("candidacies", distinct=True))
            .prefetch_related("appointments").order_by("deadline", "pk"))


def _signature(council: Council, positions: list[Position], disclosure: Disclosure, on: dt.date) -> str:
    chair = next((p for p in positions if p.kind == PositionKind.CHAIR and p.start <= on
                  and (p.end is None or p.end >= on)), None)
    seen = disclosure.at(on)
    if chair is not None and seen.can_name(chair.person) and seen.positions_public:
        return _("%(name)s, formand, %(council)s") % {"name": chair.person.name, "council": council.name}
    if chair is not None and seen.positions_public:
        return _("Formanden, %(council)s") % {"council": council.name}
    return council.name


def year_facts(*, council: Council, start: dt.date, end: dt.date, members_on: dt.date | None = None) -> YearFacts:
    """Everything the annual report of ``council`` for ``start``–``end`` tells, as of ``end``
    (``members_on``: one more roster date, e.g. 1 April the year after). At most forty queries,
    whatever the number of meetings, people, events, letters or expenses. The labels in the facts
    (roles, statuses, categories) are Danish whatever the language of the request: the report is
    a municipal record, written in Danish like the council's letters."""
    with translation.override(settings.LANGUAGE_CODE):
        return _year_facts(council=council, start=start, end=end, members_on=members_on)


def _year_facts(*, council: Council, start: dt.date, end: dt.date, members_on: dt.date | None) -> YearFacts:
    disclosure = Disclosure.for_council(council, on=end)
    text = disclosure.text
    first, after = _bounds(start, end)
    municipality = council.municipality  # one query unless loaded with the council

    # The roster, its terms and seats (the terms, their seats; three queries for each roster date).
    terms = list(Term.objects.filter(council=council).order_by("start"))
    categories = list(SeatCategory.objects.filter(council=council).order_by("term__start", "position", "name"))
    at_start, filled_start = _roster_count(council, start)
    at_end, filled_end = _roster_count(council, end)
    on_date = _roster_count(council, members_on)[0] if members_on is not None else None
    term_end = council_selectors.term_on(council=council, on=end)
    term_start = council_selectors.term_on(council=council, on=start)
    seats = []
    for cat in categories:
        if term_end is not None and cat.term_id == term_end.pk:
            same_start = next((c for c in categories if term_start is not None and c.term_id == term_start.pk
                               and c.name == cat.name), None)
            seats.append(SeatFact(name=text(cat.name), min_seats=cat.min_seats, max_seats=cat.max_seats,
                                  filled_start=filled_start.get(same_start.pk, 0) if same_start else 0,
                                  filled_end=filled_end.get(cat.pk, 0)))
    changes = []
    for previous, term in zip(terms, terms[1:], strict=False):
        if start < term.start <= end:
            changes.append(TermChange(old_name=previous.name, old_end=previous.end, new_name=term.name,
                                      new_start=term.start))

    # Departures (one query): counts only.
    ended = Counter((row["role"], row["end_reason"]) for row in Membership.objects.filter(
        council=council, status=MembershipStatus.APPOINTED, end__gte=start, end__lte=end).values("role", "end_reason"))
    withdrawn_members = ended[(MembershipRole.MEMBER, EndReason.WITHDREW)]
    withdrawn_substitutes = ended[(MembershipRole.SUBSTITUTE, EndReason.WITHDREW)]
    other = sum(n for (role, reason), n in ended.items() if reason in DEPARTURES and reason != EndReason.WITHDREW
                and role != MembershipRole.GUEST)

    # Rules, terms of reference, the first appointment.
    rules = council_selectors.rules_during(council=council, start=start, end=end)
    rules_end = rules[-1] if rules else None
    tor = council_selectors.terms_of_reference_in_force(council=council, on=end)
    first_appointment = (Appointment.objects.filter(council=council).select_related("call")
                         .order_by("decision_date", "pk").first())
    first_term = terms[0] if terms else None
    first_rules = RulesOfProcedure.objects.filter(council=council).order_by("valid_from", "version").first()
    decided_on, reference = None, ""
    if first_appointment is not None and (first_term is None or first_appointment.call.term_id == first_term.pk):
        decided_on, reference = first_appointment.decision_date, first_appointment.reference
    elif first_term is not None:
        row = (Membership.objects.filter(council=council, term=first_term, appointment_date__isnull=False)
               .order_by("appointment_date", "pk").values("appointment_date", "appointment_reference").first())
        if row is not None:
            decided_on, reference = row["appointment_date"], row["appointment_reference"]
    introduction = Introduction(
        council_name=council.name, municipality=municipality.name, kind=str(council.get_kind_display()),
        set_up_on=first_term.start if first_term else None, first_term=first_term.name if first_term else "",
        decided_on=decided_on, rules_since=first_rules.valid_from if first_rules else None,
        decision_reference=reference,
        terms_of_reference=text(tor.text) if tor else "", terms_of_reference_from=tor.valid_from if tor else None,
        meetings_per_year=rules_end.meetings_per_year if rules_end else None,
        members_min=rules_end.members_min if rules_end else None,
        members_max=rules_end.members_max if rules_end else None,
        term_years=rules_end.term_years if rules_end else None,
        substitute_mode=str(rules_end.get_substitute_mode_display()) if rules_end else "",
        substitute_attendance=str(rules_end.get_substitute_attendance_display()) if rules_end else "",
        substitute_mode_key=rules_end.substitute_mode if rules_end else "",
        substitute_attendance_key=rules_end.substitute_attendance if rules_end else "")

    # Meetings and attendance (two queries), the constituting meeting and its election.
    meetings = _meetings(council, start, end, rules)
    positions = list(Position.objects.filter(council=council).select_related("person").order_by("start", "pk"))
    constituting = None
    for fact in meetings.held:
        if fact.kind == MeetingKind.CONSTITUTING:
            elected = {p.kind: p for p in positions if p.start == fact.on}
            seen = disclosure.at(fact.on)
            names = {kind: pos.person.name for kind, pos in elected.items()
                     if seen.can_name(pos.person) and seen.positions_public}
            constituting = Constituting(meeting_id=fact.meeting_id, on=fact.on, chair=names.get(PositionKind.CHAIR),
                                        vice_chair=names.get(PositionKind.VICE_CHAIR),
                                        chair_elected=PositionKind.CHAIR in elected,
                                        vice_chair_elected=PositionKind.VICE_CHAIR in elected,
                                        present=fact.present, invited=fact.invited)
            break

    # Recruitment (one query, plus the events read below).
    events = _events(council, start, end)
    recruitments = []
    info_ids: set[int] = set()
    calls = list(_calls(council, start, end))
    # Who each decision appointed, from the roster (the board's own members too, which no call
    # lists): memberships of the call's term with the decision's date and reference from its start.
    appointed = Counter(
        (row["term_id"], row["appointment_date"], row["appointment_reference"], row["role"], row["start"])
        for row in Membership.objects.filter(council=council, term_id__in={c.term_id for c in calls},
                                             status=MembershipStatus.APPOINTED, appointment_date__isnull=False)
        .values("term_id", "appointment_date", "appointment_reference", "role", "start"))

    def appointed_by(call: RecruitmentCall, decision: Appointment | None, role: str) -> int:
        if decision is None:
            return 0
        first_day = max(decision.decision_date, call.term.start)
        return sum(n for (term_id, day, ref, r, begun), n in appointed.items()
                   if term_id == call.term_id and day == decision.decision_date and ref == decision.reference
                   and r == role and begun <= first_day)

    for call in calls:
        deadline_day = _local_day(call.deadline)
        infos = [(e, n) for e, n in events if e.own and e.kind == EventKind.CITIZENS
                 and deadline_day - dt.timedelta(days=INFO_MEETING_DAYS) <= _local_day(e.starts_at) <= deadline_day]
        info_ids |= {e.pk for e, _n in infos}
        appointments = [a for a in _appointments(call) if a.decision_date <= end]
        term_categories = [c for c in categories if c.term_id == call.term_id]
        recruitments.append(Recruitment(
            call_id=call.pk, title=text(call.title), deadline=call.deadline,
            info_meetings=tuple(InfoMeeting(on=_local_day(e.starts_at), title=text(e.title), attended=n)
                                for e, n in infos),
            candidacies=call.candidacy_count,  # type: ignore[attr-defined]  # the annotation
            seats_open=sum(c.max_seats for c in term_categories if c.open_to_applicants),
            seats_total=sum(c.max_seats for c in term_categories),
            appointed_members=appointed_by(call, appointments[0] if appointments else None, MembershipRole.MEMBER),
            appointed_substitutes=appointed_by(call, appointments[0] if appointments else None,
                                               MembershipRole.SUBSTITUTE),
            decided_on=appointments[0].decision_date if appointments else None,
            reference=appointments[0].reference if appointments else "", term_name=call.term.name))
    composition = Composition(
        seats=tuple(seats), at_start=at_start, at_end=at_end, members_on=on_date, term_changes=tuple(changes),
        recruitments=tuple(recruitments), constituting=constituting, withdrawn_members=withdrawn_members,
        withdrawn_substitutes=withdrawn_substitutes, other_departures=other)
    event_facts = tuple(
        EventFact(event_id=e.pk, on=_local_day(e.starts_at), title=text(e.title), kind=e.kind,
                  kind_label=str(e.get_kind_display()), organiser=text(e.organiser), own=e.own, attended=n)
        for e, n in events if n > 0 and e.pk not in info_ids)

    # Themes of the period's years (one query); the owner by role only.
    themes = tuple(
        ThemeFact(theme_id=t.pk, title=text(t.title), status=t.status, status_label=str(t.get_status_display()),
                  owner_role=disclosure.label(t.owner) if t.owner_id else "", note=text(t.status_note),
                  postponed_until=t.postponed_until, year=t.year)
        for t in Theme.objects.filter(council=council, year__gte=start.year, year__lte=end.year)
        .select_related("owner").order_by("year", "priority", "pk"))

    # Responses and comment letters sent in the period (three queries).
    consultations = list(Consultation.objects.filter(council=council, sent_at__gte=first, sent_at__lt=after)
                         .select_related("committee").order_by("sent_at", "pk"))
    partners: dict[int, list[str]] = {}
    for p in (ConsultationPartner.objects.filter(consultation__in=[c.pk for c in consultations])
              .select_related("council").order_by("added_at", "pk")):
        partners.setdefault(p.consultation_id, []).append(p.council.name)
    responses = tuple(
        ResponseFact(consultation_id=c.pk, title=text(c.title), committee=c.committee.name if c.committee else "",
                     committee_abbreviation=c.committee.abbreviation if c.committee else "",
                     recipient=text(response_recipient(c)), sent_on=_local_day(c.sent_at),  # type: ignore[arg-type]
                     outcome=text(c.outcome) if c.outcome_recorded_at and c.outcome_recorded_at < after else "",
                     joint_with=tuple(partners.get(c.pk, [])))
        for c in consultations)
    letters = list(CommentLetter.objects.filter(council=council, status=LetterStatus.SENT, sent_at__gte=first,
                                                sent_at__lt=after)
                   .select_related("committee_meeting", "committee_meeting__committee", "council")
                   .order_by("sent_at", "pk"))
    letter_facts = tuple(
        LetterFact(letter_id=lt.pk, committee=lt.committee_meeting.committee.name,
                   committee_abbreviation=lt.committee_meeting.committee.abbreviation,
                   meeting_on=_local_day(lt.committee_meeting.starts_at), sent_on=_local_day(lt.sent_at),  # type: ignore[arg-type]
                   items=tuple(text(s.get("title") or s.get("heading", "")) for s in lt.sent_sections or []))
        for lt in letters)

    # The annex: every response and letter in full, in the order they were sent.
    annex: list[tuple[dt.datetime, AnnexLetter]] = []
    for c in consultations:
        sent = _local_day(c.sent_at)  # type: ignore[arg-type]  # filtered on sent_at
        seen = disclosure.at(sent)
        annex.append((c.sent_at, AnnexLetter(  # type: ignore[arg-type]
            kind="response", object_id=c.pk, title=seen.text(c.title), recipient=seen.text(response_recipient(c)),
            sent_on=sent, intro=seen.text(c.sent_text), sections=(), closing="",
            signature=_signature(council, positions, disclosure, sent))))
    for lt in letters:
        sent = _local_day(lt.sent_at)  # type: ignore[arg-type]  # filtered on sent_at
        seen = disclosure.at(sent)
        annex.append((lt.sent_at, AnnexLetter(  # type: ignore[arg-type]
            kind="comments", object_id=lt.pk, title=comment_letter_title(lt),
            recipient=seen.text(comment_letter_recipient(lt)), sent_on=sent, intro=seen.text(lt.intro),
            sections=tuple(AnnexSection(heading=seen.text(s.get("heading", "")), text=seen.text(s.get("text", "")))
                           for s in lt.sent_sections or []),
            closing=seen.text(lt.closing), signature=_signature(council, positions, disclosure, sent))))
    annex.sort(key=lambda pair: (pair[0], pair[1].kind, pair[1].object_id))

    # Money: each year of the period as it stood at the end (two queries a year).
    economies = []
    for year in range(start.year, end.year + 1):
        economies.append(finance_selectors.budget_status(council=council, year=year, as_of=end))

    documents = tuple(
        DocumentFact(document_id=d.pk, title=text(d.title), source=text(d.source), year=d.year)
        for d in Document.objects.filter(Q(added_at__gte=first, added_at__lt=after)
                                         | Q(year__gte=start.year, year__lte=end.year), council=council)
        .order_by("title", "pk"))
    open_actions = tuple(
        OpenAction(title=text(a.title), due=a.due, meeting_on=_local_day(a.meeting.starts_at))
        for a in open_action_items(council=council, before=after, as_of=end, term=term_end))  # not an ended term's

    return YearFacts(
        council_id=council.pk, council_name=council.name, council_slug=council.slug, start=start, end=end,
        members_on=members_on, introduction=introduction, composition=composition, meetings=meetings,
        events=event_facts, themes=themes, responses=responses, letters=letter_facts, economies=tuple(economies),
        documents=documents, open_actions=open_actions, annex=tuple(pair[1] for pair in annex))


def _appointments(call: RecruitmentCall) -> list[Appointment]:
    """The call's appointment decisions, oldest first (prefetched by ``_calls``)."""
    return sorted(call.appointments.all(), key=lambda a: (a.decision_date, a.pk))


def year_in_figures(*, council: Council, year: int, as_of: dt.date) -> YearFacts:
    """The report's facts for ``year`` so far: from 1 January to ``as_of`` (or the year's end)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return year_facts(council=council, start=start, end=max(start, min(as_of, end)))


# --- Several years ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class YearSummary:
    year: int
    meetings_held: int
    meetings_asked: int
    present: int                       # all present at the year's held meetings
    invited: int
    responses: int                     # sent in the year
    outcomes: int                      # of those, with a recorded outcome
    letters: int                       # comment letters sent in the year
    spent: Decimal                     # spent and committed in the year
    budget: Decimal | None

    @property
    def average_present(self) -> float:
        return self.present / self.meetings_held if self.meetings_held else 0.0

    @property
    def attendance_percent(self) -> int:
        return round(100 * self.present / self.invited) if self.invited else 0


def years_compared(*, council: Council, years: list[int]) -> list[YearSummary]:
    """A few numbers per year, oldest first: meetings held against asked, attendance, responses
    and their outcomes, comment letters and money. Seven queries, whatever the number of years."""
    years = sorted(set(years))
    if not years:
        return []
    first, after = _bounds(dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31))
    tz = timezone.get_current_timezone()
    meetings = list(Meeting.objects.filter(council=council, starts_at__gte=first, starts_at__lt=after,
                                           status__in=HELD_STATUSES).only("pk", "starts_at"))
    year_of = {m.pk: timezone.localtime(m.starts_at, tz).year for m in meetings}
    held = Counter(year_of.values())
    present: Counter = Counter()
    invited: Counter = Counter()
    for meeting_id, counts in _attendance_by_meeting(list(year_of)).items():
        present[year_of[meeting_id]] += counts[AttendanceStatus.PRESENT]
        invited[year_of[meeting_id]] += sum(counts.values())
    rules = list(RulesOfProcedure.objects.filter(council=council).order_by("valid_from", "version"))
    responses: Counter = Counter()
    outcomes: Counter = Counter()
    for sent_at, outcome in Consultation.objects.filter(council=council, sent_at__gte=first, sent_at__lt=after) \
            .values_list("sent_at", "outcome"):
        y = timezone.localtime(sent_at, tz).year
        responses[y] += 1
        outcomes[y] += 1 if outcome.strip() else 0
    sent_letters = CommentLetter.objects.filter(council=council, status=LetterStatus.SENT, sent_at__gte=first,
                                                sent_at__lt=after).values_list("sent_at", flat=True)
    letters = Counter(timezone.localtime(s, tz).year for s in sent_letters if s is not None)
    spent: dict[int, Decimal] = {}
    for day, amount in Expense.objects.filter(council=council, date__year__gte=years[0], date__year__lte=years[-1],
                                              status__in=ExpenseStatus.values).values_list("date", "amount"):
        spent[day.year] = spent.get(day.year, ZERO) + amount
    budgets = dict(Budget.objects.filter(council=council, year__in=years).values_list("year", "amount"))
    summaries = []
    for y in years:
        start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
        by_day: dict[dt.date, RulesOfProcedure] = {}
        for version in rules:
            if version.valid_from <= end:
                by_day[version.valid_from] = version
        days = sorted(by_day)
        before = [d for d in days if d <= start]
        in_force = [by_day[d] for d in days if d >= (before[-1] if before else (days[0] if days else start))]
        asked = asked_for(_rules_periods(in_force, start, end)) if in_force else 0.0
        summaries.append(YearSummary(
            year=y, meetings_held=held[y], meetings_asked=int(Decimal(str(asked)).quantize(
                Decimal("1"), rounding="ROUND_HALF_UP")), present=present[y], invited=invited[y],
            responses=responses[y], outcomes=outcomes[y], letters=letters[y], spent=spent.get(y, ZERO),
            budget=budgets.get(y)))
    return summaries
