"""Fixtures and builders for the deadline and reminder tests (test_deadlines_*.py and
test_reminders_*.py import them: the fixtures by star import, the builders by name). This
module holds no tests.

Consultations, committees and letters are created directly with the ORM (their services are
other parts of the app). The roster goes through the real council services.

Nordby: the secretary Sara (login), the chair Anna (e-mail, login), the vice-chair Bent
(SMS), the member Carl (e-mail, login, no position), Dorte (takes letters only) and Erik
(e-mail). Sydby is another council of the same installation (for joint responses and tenancy)
with its own secretary and chair."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from councils import services as council_services
from councils.models import Person, RulesOfProcedure
from hearings.models import (
    CommentLetter,
    Committee,
    CommitteeFollow,
    CommitteeMeeting,
    Consultation,
    ConsultationPartner,
)

__all__ = ["smtp_server", "secretary", "council", "roster", "chair_user", "member_user", "other_secretary",
           "other_council", "other_roster"]

CPH = ZoneInfo("Europe/Copenhagen")
#: A Monday in ISO week 11 of 2026.
TODAY = dt.date(2026, 3, 9)
START = dt.date(2026, 2, 1)
_counter = itertools.count(1)


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=CPH)


def set_reminder_days(council, days: int) -> None:
    RulesOfProcedure.objects.filter(council=council).update(deadline_reminder_days=days)


def person(council, name) -> Person:
    return Person.objects.get(council=council, name=name)


def make_consultation(council, title="Ungestrategi", *, deadline, status="drafting", owners=(), partners=(),
                      received_on=None) -> Consultation:
    consultation = Consultation.objects.create(
        council=council, title=title, deadline=deadline, status=status,
        received_on=received_on or deadline - dt.timedelta(days=30))
    consultation.owners.set(owners)
    for partner in partners:
        ConsultationPartner.objects.create(council=partner, consultation=consultation)
    return consultation


def make_committee(council, name="Social- og Sundhedsudvalget", abbreviation=None) -> Committee:
    abbreviation = abbreviation or f"U{next(_counter)}"
    return Committee.objects.create(municipality=council.municipality, name=name, abbreviation=abbreviation)


def follow(council, committee, *, members=(), days_before=2) -> CommitteeFollow:
    f = CommitteeFollow.objects.create(council=council, committee=committee, comment_days_before=days_before,
                                       recipient_name="Udvalgets sekretær", recipient_email="udvalg@kommune.dk")
    f.members.set(members)
    return f


def make_meeting(committee, day: dt.date) -> CommitteeMeeting:
    return CommitteeMeeting.objects.create(municipality=committee.municipality, committee=committee,
                                           starts_at=at_noon(day))


def make_letter(council, meeting, *, status="draft", deadline=None) -> CommentLetter:
    return CommentLetter.objects.create(council=council, committee_meeting=meeting, status=status,
                                        deadline=deadline)


def _member(add_member, council, name, **fields):
    return add_member(council, name, start=START, **fields).person


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def chair_user(make_user):
    return make_user("anna@example.org", name="Anna Andersen")


@pytest.fixture
def member_user(make_user):
    return make_user("carl@example.org", name="Carl Christensen")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def roster(council, add_member, chair_user, member_user):
    people = {
        "anna": _member(add_member, council, "Anna Andersen", email="anna@example.org", user=chair_user),
        "bent": _member(add_member, council, "Bent Berg", email="", phone="+45 20 30 40 50",
                        preferred_channel="sms"),
        "carl": _member(add_member, council, "Carl Christensen", email="carl@example.org", user=member_user),
        "dorte": _member(add_member, council, "Dorte Dahl", email="", address="Søndergade 4\n2620 Albertslund",
                         preferred_channel="letter"),
        "erik": _member(add_member, council, "Erik Eriksen", email="erik@example.org"),
    }
    council_services.position_assign(council=council, person=people["anna"], kind="chair", start=START)
    council_services.position_assign(council=council, person=people["bent"], kind="vice_chair", start=START)
    return people


@pytest.fixture
def other_secretary(make_user):
    return make_user("sydby@example.org", name="Sofie Sydby")


@pytest.fixture
def other_council(make_council, other_secretary):
    return make_council("sydby", name="Handicaprådet Sydby", secretary=other_secretary)


@pytest.fixture
def other_roster(other_council, add_member):
    people = {
        "frida": _member(add_member, other_council, "Frida Friis", email="frida@example.org"),
        "gustav": _member(add_member, other_council, "Gustav Gram", email="gustav@example.org"),
    }
    council_services.position_assign(council=other_council, person=people["frida"], kind="chair", start=START)
    return people
