"""The hearings app's fixtures, for three families of tests:

- committees and comment letters: ``world`` marked ``pytest.mark.world("committee")`` (the seed
  council following SUS, committees_builders.py) and ``other`` (a council in another municipality);
- consultations: ``world`` marked ``pytest.mark.world("consultation")`` (consultations_builders.py);
- deadlines and reminders: Nordby's ``council``, ``roster`` and Sydby's ``other_council``,
  ``other_roster`` (deadlines_builders.py)."""

import pytest

from councils import services as council_services
from hearings.services import committees as _services
from hearings.tests import consultations_builders
from hearings.tests.committees_builders import (
    WORKING_GROUP,
    CommitteeWorld,
    OtherCouncil,
    add_items,
    local,
    meeting_day,
)
from hearings.tests.deadlines_builders import START
from meetings.tests.seed import user_for


@pytest.fixture
def world(request):
    """The world of the module's feature (``pytest.mark.world("committee")`` or ``("consultation")``)."""
    return request.getfixturevalue(f"{request.node.get_closest_marker('world').args[0]}_world")


# --- Committees and comment letters --------------------------------------------------------

@pytest.fixture
def committee_world(seed, make_user) -> CommitteeWorld:
    """The seed council following SUS with a working group and a meeting (``world`` in the
    committee and letter tests)."""
    council, sec = seed.council, seed.secretary
    committee = _services.committee_create(council=council, name="Social- og Sundhedsudvalget", abbreviation="SUS",
                                          actor=sec)
    follow = _services.committee_follow_save(
        council=council, committee=committee, members=[seed[name] for name in WORKING_GROUP],
        recipient_name="Formanden for Social- og Sundhedsudvalget", recipient_email="sus@kommune.example",
        comment_days_before=3, actor=sec)
    meeting = _services.committee_meeting_create(council=council, committee=committee,
                                                starts_at=local(meeting_day(), 16), location="Rådhuset, lokale 1",
                                                url="https://kommune.example/sus", actor=sec)
    w = CommitteeWorld(seed=seed, committee=committee, follow=follow, meeting=meeting,
                       items=add_items(council, meeting, by=sec))
    w.users = {"secretariat": sec, "group": user_for(seed, "Sune Dahl", make_user),
               "member": user_for(seed, "Rasmus Krog", make_user),
               "chair": user_for(seed, "Jytte Holm", make_user)}
    return w


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



# --- Consultations -------------------------------------------------------------------------

@pytest.fixture
def consultation_world(seed, make_user, make_council, add_member) -> consultations_builders.World:
    return consultations_builders.build_world(seed, make_user, make_council, add_member)


# --- Deadlines and reminders ---------------------------------------------------------------

def _member(add_member, council, name, **fields):
    return add_member(council, name, start=START, **fields).person


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def chair_user(make_user):
    return make_user("anna@example.org", name="Anna Andersen")


@pytest.fixture
def member_user(make_user):
    return make_user("carl@example.org", name="Carl Christensen")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def roster(council, add_member, chair_user, member_user):
    people = {
        "anna": _member(add_member, council, "Anna Andersen", email="anna@example.org", user=chair_user),
        "bent": _member(add_member, council, "Bent Berg", email="", phone="+45 20 30 40 50",
                        preferred_channel="sms"),
        "carl": _member(add_member, council, "Carl Christensen", email="carl@example.org", user=member_user),
        "dorte": _member(add_member, council, "Dorte Dahl", email="", address="Søndergade 4\n2620 Albertslund",
                         preferred_channel="letter"),
        "erik": _member(add_member, council, "Erik Eriksen", email="erik@example.org"),
    }
    council_services.position_assign(council=council, person=people["anna"], kind="chair", start=START)
    council_services.position_assign(council=council, person=people["bent"], kind="vice_chair", start=START)
    return people


@pytest.fixture
def other_secretary(make_user):
    return make_user("sydby@example.org", name="Sofie Sydby")


@pytest.fixture
def other_council(make_council, other_secretary):
    return make_council("sydby", name="Handicaprådet Sydby", secretary=other_secretary)


@pytest.fixture
def other_roster(other_council, add_member):
    people = {
        "frida": _member(add_member, other_council, "Frida Friis", email="frida@example.org"),
        "gustav": _member(add_member, other_council, "Gustav Gram", email="gustav@example.org"),
    }
    council_services.position_assign(council=other_council, person=people["frida"], kind="chair", start=START)
    return people

