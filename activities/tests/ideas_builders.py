"""Builders for the idea and theme tests (the fixtures are in conftest.py): the seed udsatteråd (chair Jytte Holm,
vice-chair Nanna Berg, members, substitute Tove Ravn, secretary Carina) with logins, and a
second council that must never see any of it. Built through the real services. The builders are imported by name."""


from activities.services import ideas as _idea_services
from meetings.tests.seed import SeedWorld

YEAR = 2026
BRAINSTORM = """Socialt frikort – kendskab hos borgerne
Flere værestedspladser om aftenen
Hjemløse unge under 25
Psykiatri og misbrug: dobbeltdiagnoser
Bedre adgang til tandpleje
Ensomhed blandt ældre udsatte
Mødet med Social- og Sundhedsudvalget"""


class World(SeedWorld):
    def url(self, suffix: str = "", council=None) -> str:
        return f"/{(council or self.council).slug}/intern/{suffix}"


def brainstorm(world: World, text: str = BRAINSTORM, year: int = YEAR, council=None):
    return _idea_services.ideas_brainstorm(council=council or world.council, year=year, text=text,
                                     actor=world.secretary)
