"""Fixtures for the working group tests (no tests here): the seed council from the minutes tests
with an annual-report group (Sune Dahl and Mads Lund), logins for a group member, a member
outside the group, the chair and the secretariat, and another council with a group and a task
of its own. Built through the real services. Import into a test module with
``from activities.tests.test_groups_fixtures import *  # noqa: F403``."""

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from activities.models import GroupTask, WorkingGroup
from activities.services import groups as _services
from meetings.tests.seed import SeedCouncil, user_for

GROUP_MEMBERS = ("Sune Dahl", "Mads Lund")


def in_days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@dataclass
class GroupWorld:
    seed: SeedCouncil
    group: WorkingGroup
    users: dict[str, object] = field(default_factory=dict)

    @property
    def council(self):
        return self.seed.council

    @property
    def slug(self) -> str:
        return self.seed.council.slug

    def url(self, suffix: str = "") -> str:
        return f"/{self.slug}/intern/arbejdsgrupper/{suffix}"


@pytest.fixture
def world(seed, make_user) -> GroupWorld:
    group = _services.working_group_create(
        council=seed.council, name="Årsberetningen", purpose="Skriver udkastet til årsberetningen 2026.",
        members=[seed[name] for name in GROUP_MEMBERS], created_by=seed.secretary)
    w = GroupWorld(seed=seed, group=group)
    w.users = {"secretariat": seed.secretary, "group": user_for(seed, "Sune Dahl", make_user),
               "member": user_for(seed, "Rasmus Krog", make_user),
               "chair": user_for(seed, "Jytte Holm", make_user)}
    return w


@dataclass
class OtherCouncil:
    council: object
    secretary: object
    group: WorkingGroup
    task: GroupTask


@pytest.fixture
def other(make_council, make_user, add_member) -> OtherCouncil:
    """Another council with its own group (with a member) and a task."""
    secretary = make_user("sekretariat@andet.example", name="Anden Sekretær")
    council = make_council("andetraad", name="Udsatterådet i Andetby", secretary=secretary)
    person = add_member(council, "Hemmelige Hanne").person
    group = _services.working_group_create(council=council, name="Andetbys gruppe", members=[person])
    task = _services.group_task_create(council=council, group=group, title="Hemmelig Andetby-opgave",
                                       owners=[person], due=in_days(5))
    return OtherCouncil(council=council, secretary=secretary, group=group, task=task)
