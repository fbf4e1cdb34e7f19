"""Fixtures for the committee and comment letter tests (no tests here): the seed council from
the minutes tests following the Social- og Sundhedsudvalget (SUS) with a working group, a
committee meeting in two weeks with four items (item 3 is the seed report's "SUS/ØU/KB –
Udarbejdelse af ny Sundhedspolitik 2018"), and another council in another municipality with a
committee of its own. Built through the real services. Import into a test module with
``from hearings.tests.test_committees_fixtures import *  # noqa: F403``."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hearings.models import Committee, CommitteeAgendaItem, CommitteeFollow, CommitteeMeeting
from hearings.services import committees as _services
from meetings.tests.seed import SeedCouncil, user_for

CPH = ZoneInfo("Europe/Copenhagen")
WORKING_GROUP = ("Sune Dahl", "Mads Lund")
ITEMS = [
    (1, "", "Godkendelse af dagsorden"),
    (2, "SUS", "Status på hjemløsestrategien"),
    (3, "SUS/ØU/KB", "Udarbejdelse af ny Sundhedspolitik 2018"),
    (4, "SUS/ØU", "Budgetopfølgning 2. kvartal"),
]


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CPH)


def meeting_day(days_ahead: int = 14) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days_ahead)


@dataclass
class CommitteeWorld:
    seed: SeedCouncil
    committee: Committee
    follow: CommitteeFollow
    meeting: CommitteeMeeting
    items: dict[int, CommitteeAgendaItem] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)

    @property
    def council(self):
        return self.seed.council

    @property
    def slug(self) -> str:
        return self.seed.council.slug

    def url(self, suffix: str = "") -> str:
        return f"/{self.slug}/intern/udvalg/{suffix}"


def add_items(council, meeting, items=ITEMS, *, by=None) -> dict[int, CommitteeAgendaItem]:
    return {number: _services.committee_item_create(council=council, meeting=meeting, number=number, case_code=code,
                                                   title=title, case_text=f"Sagsfremstilling til punkt {number}.",
                                                   url=f"https://kommune.example/punkt-{number}",
                                                   created_by=by)
            for number, code, title in items}


@pytest.fixture
def world(seed, make_user) -> CommitteeWorld:
    council, sec = seed.council, seed.secretary
    committee = _services.committee_create(council=council, name="Social- og Sundhedsudvalget", abbreviation="SUS",
                                          created_by=sec)
    follow = _services.committee_follow_save(
        council=council, committee=committee, members=[seed[name] for name in WORKING_GROUP],
        recipient_name="Formanden for Social- og Sundhedsudvalget", recipient_email="sus@kommune.example",
        comment_days_before=3, saved_by=sec)
    meeting = _services.committee_meeting_create(council=council, committee=committee,
                                                starts_at=local(meeting_day(), 16), location="Rådhuset, lokale 1",
                                                url="https://kommune.example/sus", created_by=sec)
    w = CommitteeWorld(seed=seed, committee=committee, follow=follow, meeting=meeting,
                       items=add_items(council, meeting, by=sec))
    w.users = {"secretariat": sec, "group": user_for(seed, "Sune Dahl", make_user),
               "member": user_for(seed, "Rasmus Krog", make_user),
               "chair": user_for(seed, "Jytte Holm", make_user)}
    return w


@dataclass
class OtherCouncil:
    council: object
    secretary: object
    committee: Committee
    meeting: CommitteeMeeting
    item: CommitteeAgendaItem


@pytest.fixture
def other(make_council, make_user) -> OtherCouncil:
    """A council in another municipality with its own committee, meeting and item."""
    secretary = make_user("sekretariat@andet.example", name="Anden Sekretær")
    council = make_council("andetraad", name="Udsatterådet i Andetby", secretary=secretary)
    committee = _services.committee_create(council=council, name="Børne- og Skoleudvalget Andetby",
                                          abbreviation="BSU")
    _services.committee_follow_save(council=council, committee=committee, members=[],
                                   recipient_email="bsu@andetby.example")
    meeting = _services.committee_meeting_create(council=council, committee=committee,
                                                starts_at=local(meeting_day(10), 15))
    item = _services.committee_item_create(council=council, meeting=meeting, number=1, title="Hemmeligt Andetby-punkt")
    return OtherCouncil(council=council, secretary=secretary, committee=committee, meeting=meeting, item=item)
