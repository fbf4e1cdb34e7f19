"""Journey 4: a citizen on a phone finds the council's citizens' meeting from the council's page,
signs up with a nickname and gets the last place; a second citizen gets the waiting list; the
secretariat sees both on the event page. axe finds nothing on any page, and the list, the event
and the thank-you page reflow at 200 % zoom on a 390 px phone."""

import pytest
from playwright.sync_api import expect

from activities.tests.events_builders import public_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizens_sign_up_and_the_secretariat_sees_them(phone_page, page, axe, reflow, login, make_user,
                                                        make_council):
    secretary = make_user("sekretariat@nordby.example", name="Sara Sekretær")
    council = make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)
    event = public_event(council, title="Borgermøde med spisning", public_capacity=1, actor=secretary,
                         meal="Vi spiser sammen kl. 17.30.",
                         accessibility="Niveaufri adgang. Handicaptoilet. Teleslynge i salen.")
    phone = phone_page

    phone.goto("/nordby/")
    phone.get_by_test_id("home-events").get_by_role("link", name="Borgermøde med spisning").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Borgermøde med spisning")
    expect(phone.get_by_test_id("accessibility")).to_contain_text("Teleslynge i salen")
    expect(phone.get_by_test_id("places-left")).to_contain_text("Der er 1 ledig plads.")
    axe(phone, name="public-events-01-arrangement-mobil")

    phone.get_by_label("Dit navn eller kaldenavn").fill("Kis fra Hyldespjældet")
    phone.get_by_label("Dit telefonnummer (hvis du vil)").fill("20 30 40 50")
    phone.get_by_role("button", name="Tilmeld mig").click()
    expect(phone.get_by_test_id("signup-result")).to_contain_text("Du har fået en plads")
    axe(phone, name="public-events-02-tak-mobil")
    thanks_path = phone.url.split(phone.url.split("/nordby/")[0], 1)[1]

    phone.goto("/nordby/arrangementer/")
    expect(phone.get_by_test_id("upcoming-events")).to_contain_text("Fuldt – du kan skrive dig på venteliste")
    axe(phone, name="public-events-03-liste-mobil")
    phone.get_by_role("link", name="Borgermøde med spisning").click()
    phone.get_by_label("Dit navn eller kaldenavn").fill("Bent")
    phone.get_by_role("button", name="Skriv mig på ventelisten").click()
    expect(phone.get_by_test_id("signup-result")).to_contain_text("du står på ventelisten")

    reflow("/nordby/arrangementer/", name="public-events-reflow-liste")
    reflow(f"/nordby/arrangementer/{event.pk}/", name="public-events-reflow-arrangement")
    reflow(thanks_path, name="public-events-reflow-tak")

    login(page, secretary)
    page.goto(f"/nordby/intern/arrangementer/{event.pk}/")
    citizens = page.get_by_test_id("citizens")
    expect(citizens).to_contain_text("Kis fra Hyldespjældet")
    expect(citizens).to_contain_text("+45 20 30 40 50")
    expect(citizens).to_contain_text("Venteliste nr. 1")
    expect(page.get_by_test_id("citizen-counts")).to_contain_text("1 borger har en plads (af 1), 1 står på venteliste.")
    axe(page, name="public-events-04-sekretariat")
