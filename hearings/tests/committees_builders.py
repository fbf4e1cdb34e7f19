"""Builders for the committee and comment letter tests (the fixtures are in conftest.py): the seed council from
the minutes tests following the Social- og Sundhedsudvalget (SUS) with a working group, a
committee meeting in two weeks with four items (item 3 is the seed report's "SUS/ØU/KB –
Udarbejdelse af ny Sundhedspolitik 2018"), and another council in another municipality with a
committee of its own. Built through the real services. The builders are imported by name."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone

from hearings.models import Committee, CommitteeAgendaItem, CommitteeFollow, CommitteeMeeting
from hearings.services import committees as _services
from meetings.tests.seed import OnTheSeed, SeedCouncil

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
class CommitteeWorld(OnTheSeed):
    seed: SeedCouncil
    committee: Committee
    follow: CommitteeFollow
    meeting: CommitteeMeeting
    items: dict[int, CommitteeAgendaItem] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)

    def url(self, suffix: str = "") -> str:
        return f"/{self.slug}/intern/udvalg/{suffix}"


def add_items(council, meeting, items=ITEMS, *, by=None) -> dict[int, CommitteeAgendaItem]:
    return {number: _services.committee_item_create(council=council, meeting=meeting, number=number, case_code=code,
                                                   title=title, case_text=f"Sagsfremstilling til punkt {number}.",
                                                   url=f"https://kommune.example/punkt-{number}",
                                                   actor=by)
            for number, code, title in items}


@dataclass
class OtherCouncil:
    council: object
    secretary: object
    committee: Committee
    meeting: CommitteeMeeting
    item: CommitteeAgendaItem

