"""Fixtures for the idea and theme tests (no tests here): the seed udsatteråd (chair Jytte Holm,
vice-chair Nanna Berg, members, substitute Tove Ravn, secretary Carina) with logins, and a
second council that must never see any of it. Built through the real services. Import with
``from activities.tests.test_ideas_fixtures import *  # noqa: F403``."""

from dataclasses import dataclass, field

import pytest

from activities.services import ideas as _idea_services
from meetings.tests.seed import SeedCouncil, user_for

YEAR = 2026
BRAINSTORM = """Socialt frikort – kendskab hos borgerne
Flere værestedspladser om aftenen
Hjemløse unge under 25
Psykiatri og misbrug: dobbeltdiagnoser
Bedre adgang til tandpleje
Ensomhed blandt ældre udsatte
Mødet med Social- og Sundhedsudvalget"""


@dataclass
class World:
    seed: SeedCouncil
    other: object             # another council
    other_secretary: object
    users: dict[str, object] = field(default_factory=dict)

    @property
    def council(self):
        return self.seed.council

    @property
    def secretary(self):
        return self.seed.secretary

    def user(self, name: str):
        return self.users[name]

    def url(self, suffix: str = "", council=None) -> str:
        return f"/{(council or self.council).slug}/intern/{suffix}"


@pytest.fixture
def world(seed, make_user, make_council) -> World:
    other_secretary = make_user(f"andet.sek.{seed.council.pk}@kommune.dk", name="Olga Anden")
    other = make_council(f"andetraad{seed.council.pk}", secretary=other_secretary, name="Udsatterådet i Andeby")
    w = World(seed=seed, other=other, other_secretary=other_secretary)
    for name in ("Jytte Holm", "Nanna Berg", "Mads Lund", "Sune Dahl", "Helle Bøgh", "Tove Ravn"):
        w.users[name] = user_for(seed, name, make_user)
    return w


def brainstorm(world: World, text: str = BRAINSTORM, year: int = YEAR, council=None):
    return _idea_services.ideas_brainstorm(council=council or world.council, year=year, text=text,
                                     created_by=world.secretary)
