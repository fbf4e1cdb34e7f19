"""Saying no to reminders: the service (audited, nothing logged when nothing changes), the
member's own page (their own Person only; invitations still come, and the page says so), the
checkbox on the secretariat's person form, and one walk of the page on a phone with axe."""

import pytest

from core.models import AuditEvent
from councils import services
from councils.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(make_user):
    return make_user("sekretaer@example.org", name="Sanne Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def member_user(make_user):
    return make_user("mette@example.org", name="Mette Medlem")


@pytest.fixture
def mette(council, add_member, member_user):
    return add_member(council, "Mette Medlem", user=member_user).person


@pytest.fixture
def sub(council, add_member, make_user, mette):
    """A substitute with a login (Sigurd)."""
    user = make_user("sigurd@example.org", name="Sigurd Suppleant")
    return add_member(council, "Sigurd Suppleant", user=user, role="substitute").person


def url(council) -> str:
    return f"/{council.slug}/intern/mine-paamindelser/"


# --- The service ---------------------------------------------------------------------------------

def test_saying_no_is_saved_and_audited_with_the_actor(mette, member_user):
    assert mette.wants_reminders is True
    services.person_reminders_set(person=mette, wants=False, actor=member_user)

    mette.refresh_from_db()
    assert mette.wants_reminders is False
    event = AuditEvent.objects.get(action="councils.person.reminders_set")
    assert (event.actor, event.council, event.object_id) == (member_user, mette.council, str(mette.pk))
    assert (event.before, event.after) == ({"wants_reminders": True}, {"wants_reminders": False})


def test_saying_the_same_again_changes_and_logs_nothing(mette):
    services.person_reminders_set(person=mette, wants=True, actor=None)  # e.g. "STOP" twice, the other way
    assert not AuditEvent.objects.filter(action="councils.person.reminders_set").exists()


# --- The member's own page -------------------------------------------------------------------------

def test_the_page_asks_yes_or_no_and_says_invitations_still_come(client, council, mette, member_user):
    client.force_login(member_user)
    page = client.get(url(council)).content.decode()

    assert "Vil du have påmindelser?" in page
    assert "Ja, send mig påmindelser" in page and "Nej, ingen påmindelser" in page
    assert "Indkaldelser til møderne får du altid," in page
    assert "Lige nu får du påmindelser." in page


def test_a_member_says_no_and_then_yes_again(client, council, mette, member_user, sub):
    client.force_login(member_user)

    response = client.post(url(council), {"wants": "no"}, follow=True)
    assert response.redirect_chain[-1][0] == url(council)
    page = response.content.decode()
    assert "Du får ikke flere påmindelser. Indkaldelser til møderne får du stadig." in page
    assert "Lige nu får du ikke påmindelser." in page
    assert Person.objects.get(pk=mette.pk).wants_reminders is False
    assert Person.objects.get(pk=sub.pk).wants_reminders is True  # only their own
    assert AuditEvent.objects.get(action="councils.person.reminders_set").actor == member_user

    client.post(url(council), {"wants": "yes"})
    assert Person.objects.get(pk=mette.pk).wants_reminders is True


def test_a_substitute_has_the_page_too(client, council, sub):
    client.force_login(sub.user)
    client.post(url(council), {"wants": "no"})
    assert Person.objects.get(pk=sub.pk).wants_reminders is False


def test_no_choice_gets_a_clear_message(client, council, mette, member_user):
    client.force_login(member_user)
    response = client.post(url(council), {})
    assert response.status_code == 400
    assert "Vælg ja eller nej." in response.content.decode()
    assert Person.objects.get(pk=mette.pk).wants_reminders is True


def test_the_secretariat_without_a_person_of_its_own_is_told_so(client, council, secretary, mette):
    client.force_login(secretary)
    page = client.get(url(council)).content.decode()
    assert "Du er ikke medlem af rådet" in page
    client.post(url(council), {"wants": "no"})
    assert Person.objects.get(pk=mette.pk).wants_reminders is True  # nobody else's answer


def test_another_council_and_strangers_are_kept_out(client, council, make_council, add_member, make_user, mette):
    client.get(url(council))  # anonymous: to the login page
    assert client.get(url(council)).status_code == 302
    other = make_council("sydby")
    stranger = add_member(other, "Sofus Sydby", user=make_user("sofus@example.org")).person
    client.force_login(stranger.user)
    assert client.post(url(council), {"wants": "no"}).status_code in (403, 404)
    assert Person.objects.get(pk=mette.pk).wants_reminders is True


def test_the_page_asks_the_same_number_of_queries_whatever_the_council_size(
        client, council, add_member, mette, member_user, django_assert_max_num_queries):
    client.force_login(member_user)
    client.get(url(council))  # warm caches (sessions, the council)
    with django_assert_max_num_queries(12) as few:
        client.get(url(council))
    for i in range(20):
        add_member(council, f"Medlem{i} Hansen")
    with django_assert_max_num_queries(len(few)):
        client.get(url(council))


def test_the_start_page_links_to_it(client, council, mette, member_user):
    client.force_login(member_user)
    assert url(council) in client.get(f"/{council.slug}/intern/").content.decode()


# --- The secretariat's person form -------------------------------------------------------------------

def test_the_secretariat_unticks_reminders_on_the_person_form(client, council, secretary, mette):
    client.force_login(secretary)
    form = client.get(f"/{council.slug}/intern/personer/{mette.pk}/").content.decode()
    assert 'name="wants_reminders"' in form and "Indkaldelser sendes altid." in form

    data = {"name": mette.name, "email": mette.email, "phone": "", "address": "", "preferred_channel": "email",
            "public_title": "", "organisation": "", "notes": "", "publish_name": "on"}  # wants_reminders unticked
    response = client.post(f"/{council.slug}/intern/personer/{mette.pk}/", data)
    assert response.status_code == 302
    assert Person.objects.get(pk=mette.pk).wants_reminders is False


# --- On a phone --------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_member_says_no_to_reminders_on_a_phone(phone_page, login, axe, council, mette, member_user):
    page = phone_page
    login(page, member_user)
    page.goto(url(council))
    assert page.get_by_text("Indkaldelser til møderne får du altid,").is_visible()
    axe(page, name="reminders-optout-phone")

    page.get_by_label("Nej, ingen påmindelser").check()
    page.get_by_role("button", name="Gem mit valg").click()
    page.get_by_text("Du får ikke flere påmindelser.").first.wait_for()
    assert page.get_by_test_id("reminders-now").inner_text() == "Lige nu får du ikke påmindelser."
    axe(page, name="reminders-optout-phone-saved")
    assert Person.objects.get(pk=mette.pk).wants_reminders is False
