"""The activities app's fixtures, built on the seed council (meetings/tests/seed.py):

- ``ew``: the event tests' world (events_builders.py);
- ``world``: the world of the module's feature, named by its marker: ``pytest.mark.world("group")``
  (working groups, groups_builders.py) or ``pytest.mark.world("idea")`` (ideas and themes,
  ideas_builders.py); ``other``: another council with a group and a task."""

from types import SimpleNamespace

import pytest

from activities.services import groups as _services
from activities.tests.events_builders import EventWorld
from activities.tests.groups_builders import GROUP_MEMBERS, GroupWorld, OtherCouncil, in_days
from activities.tests.ideas_builders import World
from meetings.tests.seed import user_for


@pytest.fixture
def world(request):
    """The world of the module's feature (``pytest.mark.world("group")`` or ``("idea")``)."""
    return request.getfixturevalue(f"{request.node.get_closest_marker('world').args[0]}_world")


@pytest.fixture
def ew(seed, make_user, make_council) -> EventWorld:
    other_secretary = make_user(f"anden.sek.{seed.council.pk}@kommune.dk", name="Olga Anden")
    other = make_council(f"andetraad{seed.council.pk}", secretary=other_secretary, name="Udsatterådet i Andeby")
    w = EventWorld(seed=seed, other=other, other_secretary=other_secretary)
    for name in ("Jytte Holm", "Mads Lund", "Sune Dahl", "Helle Bøgh"):
        w.users[name] = user_for(seed, name, make_user)
    return w



@pytest.fixture
def pw(make_user, make_council) -> SimpleNamespace:
    """The public events' world: a council with its secretary (no seed: the citizens' tests need
    no members)."""
    secretary = make_user("sekretariat@nordby.example", name="Sara Sekretær")
    council = make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)
    return SimpleNamespace(council=council, secretary=secretary)


@pytest.fixture
def group_world(seed, make_user) -> GroupWorld:
    """The seed council with an annual-report group and logins (``world`` in the group tests)."""
    group = _services.working_group_create(
        council=seed.council, name="Årsberetningen", purpose="Skriver udkastet til årsberetningen 2026.",
        members=[seed[name] for name in GROUP_MEMBERS], actor=seed.secretary)
    w = GroupWorld(seed=seed, group=group)
    w.users = {"secretariat": seed.secretary, "group": user_for(seed, "Sune Dahl", make_user),
               "member": user_for(seed, "Rasmus Krog", make_user),
               "chair": user_for(seed, "Jytte Holm", make_user)}
    return w


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



@pytest.fixture
def idea_world(seed, make_user, make_council) -> World:
    """The seed council with logins and another council (``world`` in the idea and theme tests)."""
    other_secretary = make_user(f"andet.sek.{seed.council.pk}@kommune.dk", name="Olga Anden")
    other = make_council(f"andetraad{seed.council.pk}", secretary=other_secretary, name="Udsatterådet i Andeby")
    w = World(seed=seed, other=other, other_secretary=other_secretary)
    for name in ("Jytte Holm", "Nanna Berg", "Mads Lund", "Sune Dahl", "Helle Bøgh", "Tove Ravn"):
        w.users[name] = user_for(seed, name, make_user)
    return w

