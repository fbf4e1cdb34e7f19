"""The seed council: a council like the 2019 seed (fictional people) and a meeting with its
agenda, built through the real services. Used by the minutes tests and by the apps above
meetings (finance, activities, hearings, the browser paths).

A pytest plugin registered once in the root conftest (``pytest_plugins``): the ``seed``
fixture is everywhere; the builders (user_for, build_meeting, record_attendance …) are
imported by name."""

import datetime as dt
import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from councils import services as council_services
from councils.models import Person
from meetings.models import AgendaItem, ItemKind, Meeting
from meetings.services import agenda as agenda_services
from meetings.services import minutes as minutes_services
from meetings.services import plan as plan_services

CPH = ZoneInfo("Europe/Copenhagen")
MEETING_DAY = dt.date(2026, 4, 1)

MEMBERS = ["Jytte Holm", "Nanna Berg", "Sune Dahl", "Rasmus Krog", "Mads Lund", "Helle Bøgh", "Anders Vinther",
           "Janni Friis", "Sanna Lind", "Ulrik Mose"]
SUBSTITUTES = {"Sune Dahl": "Tove Ravn", "Janni Friis": "Per Skov", "Sanna Lind": "Vibeke Aagaard"}
_counter = itertools.count(1)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)


@dataclass
class SeedCouncil:
    council: object
    secretary: object
    people: dict[str, Person] = field(default_factory=dict)
    memberships: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Person:
        return self.people[name]


class OnTheSeed:
    """What every app's test world reads from the seed council it is built on: the council, its
    slug and secretary, and logins by person name. The world (a dataclass) has the fields
    ``seed`` and ``users``."""

    seed: SeedCouncil
    users: dict[str, object]

    @property
    def council(self):
        return self.seed.council

    @property
    def slug(self) -> str:
        return self.seed.council.slug

    @property
    def secretary(self):
        return self.seed.secretary

    def user(self, name: str):
        return self.users[name]


@dataclass
class SeedWorld(OnTheSeed):
    """The base of the apps' test worlds: the seed council, another council that must never see
    its data (with its secretary), and logins by person name."""

    seed: SeedCouncil
    other: object             # another council (another municipality)
    other_secretary: object
    users: dict[str, object] = field(default_factory=dict)


@pytest.fixture
def seed(make_council, make_user, add_member) -> SeedCouncil:
    """An udsatteråd with 10 members (chair Jytte Holm, vice-chair Nanna Berg), three personal
    substitutes and a secretary with a login."""
    secretary = make_user(f"sekretariat{next(_counter)}@kommune.dk", name="Carina Sekretær")
    slug = f"udsatteraadet{next(_counter)}"
    council = make_council(slug, name="Udsatterådet i Albertslund", secretary=secretary)
    s = SeedCouncil(council=council, secretary=secretary)
    for name in MEMBERS:
        m = add_member(council, name, email=f"{name.split()[0].lower()}.{slug}@example.org")
        s.people[name], s.memberships[name] = m.person, m
    for member, name in SUBSTITUTES.items():
        m = add_member(council, name, role="substitute", substitute_for=s.memberships[member],
                       email=f"{name.split()[0].lower()}.{slug}@example.org")
        s.people[name], s.memberships[name] = m.person, m
    council_services.position_assign(council=council, person=s["Jytte Holm"], kind="chair", start=dt.date(2026, 2, 1))
    council_services.position_assign(council=council, person=s["Nanna Berg"], kind="vice_chair",
                                     start=dt.date(2026, 2, 1))
    return s


def user_for(seed: SeedCouncil, name: str, make_user):
    """Give a person a login (linked to the person) and return the user."""
    person = seed[name]
    user = make_user(f"login.{person.pk}@example.org", name=name)
    council_services.person_save(council=seed.council, instance=person, user=user)
    return user


@dataclass
class SeedMeeting:
    meeting: Meeting
    items: dict[str, AgendaItem]


def build_meeting(seed: SeedCouncil, *, day: dt.date = MEETING_DAY, kind: str = "ordinary",
                  with_items: bool = True) -> SeedMeeting:
    council, sec = seed.council, seed.secretary
    meeting = plan_services.meeting_create(council=council, kind=kind, starts_at=at(day, 16), ends_at=at(day, 18),
                                           location="Rådhuset, mødelokale 2", actor=sec)
    items: dict[str, AgendaItem] = {}
    if with_items:
        for item in agenda_services.standard_items_create(meeting=meeting, actor=sec):
            items[item.standard] = item
        items["frikort"] = agenda_services.item_create(
            meeting=meeting, title="Fokus på socialt frikort", kind=ItemKind.DECISION, actor=sec,
            case_text="Et socialt frikort lader borgere tjene op til 20.000 kr. om året uden fradrag i ydelsen.\n"
                      "Hvordan hjælper rådet med at udbrede kendskabet til ordningen?",
            recommendation="Rådet udarbejder et idékatalog.", responsible=seed["Jytte Holm"])
        items["beretning"] = agenda_services.item_create(
            meeting=meeting, title="Udkast til årsberetning 2025", kind=ItemKind.DECISION, actor=sec,
            case_text="Udkastet er sendt med dagsordenen.", recommendation="Årsberetningen godkendes.")
        items["udvalg"] = agenda_services.item_create(
            meeting=meeting, title="Mødet med Social- og Sundhedsudvalget", kind=ItemKind.DECISION, actor=sec,
            case_text="Rådet har et møde på en time med udvalget. Hvem taler, og om hvad?")
        items["lukket_titel"] = agenda_services.item_create(
            meeting=meeting, title="Indstilling af nyt medlem", kind=ItemKind.DECISION, actor=sec,
            case_text="Fortroligt: oplysninger om kandidaten.", closed=True, publish_title=True,
            publish_decision=False)
        items["lukket_skjult"] = agenda_services.item_create(
            meeting=meeting, title="Fortroligt tilbud om lokaler", kind=ItemKind.DECISION, actor=sec,
            case_text="Tilbuddet er fortroligt.", closed=True, publish_title=False)
    return SeedMeeting(meeting=meeting, items=items)


def record_attendance(seed: SeedCouncil, meeting: Meeting, *, afbud=("Sune Dahl", "Ulrik Mose"),
                      absent=(), stand_ins=(("Tove Ravn", "Sune Dahl"),)):
    """Members present except ``afbud``/``absent``; substitutes standing in as given."""
    for name in MEMBERS:
        status = "afbud" if name in afbud else "absent" if name in absent else "present"
        minutes_services.attendance_record(meeting=meeting, person=seed[name], status=status,
                                           actor=seed.secretary)
    for sub, member in stand_ins:
        minutes_services.attendance_record(meeting=meeting, person=seed[sub], status="present",
                                           stands_in_for=seed[member], actor=seed.secretary)
