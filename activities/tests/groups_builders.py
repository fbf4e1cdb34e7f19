"""Builders for the working group tests (the fixtures are in conftest.py): the seed council from the minutes tests
with an annual-report group (Sune Dahl and Mads Lund), logins for a group member, a member
outside the group, the chair and the secretariat, and another council with a group and a task
of its own. Built through the real services. The builders are imported by name."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from activities.models import GroupTask, WorkingGroup
from meetings.tests.seed import OnTheSeed, SeedCouncil

GROUP_MEMBERS = ("Sune Dahl", "Mads Lund")


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@dataclass
class GroupWorld(OnTheSeed):
    seed: SeedCouncil
    group: WorkingGroup
    users: dict[str, object] = field(default_factory=dict)

    def url(self, suffix: str = "") -> str:
        return f"/{self.slug}/intern/arbejdsgrupper/{suffix}"


@dataclass
class OtherCouncil:
    council: object
    secretary: object
    group: WorkingGroup
    task: GroupTask

