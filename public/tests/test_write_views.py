"""The pages of "Skriv til rådet": the public form (plain words about one's own case, CPR refused
with the text kept, honeypot, the rate limit's 429 in Danish, thank-you page), the link from the
council's page and the idea page, "Hvad skete der med idéerne?" with a constant number of
queries; the secretariat's list and message page (who may see and act, another council's
message is a 404, a collision shown in Danish)."""

import pytest

from activities.services.ideas import citizen_idea_submit
from public.models import CitizenMessage, MessageStatus
from public.services import messages as services
from public.tests.messages_builders import submit

pytestmark = pytest.mark.django_db

FORM = {"kind": "concern", "text": "Der er koldt i værestedet om aftenen.", "name": "", "contact": ""}


def html(response) -> str:
    return response.content.decode()


def test_the_form_says_plainly_what_the_council_can_and_cannot_do(client, council):
    page = html(client.get(f"/{council.slug}/skriv/"))
    assert "<h1>Skriv til rådet</h1>" in page
    assert "personsag" in page and "borgerservice" in page and "anonym" in page
    assert 'name="website"' in page and "<div hidden>" in page


def test_linked_from_the_council_page_and_the_idea_page(client, council):
    for path in (f"/{council.slug}/", f"/{council.slug}/ideer/"):
        assert f'href="/{council.slug}/skriv/"' in html(client.get(path)), path


def test_a_message_is_saved_and_thanked(client, council):
    response = client.post(f"/{council.slug}/skriv/", {**FORM, "contact": "bo@example.org"})
    assert response.status_code == 302 and response["Location"] == f"/{council.slug}/skriv/tak/?svar=1"
    message = CitizenMessage.objects.get(council=council)
    assert (message.kind, message.contact, message.status) == ("concern", "bo@example.org", MessageStatus.NEW)
    assert "Du får svar" in html(client.get(response["Location"]))
    anonymous = client.post(f"/{council.slug}/skriv/", FORM)
    assert anonymous["Location"] == f"/{council.slug}/skriv/tak/"
    assert "Derfor får du ikke svar" in html(client.get(anonymous["Location"]))


def test_cpr_and_a_bad_contact_are_refused_in_danish_with_the_text_kept(client, council):
    text = "Min nabo 010190-1234 fryser."
    response = client.post(f"/{council.slug}/skriv/", {**FORM, "text": text, "contact": "ring"})
    assert response.status_code == 400
    page = html(response)
    assert "CPR-nummer" in page and text in page and 'value="ring"' in page
    response = client.post(f"/{council.slug}/skriv/", {**FORM, "contact": "ring til mig"})
    assert response.status_code == 400 and "dansk mobilnummer" in html(response)
    assert not CitizenMessage.objects.exists()


def test_honeypot_is_thanked_but_not_saved(client, council):
    response = client.post(f"/{council.slug}/skriv/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 302 and not CitizenMessage.objects.exists()


def test_rate_limit_answers_429_in_danish_and_keeps_the_text(client, council, settings):
    settings.STEMME_RATE_LIMITS = {"public.write": "2/h"}
    for _ in range(2):
        assert client.post(f"/{council.slug}/skriv/", FORM).status_code == 302
    response = client.post(f"/{council.slug}/skriv/", {**FORM, "text": "Tredje gang."})
    assert response.status_code == 429
    assert "Der er sendt mange henvendelser herfra" in html(response) and "Tredje gang." in html(response)
    assert CitizenMessage.objects.count() == 2


def test_unknown_council_is_a_404(client, council):
    assert client.get("/findes-ikke/skriv/").status_code == 404


def test_the_idea_page_shows_what_happened_without_names_in_constant_queries(
        client, council, secretary, django_assert_max_num_queries):
    citizen_idea_submit(council=council, title="Bænke ved stationen", name="Bo Borger")
    services.message_to_idea(council=council, message=submit(council, name="Karin Kulde"), title="Varme",
                             actor=secretary)
    client.get(f"/{council.slug}/ideer/")  # warm the caches (council, roster)
    with django_assert_max_num_queries(12) as few:
        page = html(client.get(f"/{council.slug}/ideer/"))
    budget = len(few)
    assert "Hvad skete der med idéerne?" in page and "Bænke ved stationen" in page and "Varme" in page
    assert "Bo Borger" not in page and "Karin Kulde" not in page
    for i in range(6):
        citizen_idea_submit(council=council, title=f"Idé {i}")
    with django_assert_max_num_queries(budget):
        client.get(f"/{council.slug}/ideer/")


# --- The secretariat's pages -------------------------------------------------------------------

@pytest.fixture
def as_secretary(client, secretary):
    client.force_login(secretary)
    return client


def test_list_new_first_with_filter_in_constant_queries(as_secretary, council, secretary,
                                                        django_assert_max_num_queries):
    old = submit(council, text="Gammel henvendelse")
    services.message_archive(council=council, message=old, actor=secretary)
    submit(council, text="Ny henvendelse")
    services.message_to_agenda(council=council, message=submit(council), title="P", actor=secretary)
    services.message_to_idea(council=council, message=submit(council), title="I", actor=secretary)
    url = f"/{council.slug}/intern/henvendelser/"
    as_secretary.get(url)
    with django_assert_max_num_queries(20) as few:
        page = html(as_secretary.get(url))
    budget = len(few)
    assert page.index("Ny henvendelse") < page.index("Gammel henvendelse")
    archived = html(as_secretary.get(url + "?status=archived"))
    assert "Gammel henvendelse" in archived and "Ny henvendelse" not in archived
    for i in range(8):
        services.message_to_agenda(council=council, message=submit(council), title=f"P{i}", actor=secretary)
        services.message_to_idea(council=council, message=submit(council), title=f"I{i}", actor=secretary)
    with django_assert_max_num_queries(budget):
        as_secretary.get(url)


def test_secretary_turns_a_message_into_an_idea_and_a_collision_is_explained(as_secretary, council):
    message = submit(council)
    url = f"/{council.slug}/intern/henvendelser/{message.pk}/"
    assert "Gør til idé" in html(as_secretary.get(url))
    response = as_secretary.post(url + "idee/", {"idee-title": "Varme", "idee-description": "Koldt."})
    assert response.status_code == 302
    assert CitizenMessage.objects.get(pk=message.pk).status == MessageStatus.IDEA
    again = as_secretary.post(url + "punkt/", {"punkt-title": "Varme", "punkt-case_text": ""})
    assert again.status_code == 400 and "En anden har lige behandlet henvendelsen" in html(again)


def test_reply_form_keeps_the_text_on_refusal(as_secretary, council):
    message = submit(council)
    response = as_secretary.post(f"/{council.slug}/intern/henvendelser/{message.pk}/svar/",
                                 {"svar-text": "Er du 010190-1234?"})
    assert response.status_code == 400 and "CPR" in html(response) and "Er du 010190-1234?" in html(response)


def test_chair_may_read_but_not_act_and_the_public_is_sent_to_login(client, council, make_user, add_member):
    from councils import services as council_services

    chair_user = make_user("formand@example.org", name="Frida Formand")
    chair = add_member(council, "Frida Formand", user=chair_user)
    council_services.position_assign(council=council, person=chair.person, kind="chair",
                                     start=chair.start)
    message = submit(council)
    url = f"/{council.slug}/intern/henvendelser/{message.pk}/"
    assert client.get(url).status_code == 302  # to the login
    client.force_login(chair_user)
    page = html(client.get(url))
    assert "Borgeren skrev" in page and "Gør til idé" not in page
    assert client.post(url + "arkiver/").status_code == 403
    member_user = make_user("medlem@example.org")
    add_member(council, "Mette Medlem", user=member_user)
    client.force_login(member_user)
    assert client.get(url).status_code == 403


def test_another_councils_message_is_a_404(as_secretary, council, other_council):
    message = submit(other_council)
    assert as_secretary.get(f"/{council.slug}/intern/henvendelser/{message.pk}/").status_code == 404
    assert as_secretary.post(f"/{council.slug}/intern/henvendelser/{message.pk}/arkiver/").status_code == 404
    assert CitizenMessage.objects.get(pk=message.pk).status == MessageStatus.NEW


def test_dashboard_counts_new_messages(as_secretary, council):
    submit(council)
    submit(council)
    page = html(as_secretary.get(f"/{council.slug}/intern/"))
    assert "2 nye henvendelser venter" in page
