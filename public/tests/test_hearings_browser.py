"""A citizen reads the council's responses on a phone: the list from the council's nav, a joint
response with its outcome, a comment letter — axe-core finds nothing on any page."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from public.tests.test_hearings import comment_letter, consultation, world  # noqa: F401

pytestmark = pytest.mark.browser


def test_citizen_reads_responses_and_a_comment_letter(phone_page, axe, world):  # noqa: F811
    from hearings.models import ConsultationPartner, ConsultationStatus

    joint = consultation(world.udsat, title="Ungestrategi 2019", status=ConsultationStatus.OUTCOME,
                         committee=world.bsu, outcome="Førte til et ekstra mål i strategien")
    ConsultationPartner.objects.create(council=world.handicap, consultation=joint)
    comment_letter(world.udsat, world.sus, day=dt.date(2019, 5, 7))
    page = phone_page

    page.goto("/albertslund/")
    page.get_by_role("link", name="Læs rådets høringssvar og kommentarer til politikerne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Høringssvar og kommentarer")
    expect(page.get_by_test_id("outcome")).to_contain_text("Resultat: Førte til et ekstra mål i strategien")
    axe(page, name="public-hearings-01-liste-mobil")

    page.get_by_role("link", name="Ungestrategi 2019", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ungestrategi 2019")
    expect(page.get_by_test_id("response-text")).to_contain_text("Strategien bør have et mål for unge uden bolig.")
    axe(page, name="public-hearings-02-svar-mobil")

    page.get_by_role("link", name="Høringssvar", exact=True).first.click()
    page.get_by_role("link", name="Kommentarer til dagsordenen for mødet i Social- og Sundhedsudvalget den 7. maj 2019",
                     exact=True).click()
    expect(page.get_by_test_id("letter-text")).to_contain_text("Punkt 3. SUS/ØU/KB – Udarbejdelse af ny")
    axe(page, name="public-hearings-03-kommentarbrev-mobil")

    page.goto("/albertslund-hr/hoeringssvar/")
    expect(page.get_by_role("main")).to_contain_text("Fælles svar med Udsatterådet i Albertslund")
    axe(page, name="public-hearings-04-partner-liste")
