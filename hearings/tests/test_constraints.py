"""The database refuses what the services refuse (with their Danish messages) for committees,
their agenda items, the council's follow and comment letters, consultations and the
formandskab's approvals: the constraints are the last line, so each test writes past the
services with ``QuerySet.update`` or ``objects.create`` and expects an IntegrityError."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.tests.constraints import refused
from hearings.models import (
    MAX_COMMENT_DAYS_BEFORE,
    CommentLetter,
    Committee,
    CommitteeAgendaItem,
    CommitteeFollow,
    CommitteeMeeting,
    Consultation,
    FormandskabApproval,
)

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def council(make_council):
    return make_council("begraensning")


@pytest.fixture
def committee(council):
    return Committee.objects.create(municipality=council.municipality, name="Social- og Sundhedsudvalget",
                                    abbreviation="SUS")


@pytest.fixture
def committee_meeting(committee):
    return CommitteeMeeting.objects.create(municipality=committee.municipality, committee=committee,
                                           starts_at=dt.datetime(2026, 5, 4, 15, tzinfo=CPH))


@pytest.fixture
def consultation(council):
    return Consultation.objects.create(council=council, title="Høring om hjemløsestrategien",
                                       sender="Socialforvaltningen", received_on=dt.date(2026, 3, 2),
                                       deadline=dt.date(2026, 3, 30))


# --- Committees ------------------------------------------------------------------------------------

def test_committee_names_are_unique_in_a_municipality_whatever_the_case(committee, make_council):
    refused("unique_committee_name", lambda: Committee.objects.create(
        municipality=committee.municipality, name="social- og sundhedsudvalget", abbreviation="SSU"))
    other = make_council("andetsted")
    Committee.objects.create(municipality=other.municipality, name=committee.name, abbreviation="SUS")


def test_an_agenda_item_number_starts_at_one(committee_meeting):
    item = CommitteeAgendaItem.objects.create(municipality=committee_meeting.municipality, meeting=committee_meeting,
                                              number=1, title="Budget")
    refused("committee_item_number_from_1", lambda: CommitteeAgendaItem.objects.filter(pk=item.pk).update(number=0))


def test_the_comment_deadline_is_at_most_the_services_maximum(council, committee):
    follow = CommitteeFollow.objects.create(council=council, committee=committee,
                                            comment_days_before=MAX_COMMENT_DAYS_BEFORE)
    refused("committee_follow_comment_days_range", lambda: CommitteeFollow.objects.filter(pk=follow.pk).update(
        comment_days_before=MAX_COMMENT_DAYS_BEFORE + 1))


def test_letter_status_is_one_of_the_choices(council, committee_meeting):
    letter = CommentLetter.objects.create(council=council, committee_meeting=committee_meeting)
    refused("comment_letter_status_valid", lambda: CommentLetter.objects.filter(pk=letter.pk).update(status="lost"))


# --- Consultations -----------------------------------------------------------------------------------

def test_the_deadline_is_not_before_the_consultation_was_received(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(deadline=consultation.received_on)  # the same day: fine
    refused("consultation_deadline_not_before_received", lambda: Consultation.objects.filter(
        pk=consultation.pk).update(deadline=consultation.received_on - dt.timedelta(days=1)))


def test_consultation_status_is_one_of_the_choices(consultation):
    refused("consultation_status_valid",
            lambda: Consultation.objects.filter(pk=consultation.pk).update(status="forgotten"))


def test_approval_route_is_empty_or_one_of_the_choices(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(approval_route="formandskab")
    Consultation.objects.filter(pk=consultation.pk).update(approval_route="")
    refused("consultation_approval_route_valid",
            lambda: Consultation.objects.filter(pk=consultation.pk).update(approval_route="email"))


def test_only_the_chair_or_vice_chair_approves_between_meetings(consultation, add_member):
    person = add_member(consultation.council, "Anna Andersen").person
    approval = FormandskabApproval.objects.create(council=consultation.council, consultation=consultation,
                                                  person=person, position="chair", draft_version=1)
    FormandskabApproval.objects.filter(pk=approval.pk).update(position="vice_chair")
    refused("formandskab_approval_position_valid",
            lambda: FormandskabApproval.objects.filter(pk=approval.pk).update(position="member"))
