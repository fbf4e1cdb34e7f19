"""The meetings app's fixtures: one council (Nordby) with its secretary, told per feature.

- agenda tests: ``people`` (Jette chairs), the held ``march`` meeting and ``april`` under test;
- attendance tests: ``roster`` (a member per channel), ``meeting`` and ``invited``. They mark
  their module ``pytest.mark.attendance_rules``: then ``council`` has an address and calls
  substitutes only when needed (set_rules changes it per test);
- year-plan tests: ``member`` (Mette, a seat among Sagkyndige).

The plain builders (make_meeting, set_status, set_rules …) live in agenda_builders.py,
attendance_builders.py and plan_builders.py; the seed council of the minutes tests in seed.py
(a plugin of the root conftest, shared with the apps above meetings)."""

import datetime as dt

import pytest

from councils import services as council_services
from meetings.models import MeetingStatus
from meetings.services import agenda as agenda_services
from meetings.services import attendance as attendance_services
from meetings.tests import attendance_builders
from meetings.tests.agenda_builders import make_meeting, set_status
from meetings.tests.attendance_builders import set_rules


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def council(request, make_council, secretary):
    """Albertslund 2018 preset: 4 meetings a year, “Kl. 16–18”. With the module marked
    ``attendance_rules``: an e-mail address, and substitutes called only when needed."""
    council = make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)
    if request.node.get_closest_marker("attendance_rules"):
        council.email = "raadet@nordby.dk"
        council.save()
        set_rules(council, substitute_attendance="when_needed", substitute_mode="personal", quorum_percent=50,
                  tie_break="chair")
    return council


@pytest.fixture
def other_council(request, make_council, make_user):
    """Without a secretary; with the module marked ``attendance_rules``: with one."""
    secretary = make_user("sydby@example.org") if request.node.get_closest_marker("attendance_rules") else None
    return make_council("sydby", name="Udsatterådet Sydby", secretary=secretary)


# --- Agenda --------------------------------------------------------------------------------

@pytest.fixture
def people(council, add_member, make_user):
    """Five members (Jette chairs), two personal substitutes, a guest, and accounts for Jette
    (chair) and Søren (member). Returns persons by first name."""
    jette_user = make_user("jette@example.org", name="Jette Holm")
    soeren_user = make_user("soeren@example.org", name="Søren Dahl")
    jette = add_member(council, "Jette Holm", user=jette_user)
    soeren = add_member(council, "Søren Dahl", user=soeren_user, email="soeren@ex.org")
    nina = add_member(council, "Nina Berg")
    rene = add_member(council, "René Falk", email="rene@ex.org")
    kirsten = add_member(council, "Kirsten Vang")
    add_member(council, "Martin Lund", role="substitute", substitute_for=soeren)
    add_member(council, "Ulla Krog", role="substitute", substitute_for=nina)
    add_member(council, "Carina Bak", role="guest")
    council_services.position_assign(council=council, person=jette.person, kind="chair", start=dt.date(2026, 2, 1))
    return {m.person.name.split()[0]: m.person for m in (jette, soeren, nina, rene, kirsten)} | {
        "kirsten_membership": kirsten}


@pytest.fixture
def march(council, people):
    """The previous meeting, held: its decisions left action items with owners."""
    from meetings.services import minutes as minutes_services

    meeting = make_meeting(council, "2026-03-12")
    item = agenda_services.item_create(meeting=meeting, title="Socialt frikort", kind="decision")
    minutes_services.action_item_create(meeting=meeting, item=item, title="Interview med lokalavisen om frikortet",
                                        owners=[people["Jette"], people["Søren"]], due=dt.date(2026, 5, 1))
    minutes_services.action_item_create(meeting=meeting, item=item, title="Svar fra skolerne om morgenmad",
                                        owners=[people["René"]], due=dt.date(2026, 3, 31))
    done = minutes_services.action_item_create(meeting=meeting, item=None, title="Opdatér hjemmesiden",
                                               owners=[people["Nina"]], due=None)
    done.status = "done"
    done.save(update_fields=["status"])
    return set_status(meeting, MeetingStatus.MINUTES_APPROVED)


@pytest.fixture
def april(council, people, march):
    """The meeting under test: Kirsten left after March; a nominee awaits appointment."""
    council_services.membership_end(membership=people["kirsten_membership"], end=dt.date(2026, 3, 20),
                                    reason="withdrew")
    from councils.models import Term

    nominee = council_services.person_save(council=council, name="Lise Agerholm", email="lisbeth@ex.org")
    term = Term.objects.get(council=council)
    council_services.membership_create(council=council, person=nominee, term=term, role="member",
                                       start=dt.date(2026, 4, 1), status="nominated")
    return make_meeting(council, "2026-04-23")


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def chair_client(client, people):
    client.force_login(people["Jette"].user)
    return client


@pytest.fixture
def member_client(client, people):
    client.force_login(people["Søren"].user)
    return client


# --- Attendance ----------------------------------------------------------------------------

@pytest.fixture
def anna_user(make_user):
    return make_user("anna@example.org", name="Anna Andersen")


@pytest.fixture
def roster(council, add_member, anna_user):
    anna = add_member(council, "Anna Andersen", email="anna@example.org", user=anna_user)
    carl = add_member(council, "Carl Christensen", phone="+45 20 11 22 33", preferred_channel="sms")
    eva = add_member(council, "Eva Eskildsen", address="Byvej 3\n2620 Albertslund", preferred_channel="letter")
    finn = add_member(council, "Finn Frost", email="finn@example.org")
    bent = add_member(council, "Bent Berg", role="substitute", substitute_for=anna, email="bent@example.org")
    dorte = add_member(council, "Dorte Dahl", role="substitute", substitute_for=carl,
                       address="Torvet 1\n2600 Glostrup", preferred_channel="letter")
    gitte = add_member(council, "Gitte Gæst", role="guest", email="gitte@example.org")
    return {"anna": anna, "carl": carl, "eva": eva, "finn": finn, "bent": bent, "dorte": dorte, "gitte": gitte}


@pytest.fixture
def meeting(council, roster):
    meeting = attendance_builders.make_meeting(council)
    for title in attendance_builders.ITEMS:
        agenda_services.item_create(meeting=meeting, title=title)
    agenda_services.item_create(meeting=meeting, title="Henvendelse om en konkret bolig", closed=True)
    return meeting


@pytest.fixture
def invited(meeting, secretary):
    """The meeting with its invitations sent (the outbox messages are returned)."""
    return attendance_services.invitations_send(meeting=meeting, actor=secretary, base_url="http://testserver")


# --- Year plan -----------------------------------------------------------------------------

@pytest.fixture
def member_user(make_user):
    return make_user("medlem@example.org", name="Mette Medlem")


@pytest.fixture
def member(council, add_member, member_user):
    return add_member(council, "Mette Medlem", user=member_user, seat="Sagkyndige")
