"""The busy year: one council's calendar year with everything an annual report tells, built
through the real services (councils, meetings, activities, hearings, finance, library) with
the clock set to each step's moment, as the demo does (``hearings.demo._historic``).

The story (``year`` defaults to 2025):

* An udsatteråd from the ``albertslund2018`` preset, set up by the municipal board with a first
  term from 1 July ``year - 4`` to 30 June ``year``; 10 members and 7 personal substitutes.
* Two substitutes of the old term withdraw (February and April).
* A recruitment call for the new term (deadline 15 April) with an information meeting, 15
  candidacies for the 8 seats citizens can apply for; the municipal board appoints 8 members and
  5 substitutes on 20 May (``KB 20.05.<year>, pkt. 7``); the board's own 2 members too.
* The new term starts 1 July with the rules changed from four to six meetings a year and a per
  diem of 500 kr. a meeting.
* 10 meetings held (4 before the summer, the constituting meeting in August where the chair –
  who consented to be named – and the vice-chair – who did not – are elected, and 5 more), with
  afbud and absence; one more meeting is cancelled.
* One member withdraws in October (the substitute moves up), one substitute in November.
* 10 events the members went to, and the information meeting (the council's own).
* 6 themes: 2 done with an outcome, 3 active with a status note, 1 postponed to next year.
* 5 consultation responses sent to four committees, each with its outcome, and one still in
  drafting; 3 comment letters sent to committee meetings.
* A budget of 35,000 kr. with expenses in every category, per diem recorded from the meetings.
* 4 reports received for the library; 3 action items (2 still open at the year's end).

``scale`` multiplies meetings, events, themes, responses, letters, expenses, reports and
candidacies, and adds 2 guests per step of scale to the roster (the seats themselves stay as the preset has them), for
the bench at 10×. The builder returns the rows it made so tests can count them independently."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.tests.factories import UserFactory
from activities.models import Event, EventKind, Theme
from activities.services import events as event_services
from activities.services import themes as theme_services
from councils import services as council_services
from councils.models import (
    Appointment,
    Candidacy,
    CandidacyStatus,
    Council,
    EndReason,
    Membership,
    MembershipRole,
    Person,
    RecruitmentCall,
    SeatCategory,
    SubstituteOutcome,
    Term,
)
from councils.selectors import roster_on
from councils.tests.factories import MunicipalityFactory
from finance import services as finance_services
from finance.models import Budget, Category, Expense
from hearings.models import CommentLetter, Committee, Consultation
from hearings.services import committees as committee_services
from hearings.services import consultations as consultation_services
from hearings.services import letters as letter_services
from library import services as library_services
from library.models import Document
from meetings.models import ActionItem, AttendanceStatus, Meeting, MeetingKind
from meetings.services import attendance as attendance_services
from meetings.services import minutes as minutes_services
from meetings.services import plan as plan_services
from meetings.services.minutes import AttendanceEntry

CPH = ZoneInfo("Europe/Copenhagen")
_counter = itertools.count(1)

BUDGET = Decimal("35000.00")
PER_DIEM_RATE = Decimal("500.00")
CALL_TITLE = "Bliv medlem af Udsatterådet"
COMMITTEES = [
    ("Social- og Sundhedsudvalget", "SUS"),
    ("Børne- og Skoleudvalget", "BSU"),
    ("Erhvervs- og Beskæftigelsesudvalget", "EBU"),
    ("Økonomiudvalget", "ØU"),
]
# The seats of the albertslund2018 preset, by position: (name prefix, members).
LIVED, BOARD, EXPERT, PERSONAL = 0, 1, 2, 3


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CPH)


class Clock:
    """``timezone.now`` for the historic steps: ``clock.at(day, hour)`` sets the moment."""

    def __init__(self) -> None:
        self.moment = timezone.now()

    def __call__(self) -> dt.datetime:
        return self.moment

    def at(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
        self.moment = at(day, hour, minute)
        return self.moment


@contextlib.contextmanager
def historic():
    clock = Clock()
    with mock.patch.object(timezone, "now", clock):
        yield clock


@dataclass
class BusyYear:
    council: Council
    year: int
    scale: int
    secretary: object
    old_term: Term
    new_term: Term
    chair: Person              # elected at the constituting meeting; consented to be named
    vice_chair: Person         # elected there too; did not consent
    old_chair: Person
    meetings: list[Meeting]    # held in the year, by date
    cancelled: Meeting
    constituting: Meeting
    withdrawals: list[Membership]  # ended with reason WITHDREW in the year
    call: RecruitmentCall
    candidacies: list[Candidacy]
    appointment: Appointment
    info_meeting: Event
    events: list[Event]
    themes: list[Theme]
    consultations: list[Consultation]  # sent, with an outcome
    unsent: Consultation
    letters: list[CommentLetter]
    committees: dict[str, Committee]
    budget: Budget
    expenses: list[Expense]
    documents: list[Document]
    next_year_expense: Expense
    action_items: list[ActionItem]
    rules_change: dt.date
    members_on: dt.date
    names_hidden: list[str] = field(default_factory=list)  # people who did not consent to be named

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)


def _ascii(name: str) -> str:
    return name.lower().replace(" ", ".").replace("æ", "ae").replace("ø", "oe").replace("å", "aa")


def _person(council: Council, name: str, *, publish: bool, lived: bool = False, user=None) -> Person:
    slug = _ascii(name)
    return council_services.person_save(council=council, name=name, email=f"{slug}.{council.pk}@example.org",
                                        publish_name=publish, lived_experience=lived, user=user)


FIRST = ["Anne", "Bent", "Carla", "Dennis", "Eva", "Finn", "Gitte", "Hans", "Ida", "Jens", "Karen", "Lars",
         "Mette", "Niels", "Olga", "Peter", "Rikke", "Søren", "Tina", "Ulrik", "Vera", "Willy", "Yrsa", "Åge"]
LAST = ["Holm", "Berg", "Dahl", "Lund", "Krogh", "Winther", "Bach", "Storm", "Juhl", "Friis", "Vang", "Skov"]


def _names():
    for i in itertools.count():
        yield f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST) + i) % len(LAST)]}{'' if i < 200 else f' {i}'}"


def _categories(term: Term) -> list[SeatCategory]:
    return list(SeatCategory.objects.filter(term=term).order_by("position"))


def _old_term(council: Council, term: Term, names, year: int) -> tuple[list[Membership], list[Membership], Person]:
    """Ten members in their seats and seven personal substitutes, from the first term's start."""
    cats = _categories(term)
    start = term.start
    members, substitutes = [], []
    seats = [LIVED] * 5 + [BOARD] * 2 + [EXPERT] * 2 + [PERSONAL]
    for i, seat in enumerate(seats):
        person = _person(council, next(names), publish=i % 3 != 1, lived=seat == LIVED)
        members.append(council_services.membership_create(
            council=council, person=person, term=term, role=MembershipRole.MEMBER, start=start,
            seat_category=cats[seat], appointment_date=start - dt.timedelta(days=100),
            appointment_reference=f"KB {start - dt.timedelta(days=100):%d.%m.%Y}, pkt. 5"))
    for member in members[:7]:
        person = _person(council, next(names), publish=False)
        substitutes.append(council_services.membership_create(
            council=council, person=person, term=term, role=MembershipRole.SUBSTITUTE, start=start,
            substitute_for=member))
    chair_user = UserFactory(email=f"formand.gl.{council.pk}@example.org")
    vice_user = UserFactory(email=f"naestformand.gl.{council.pk}@example.org")
    chair, vice = members[0].person, members[2].person
    council_services.person_save(council=council, instance=chair, user=chair_user)
    council_services.person_save(council=council, instance=vice, user=vice_user)
    council_services.position_assign(council=council, person=chair, kind="chair", start=start)
    council_services.position_assign(council=council, person=vice, kind="vice_chair", start=start)
    return members, substitutes, chair


def build_busy_year(*, year: int = 2025, scale: int = 1, slug: str | None = None) -> BusyYear:
    slug = slug or f"travlt-aar-{year}-{next(_counter)}"
    names = _names()
    with historic() as clock:
        # --- The council and its first term ---------------------------------------------------------
        first_start, first_end = dt.date(year - 4, 7, 1), dt.date(year, 6, 30)
        clock.at(first_start - dt.timedelta(days=120))
        municipality = MunicipalityFactory(slug=f"kommune-{slug}", name=f"Kommune {slug}")
        council = council_services.council_create_from_preset(
            municipality=municipality, preset_key="albertslund2018", name=f"Udsatterådet i {slug.title()}",
            slug=slug, term_start=first_start, term_end=first_end)
        secretary = UserFactory(email=f"sekretariat.{council.pk}@kommune.example")
        council_services.council_secretary_add(council=council, user=secretary)
        old_term = Term.objects.get(council=council)
        clock.at(first_start - dt.timedelta(days=30))
        old_members, old_subs, old_chair = _old_term(council, old_term, names, year)

        # --- Withdrawals before the summer: two substitutes -----------------------------------------
        withdrawals = []
        clock.at(dt.date(year, 2, 14))
        withdrawals.append(council_services.membership_end(membership=old_subs[3], end=dt.date(year, 2, 14),
                                                           reason=EndReason.WITHDREW, actor=secretary))
        clock.at(dt.date(year, 4, 30))
        withdrawals.append(council_services.membership_end(membership=old_subs[5], end=dt.date(year, 4, 30),
                                                           reason=EndReason.WITHDREW, actor=secretary))

        # --- Recruitment for the new term -----------------------------------------------------------
        clock.at(dt.date(year, 1, 15))
        new_term = council_services.term_create(council=council, name=f"{year}–{year + 4}",
                                                start=dt.date(year, 7, 1), end=dt.date(year + 4, 6, 30),
                                                copy_seats_from=old_term, actor=secretary)
        cats = _categories(new_term)
        clock.at(dt.date(year, 2, 1))
        call = council_services.call_save(
            council=council, term=new_term, title=f"{CALL_TITLE} {new_term.name}", actor=secretary,
            text="Vil du være med til at give socialt udsatte borgere en stemme? Stil op til rådet.",
            deadline=at(dt.date(year, 4, 15), 12), published=True)
        info_meeting = event_services.event_create(
            council=council, kind=EventKind.CITIZENS, own=True, title="Informationsmøde om Udsatterådet",
            starts_at=at(dt.date(year, 3, 25), 17), ends_at=at(dt.date(year, 3, 25), 19),
            place="Rådhuset", organiser=council.name, actor=secretary)
        clock.at(dt.date(year, 4, 10))
        candidacies = []
        wishes = [LIVED] * 5 + [EXPERT] * 2 + [PERSONAL] + [LIVED] * 5 + [EXPERT] * 2
        for i in range(15 * scale):
            seat = wishes[i % len(wishes)]
            name = next(names)
            slugged = _ascii(name)
            candidacies.append(council_services.candidacy_submit(
                call=call, name=name, email=f"kandidat.{slugged}.{council.pk}@example.org",
                motivation="Jeg vil gerne bruge mine erfaringer.", seat_category=cats[seat],
                lived_experience=seat == LIVED, publish_name=i % 2 == 0, now=clock.moment))
        clock.at(dt.date(year, 4, 28))
        chosen_members = candidacies[:8]
        chosen_subs = candidacies[8:13]
        for cand in chosen_members:
            council_services.candidacy_review(candidacy=cand, actor=secretary, status=CandidacyStatus.SELECTED,
                                              decision_role=MembershipRole.MEMBER,
                                              decision_seat_category=cand.seat_category, now=clock.moment)
        for cand, member in zip(chosen_subs, chosen_members, strict=False):
            council_services.candidacy_review(candidacy=cand, actor=secretary, status=CandidacyStatus.SELECTED,
                                              decision_role=MembershipRole.SUBSTITUTE, decision_substitute_for=member,
                                              now=clock.moment)
        for cand in candidacies[13:]:
            council_services.candidacy_review(candidacy=cand, actor=secretary, status=CandidacyStatus.NOT_SELECTED,
                                              review_note="Der var ikke flere pladser.", now=clock.moment)
        decision = dt.date(year, 5, 20)
        reference = f"KB {decision:%d.%m.%Y}, pkt. 7"
        clock.at(decision, 20)
        appointment = council_services.appointment_record(call=call, decision_date=decision, reference=reference,
                                                          actor=secretary)
        board = []
        for _i in range(2):
            person = _person(council, next(names), publish=True)
            board.append(council_services.membership_create(
                council=council, person=person, term=new_term, role=MembershipRole.MEMBER, start=new_term.start,
                seat_category=cats[BOARD], appointment_date=decision, appointment_reference=reference))
        for cand in candidacies:
            cand.refresh_from_db()
        new_members = [Membership.objects.get(person=c.person, term=new_term) for c in chosen_members] + board
        guests = []
        for _i in range(2 * (scale - 1)):
            person = _person(council, next(names), publish=False)
            guests.append(council_services.membership_create(council=council, person=person, term=new_term,
                                                             role=MembershipRole.GUEST, start=new_term.start))

        # --- The rules change with the new term -------------------------------------------------------
        rules_change = dt.date(year, 7, 1)
        clock.at(dt.date(year, 6, 12))
        council_services.rules_update(council=council, actor=secretary, valid_from=rules_change, meetings_per_year=6,
                                      per_diem_rate=PER_DIEM_RATE)
        budget = finance_services.budget_set(council=council, year=year, amount=BUDGET, actor=secretary)

        # --- Meetings ---------------------------------------------------------------------------------
        spring = [dt.date(year, 1, 20), dt.date(year, 3, 10), dt.date(year, 4, 22), dt.date(year, 6, 10)]
        autumn = [dt.date(year, 9, 9), dt.date(year, 10, 7), dt.date(year, 10, 28), dt.date(year, 11, 18),
                  dt.date(year, 12, 9)]
        constituting_day = dt.date(year, 8, 19)
        extra = []
        for k in range(10 * (scale - 1)):  # the bench's extra meetings: spread over the year
            extra.append(dt.date(year, 1, 6) + dt.timedelta(days=(k * 353) // max(10 * (scale - 1), 1)))
        # The bench's extra meetings skip the invitations (their outbox messages are most of the
        # build's time): the attendance is registered for the roster of the day directly.
        days = sorted([(d, False) for d in spring + autumn + [constituting_day]] + [(d, True) for d in extra])
        meetings: list[Meeting] = []
        constituting = None
        chair = vice_chair = None
        action_items: list[ActionItem] = []
        for n, (day, bench_only) in enumerate(days):
            clock.at(day - dt.timedelta(days=20), 9)
            first_after_summer = day == constituting_day and constituting is None and not bench_only
            kind = MeetingKind.CONSTITUTING if first_after_summer else MeetingKind.ORDINARY
            meeting = plan_services.meeting_create(council=council, kind=kind, starts_at=at(day, 16),
                                                   ends_at=at(day, 18), location="Rådhuset, mødelokale 3",
                                                   actor=secretary)
            if bench_only:
                clock.at(day, 18)
                roster = roster_on(council=council, on=day)
                called_ids = sorted({e.membership.person_id: e.membership.person.name
                                     for e in roster.members + roster.substitutes + roster.guests}.items(),
                                    key=lambda kv: kv[1])
                person_ids = [pid for pid, _name in called_ids]
            else:
                clock.at(day - dt.timedelta(days=8), 9)
                attendance_services.invitations_send(meeting=meeting, actor=secretary)
                clock.at(day, 18)
                person_ids = [a.person_id for a in meeting.attendances.filter(status=AttendanceStatus.INVITED)
                              .order_by("person__name")]
            entries = {}
            for i, person_id in enumerate(person_ids):
                status = AttendanceStatus.PRESENT
                if kind != MeetingKind.CONSTITUTING:
                    if (i + n) % 4 == 0:
                        status = AttendanceStatus.AFBUD
                    elif (i + n) % 7 == 3:
                        status = AttendanceStatus.ABSENT
                elif i == len(person_ids) - 1:
                    status = AttendanceStatus.AFBUD  # nearly everyone came to the constituting meeting
                entries[person_id] = AttendanceEntry(status=status)
            minutes_services.attendance_register(meeting=meeting, entries=entries, actor=secretary)
            minutes_services.meeting_mark_held(meeting=meeting, actor=secretary)
            if kind == MeetingKind.CONSTITUTING:
                constituting = meeting
                chair = new_members[0].person    # a citizen who consented to be named (even index)
                vice_chair = new_members[1].person  # did not consent
                minutes_services.chair_elect(meeting=meeting, chair=chair, vice_chair=vice_chair, actor=secretary)
            # The action items come from the same three real meetings at every scale (the bench's extra
            # meetings shift ``n``): two of them in the new term, so its open tasks exist at 1× as at 10×.
            real_n = sum(1 for d, extra_only in days[:n] if not extra_only)
            if not bench_only and real_n in (1, 6, 8):
                owner = new_members[2].person if day >= new_term.start else old_members[1].person
                action_items.append(minutes_services.action_item_create(
                    meeting=meeting, item=None, title=f"Undersøg behovet for en bisidderordning ({n})",
                    owners=[owner], due=day + dt.timedelta(days=60), actor=secretary))
            meetings.append(meeting)
        clock.at(dt.date(year, 12, 30))
        minutes_services.action_item_update_status(action_item=action_items[0], status="done",
                                                   note="Rådet har talt med Frivilligcentret.", actor=secretary)
        assert constituting is not None and chair is not None and vice_chair is not None
        clock.at(dt.date(year, 5, 1))
        cancelled = plan_services.meeting_create(council=council, kind=MeetingKind.ORDINARY,
                                                 starts_at=at(dt.date(year, 5, 20), 16),
                                                 ends_at=at(dt.date(year, 5, 20), 18), actor=secretary)
        plan_services.meeting_cancel(meeting=cancelled, actor=secretary)
        for m in meetings:
            m.refresh_from_db()

        # Chair and vice-chair get logins (they approve responses between meetings).
        chair_user = UserFactory(email=f"formand.{council.pk}@example.org")
        vice_user = UserFactory(email=f"naestformand.{council.pk}@example.org")
        council_services.person_save(council=council, instance=chair, user=chair_user)
        council_services.person_save(council=council, instance=vice_chair, user=vice_user)
        Person.objects.filter(pk=chair.pk).update(publish_name=True)
        Person.objects.filter(pk=vice_chair.pk).update(publish_name=False)
        chair.refresh_from_db()
        vice_chair.refresh_from_db()

        # --- Withdrawals after the summer: a member (the substitute moves up) and a substitute -------
        leaving = new_members[3]
        clock.at(dt.date(year, 10, 15))
        withdrawals.append(council_services.membership_end(
            membership=leaving, end=dt.date(year, 10, 15), reason=EndReason.WITHDREW, actor=secretary,
            substitute_outcome=SubstituteOutcome.MOVE_UP))
        sub = Membership.objects.filter(term=new_term, role=MembershipRole.SUBSTITUTE, end__isnull=True).order_by(
            "pk").first()
        assert sub is not None
        clock.at(dt.date(year, 11, 20))
        withdrawals.append(council_services.membership_end(membership=sub, end=dt.date(year, 11, 20),
                                                           reason=EndReason.WITHDREW, actor=secretary))

        # --- Events -------------------------------------------------------------------------------------
        kinds = [EventKind.CONFERENCE, EventKind.NETWORK, EventKind.DIALOGUE, EventKind.RECEPTION,
                 EventKind.THEME_DAY, EventKind.OTHER]
        events = []
        for k in range(10 * scale):
            day = dt.date(year, 1, 28) + dt.timedelta(days=(k * 320) // (10 * scale))
            clock.at(day - dt.timedelta(days=30))
            event = event_services.event_create(
                council=council, kind=kinds[k % len(kinds)], title=f"Netværksmøde for udsatteråd nr. {k + 1}",
                starts_at=at(day, 10), ends_at=at(day, 15), place="Odense", organiser="Rådet for Socialt Udsatte",
                actor=secretary)
            clock.at(day, 16)
            pool = old_members if day <= first_end else new_members[:3] + new_members[4:]
            went = [m.person for m in pool[k % 3: k % 3 + 1 + k % 4]]
            event_services.attendance_record(event=event, attended=went, actor=secretary, today=day)
            events.append(event)
        clock.at(dt.date(year, 3, 25), 20)
        event_services.attendance_record(event=info_meeting, attended=[old_members[0].person, old_members[4].person],
                                         actor=secretary, today=dt.date(year, 3, 25))

        # --- Themes -------------------------------------------------------------------------------------
        themes = []
        owners = [new_members[0].person, new_members[1].person, new_members[2].person]
        for k in range(6 * scale):
            clock.at(dt.date(year, 2, 1) + dt.timedelta(days=k % 60))
            theme = theme_services.theme_create(council=council, year=year, title=f"Tema {k + 1}: bisidderordning",
                                                owner=owners[k % 3], priority=k + 1, actor=secretary)
            kind = k % 6
            clock.at(dt.date(year, 11, 1) + dt.timedelta(days=k % 30))
            if kind in (0, 1):
                theme = theme_services.theme_update(theme=theme, status="done", actor=secretary,
                                                    status_note=f"Førte til et nyt tilbud om morgenmad ({k + 1}).")
            elif kind in (2, 3, 4):
                theme = theme_services.theme_update(theme=theme, actor=secretary,
                                                    status_note=f"Rådet har hørt forvaltningen ({k + 1}).")
            else:
                theme = theme_services.theme_postpone(theme=theme, until=dt.date(year + 1, 3, 1), owner=owners[0],
                                                      note="Tages op igen i foråret.", actor=secretary,
                                                      today=clock.moment.date())
            themes.append(theme)

        # --- Committees, responses and comment letters -------------------------------------------------
        committees = {}
        clock.at(dt.date(year, 1, 10))
        for name, abbreviation in COMMITTEES:
            committees[abbreviation] = committee_services.committee_create(
                council=council, name=name, abbreviation=abbreviation, actor=secretary)
        consultations = []
        abbreviations = [a for _n, a in COMMITTEES]
        for k in range(5 * scale):
            received = dt.date(year, 8, 25) + dt.timedelta(days=(k * 90) // (5 * scale))
            clock.at(received)
            committee = committees[abbreviations[k % 4]] if k % 5 != 4 else committees["SUS"]
            c = consultation_services.consultation_create(
                council=council, title=f"Høring om strategi nr. {k + 1}", committee=committee,
                summary="Kommunen har sendt et udkast i høring.", received_on=received,
                deadline=received + dt.timedelta(days=21), recipient_name=f"{committee.name}, v. sekretæren",
                recipient_email=f"{committee.abbreviation.lower().replace('ø', 'oe')}@kommune.example",
                actor=secretary)
            consultation_services.consultation_assign(consultation=c, owners=[chair], actor=secretary)
            c = consultation_services.draft_save(
                consultation=c, expected_version=c.draft_version, actor=secretary,
                text=f"Udsatterådet takker for høringen om strategi nr. {k + 1}.\n\nRådet foreslår et mål om, at "
                     f"ingen unge skal sove på gaden.")
            clock.at(received + dt.timedelta(days=10))
            for user in (chair_user, vice_user):
                consultation_services.formandskab_approve(consultation=c, actor=user,
                                                          expected_version=c.draft_version)
            c.refresh_from_db()
            clock.at(received + dt.timedelta(days=12))
            c = consultation_services.consultation_send(consultation=c, actor=secretary)
            clock.at(received + dt.timedelta(days=40))
            c = consultation_services.outcome_record(
                consultation=c, actor=secretary, outcome=f"Førte til et ekstra mål i strategien ({k + 1}).")
            consultations.append(c)
        clock.at(dt.date(year, 12, 1))
        unsent = consultation_services.consultation_create(
            council=council, title="Høring om kvalitetsstandarder", committee=committees["SUS"],
            received_on=dt.date(year, 12, 1), deadline=dt.date(year + 1, 1, 10), actor=secretary)
        letters = []
        for k in range(3 * scale):
            day = dt.date(year, 3, 3) + dt.timedelta(days=(k * 270) // (3 * scale))
            committee = committees[abbreviations[k % 3]]
            clock.at(day - dt.timedelta(days=10))
            cm = committee_services.committee_meeting_create(council=council, committee=committee,
                                                             starts_at=at(day, 17), location="Rådhuset",
                                                             actor=secretary)
            item = committee_services.committee_item_create(council=council, meeting=cm, number=3,
                                                            case_code=committee.abbreviation,
                                                            title=f"Sundhedspolitik, del {k + 1}", actor=secretary)
            committee_services.item_comment_save(council=council, item=item, relevant=True, expected_version=0,
                                                 text=f"Rådet anbefaler, at politikken nævner hjemløse ({k + 1}).",
                                                 actor=secretary)
            letter_services.comment_letter_save(council=council, committee_meeting=cm, actor=secretary,
                                                recipient_name=f"{committee.name}, v. formanden",
                                                recipient_email="udvalg@kommune.example")
            clock.at(day - dt.timedelta(days=4))
            letter_services.comment_letter_approve(council=council, committee_meeting=cm, actor=secretary)
            letters.append(letter_services.comment_letter_send(council=council, committee_meeting=cm,
                                                               actor=secretary))

        # --- Money --------------------------------------------------------------------------------------
        expenses = []
        people = [m.person for m in old_members]
        plain = [Category.CATERING, Category.EVENTS, Category.OTHER, Category.TRANSPORT]
        for k in range(8 * scale):
            day = dt.date(year, 1, 15) + dt.timedelta(days=(k * 340) // (8 * scale))
            category = plain[k % len(plain)]
            clock.at(day)
            expenses.append(finance_services.expense_create(
                council=council, date=day, category=category, amount=Decimal(150 + 37 * k),
                description=f"Udgift {k + 1}", person=people[k % len(people)] if category == Category.TRANSPORT
                else None, actor=secretary))
        clock.at(dt.date(year, 12, 20))
        # Committed (booked, not yet paid) in the year; and one dated next year, which is no part of it.
        expenses.append(finance_services.expense_create(
            council=council, date=dt.date(year, 12, 28), category=Category.EVENTS, amount=Decimal("800.00"),
            description="Julemøde, bestilt", status="committed", actor=secretary))
        next_year = finance_services.expense_create(
            council=council, date=dt.date(year + 1, 1, 15), category=Category.CATERING, amount=Decimal("999.00"),
            description="Nytårsmøde", status="committed", actor=secretary)
        expenses += finance_services.per_diem_record(council=council, start=dt.date(year, 7, 1),
                                                     end=dt.date(year, 12, 31), actor=secretary)

        # --- Library ------------------------------------------------------------------------------------
        documents = []
        for k in range(4 * scale):
            clock.at(dt.date(year, 2, 1) + dt.timedelta(days=(k * 300) // (4 * scale)))
            documents.append(library_services.document_create(
                council=council, title=f"Rapport om bisidderordninger {k + 1}", source="Rådet for Socialt Udsatte",
                year=year, url=f"https://example.org/rapport-{k + 1}", actor=secretary))

    hidden = sorted({p.name for p in Person.objects.filter(council=council, publish_name=False)})
    return BusyYear(
        council=council, year=year, scale=scale, secretary=secretary, old_term=old_term, new_term=new_term,
        chair=chair, vice_chair=vice_chair, old_chair=old_chair, meetings=meetings, cancelled=cancelled,
        constituting=constituting, withdrawals=withdrawals, call=call, candidacies=candidacies,
        appointment=appointment, info_meeting=info_meeting, events=events, themes=themes,
        consultations=consultations, unsent=unsent, letters=letters, committees=committees, budget=budget,
        expenses=expenses, documents=documents, next_year_expense=next_year, action_items=action_items,
        rules_change=rules_change,
        members_on=dt.date(year + 1, 4, 1), names_hidden=hidden)
