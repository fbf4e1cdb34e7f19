"""The readability meter in Chromium (journey 1, first half): the secretariat writes an agenda
item's case text in municipal language, sees the LIX and its band under the field while typing,
gets a plain word suggested, rewrites the text in plain words and sees the band change; then adds
the council's own plain word and sees it suggested. axe finds nothing and both pages reflow at
200 % zoom on a phone, the meter included."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HARD = ("Forvaltningen indstiller, at Udsatterådet tager sagsfremstillingen vedrørende den kommunale handleplan "
        "for hjemløshed til efterretning og fremsender et høringssvar inden udløbet af høringsfristen.")
PLAIN = "Kommunen har en plan for hjemløse. Vi skal sige, hvad vi mener. Vi har tid til 1. marts."


def test_the_secretariat_sees_the_meter_change_while_typing(page, login, axe, reflow, april, secretary):
    login(page, secretary)
    path = f"/{april.council.slug}/intern/moeder/{april.pk}/dagsorden/punkter/nyt/"
    page.goto(path)
    page.get_by_label("Overskrift", exact=True).fill("Kommunens plan for hjemløshed")
    field = page.get_by_label(re.compile(r"^Sagsfremstilling"))
    field.click()
    field.press_sequentially(HARD[:60], delay=5)  # typing: the meter follows after a pause
    meter = page.locator("#id_case_text_readability")  # the meter of this field (the recommendation has its own)
    expect(meter.locator("[aria-live=polite]")).to_contain_text("LIX")
    field.fill(HARD)
    field.press("End")
    field.press_sequentially(" ", delay=5)
    expect(meter.locator("[aria-live=polite]")).to_have_text("LIX 81 – Meget svær")
    expect(meter).to_have_attribute("data-band", "very_hard")
    expect(meter).to_contain_text("sagsfremstillingen → hvad sagen handler om")
    expect(meter).to_contain_text("Lange sætninger")
    expect(meter.locator("mark", has_text="høringsfristen")).to_be_visible()
    axe(page, name="readability-01-hard")

    field.fill("")
    field.press_sequentially(PLAIN, delay=2)
    expect(meter.locator("[aria-live=polite]")).to_have_text("LIX 17 – Meget let")
    expect(meter).to_have_attribute("data-band", "very_easy")
    expect(meter).not_to_contain_text("Lange sætninger")
    axe(page, name="readability-02-plain")

    # The text is saved as written: the meter is a help, never part of the form.
    page.get_by_role("button", name="Gem punkt").click()
    expect(page.get_by_text("Kommunens plan for hjemløshed").first).to_be_visible()

    reflow(path, name="readability-03-reflow", cookies=page.context.cookies())

    # The council's own plain word: added on "Almindelige ord" (from the rules page), suggested at once.
    page.goto(f"/{april.council.slug}/intern/regler/")
    page.get_by_role("link", name="Se og ret rådets liste over almindelige ord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Almindelige ord")
    page.get_by_label("Kommunalt ord").fill("hjemløshed")
    page.get_by_label("Almindeligt ord").fill("at være uden et hjem")
    page.get_by_role("button", name="Gem ordet").click()
    expect(page.get_by_test_id("own-words")).to_contain_text("hjemløshed → at være uden et hjem")
    axe(page, name="readability-04-plain-words")
    reflow(page.url, name="readability-05-plain-words-reflow", cookies=page.context.cookies())
    page.goto(path)
    field = page.get_by_label(re.compile(r"^Sagsfremstilling"))
    field.press_sequentially("Vi taler om hjemløsheden.", delay=2)
    expect(meter).to_contain_text("hjemløsheden → at være uden et hjem")
