"""Builders for the deadline and reminder tests (test_deadlines_*.py and test_reminders_*.py
import them by name; the fixtures are in conftest.py).

Consultations, committees and letters are created directly with the ORM (their services are
other parts of the app). The roster goes through the real council services.

Nordby: the secretary Sara (login), the chair Anna (e-mail, login), the vice-chair Bent
(SMS), the member Carl (e-mail, login, no position), Dorte (takes letters only) and Erik
(e-mail). Sydby is another council of the same installation (for joint responses and tenancy)
with its own secretary and chair."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from councils.models import Person, RulesOfProcedure
from hearings.models import (
    CommentLetter,
    Committee,
    CommitteeFollow,
    CommitteeMeeting,
    Consultation,
    ConsultationPartner,
)
from hearings.tests.factories import CommitteeFactory

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
    return CommitteeFactory(municipality=council.municipality, name=name, abbreviation=abbreviation)


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

