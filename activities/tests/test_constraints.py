"""The database refuses what the services refuse (with their Danish messages) for ideas, votes,
themes, events and sign-ups: the constraints are the last line, so each test writes past the
services with ``QuerySet.update`` or ``objects.create`` and expects an IntegrityError."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from activities.models import (
    MAX_DOTS_PER_IDEA,
    Event,
    EventSignup,
    Idea,
    IdeaVote,
    SignupStatus,
    Theme,
    ThemeStatus,
)
from core.tests.constraints import refused

CPH = ZoneInfo("Europe/Copenhagen")
START = dt.datetime(2026, 5, 4, 10, tzinfo=CPH)


@pytest.fixture
def council(make_council):
    return make_council("begraensning")


@pytest.fixture
def person(council, add_member):
    return add_member(council, "Anna Andersen").person


@pytest.fixture
def idea(council):
    return Idea.objects.create(council=council, year=2026, title="Varmestue om natten")


@pytest.fixture
def event(council):
    return Event.objects.create(council=council, title="Netværksmøde", starts_at=START,
                                ends_at=START + dt.timedelta(hours=3), signup_deadline=START.date(), capacity=10)


# --- Ideas and votes ---------------------------------------------------------------------------

def test_idea_status_is_one_of_the_choices(idea):
    refused("idea_status_valid", lambda: Idea.objects.filter(pk=idea.pk).update(status="lost"))


def test_dots_on_one_idea_are_limited(idea, person):
    vote = IdeaVote.objects.create(council=idea.council, idea=idea, person=person, dots=MAX_DOTS_PER_IDEA)
    refused("idea_vote_dots_range",
            lambda: IdeaVote.objects.filter(pk=vote.pk).update(dots=MAX_DOTS_PER_IDEA + 1))


def test_rank_starts_at_one(idea, person):
    vote = IdeaVote.objects.create(council=idea.council, idea=idea, person=person, rank=1)
    refused("idea_vote_rank_from_1", lambda: IdeaVote.objects.filter(pk=vote.pk).update(rank=0))


# --- Themes --------------------------------------------------------------------------------------

def test_one_theme_per_idea_and_year(idea):
    Theme.objects.create(council=idea.council, year=2026, idea=idea, title=idea.title)
    Theme.objects.create(council=idea.council, year=2027, idea=idea, title=idea.title)  # another year: fine
    Theme.objects.create(council=idea.council, year=2026, title="Uden idé")
    Theme.objects.create(council=idea.council, year=2026, title="Også uden idé")  # without an idea: fine
    refused("unique_theme_idea_year",
            lambda: Theme.objects.create(council=idea.council, year=2026, idea=idea, title=idea.title))


def test_theme_status_is_one_of_the_choices(council):
    theme = Theme.objects.create(council=council, year=2026, title="Boliger")
    refused("theme_status_valid", lambda: Theme.objects.filter(pk=theme.pk).update(status="paused"))


def test_a_postponed_theme_has_a_date(council):
    theme = Theme.objects.create(council=council, year=2026, title="Boliger", status=ThemeStatus.POSTPONED,
                                 postponed_until=dt.date(2026, 9, 1))
    refused("theme_postponed_has_date", lambda: Theme.objects.filter(pk=theme.pk).update(postponed_until=None))


# --- Events and sign-up ----------------------------------------------------------------------------

def test_an_event_ends_after_it_starts(event):
    refused("event_ends_after_start", lambda: Event.objects.filter(pk=event.pk).update(ends_at=START))
    Event.objects.filter(pk=event.pk).update(ends_at=None)  # no end: fine


def test_the_signup_deadline_is_not_after_the_event(event):
    refused("event_signup_deadline_not_after_event",
            lambda: Event.objects.filter(pk=event.pk).update(signup_deadline=START.date() + dt.timedelta(days=2)))
    Event.objects.filter(pk=event.pk).update(signup_deadline=None)


def test_the_signup_deadline_may_be_the_local_day_of_an_event_just_after_midnight(council):
    """00:30 in Copenhagen is the day before in UTC: the service allows that local day."""
    starts = dt.datetime(2026, 5, 4, 0, 30, tzinfo=CPH)
    Event.objects.create(council=council, title="Natcafé", starts_at=starts, signup_deadline=dt.date(2026, 5, 4))


def test_an_event_has_at_least_one_place_or_no_limit(event):
    refused("event_capacity_from_1", lambda: Event.objects.filter(pk=event.pk).update(capacity=0))
    Event.objects.filter(pk=event.pk).update(capacity=None)


def test_signup_status_is_one_of_the_choices(event, person):
    signup = EventSignup.objects.create(council=event.council, event=event, person=person,
                                        status=SignupStatus.SIGNED_UP)
    refused("event_signup_status_valid", lambda: EventSignup.objects.filter(pk=signup.pk).update(status="maybe"))
