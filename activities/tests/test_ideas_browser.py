"""The council's year in Chromium, axe-core on every page: a citizen sends an idea through the
public form; the secretary types in the brainstorm; members prioritise (one with dots on a
phone, one by ranking); the chair reads the numbered result, chooses the year's themes with
owners and writes the status on a theme page."""

import pytest
from playwright.sync_api import expect

from activities.models import IdeaVote, Theme
from activities.tests.ideas_builders import BRAINSTORM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.world("idea")]
LINES = BRAINSTORM.splitlines()


def new_page(browser, live_server, *, phone=False):
    options = dict(base_url=live_server.url, locale="da-DK")
    if phone:
        options.update(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    else:
        options.update(viewport={"width": 1280, "height": 900})
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def test_brainstorm_vote_results_themes(browser, live_server, axe, login, world):
    slug = world.council.slug
    year = __import__("activities.selectors.ideas", fromlist=["current_year"]).current_year()
    contexts = []
    try:
        # A citizen
        context, citizen = new_page(browser, live_server)
        contexts.append(context)
        citizen.goto(f"/{slug}/ideer/")
        axe(citizen, name="ideas-01-public-form")
        citizen.get_by_label("Hvad skal rådet arbejde med?").fill("Varme stuer om vinteren")
        citizen.get_by_label("Fortæl gerne mere").fill("Cpr 010190-1234")
        citizen.get_by_role("button", name="Send idéen").click()
        expect(citizen.get_by_text("Teksten ser ud til at indeholde et CPR-nummer").first).to_be_visible()
        axe(citizen)
        citizen.get_by_label("Fortæl gerne mere").fill("Mange fryser om natten.")
        citizen.get_by_role("button", name="Send idéen").click()
        expect(citizen.get_by_role("heading", level=1)).to_have_text("Tak for din idé")
        axe(citizen, name="ideas-02-thanks")

        # The secretary types in the brainstorm
        context, sec = new_page(browser, live_server)
        contexts.append(context)
        login(sec, world.secretary)
        sec.goto(f"/{slug}/intern/idekatalog/")
        axe(sec, name="ideas-03-empty-catalogue")
        sec.get_by_role("link", name="Skriv idéer fra brainstorm").click()
        sec.get_by_label("Idéer – én pr. linje").fill(BRAINSTORM)
        axe(sec, name="ideas-04-brainstorm")
        sec.get_by_role("button", name="Gem idéerne").click()
        expect(sec.get_by_text("7 idéer er skrevet i idékataloget.")).to_be_visible()
        expect(sec.get_by_test_id("idea")).to_have_count(8)
        expect(sec.get_by_role("link", name="Prioritér idéerne")).to_have_count(0)  # the secretariat has no vote
        axe(sec, name="ideas-05-catalogue")

        # A member distributes dots on a phone
        context, phone = new_page(browser, live_server, phone=True)
        contexts.append(context)
        login(phone, world.user("Mads Lund"))
        phone.goto(f"/{slug}/intern/idekatalog/?aar={year}")
        phone.get_by_role("link", name="Prioritér idéerne").click()
        expect(phone.get_by_text("Du har 5 prikker. Giv højst 3 til én idé.")).to_be_visible()
        phone.get_by_label(LINES[1]).fill("3")
        phone.get_by_label(LINES[0]).fill("3")
        phone.get_by_role("button", name="Gem min prioritering").click()
        expect(phone.get_by_text("Du har fordelt 6 prikker, men har kun 5. Tag 1 af.").first).to_be_visible()
        axe(phone, name="ideas-06-phone-vote-error")
        phone.get_by_label(LINES[0]).fill("2")
        phone.get_by_label(LINES[1]).fill("2")
        phone.get_by_role("button", name="Gem min prioritering").click()
        expect(phone.get_by_text("Din prioritering er gemt.")).to_be_visible()
        axe(phone, name="ideas-07-phone-results")
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the results page scrolls sideways on a phone ({width}px)"

        # A substitute ranks
        context, sub = new_page(browser, live_server)
        contexts.append(context)
        login(sub, world.user("Tove Ravn"))
        sub.goto(f"/{slug}/intern/idekatalog/prioriter/?aar={year}")
        sub.get_by_role("link", name="Giv idéerne numre").click()
        sub.get_by_label(LINES[2]).fill("1")
        sub.get_by_label(LINES[1]).fill("2")
        axe(sub, name="ideas-08-rank")
        sub.get_by_role("button", name="Gem min prioritering").click()
        expect(sub.get_by_text("Din prioritering er gemt.")).to_be_visible()
        assert IdeaVote.objects.filter(council=world.council).count() == 4

        # The chair reads the result and chooses themes
        context, chair = new_page(browser, live_server)
        contexts.append(context)
        login(chair, world.user("Jytte Holm"))
        chair.goto(f"/{slug}/intern/idekatalog/resultat/?aar={year}")
        expect(chair.get_by_text("2 medlemmer har prioriteret.")).to_be_visible()
        rows = chair.get_by_test_id("result-row")
        expect(rows.nth(0)).to_contain_text(f"1. {LINES[1]}")
        expect(rows.nth(0)).to_contain_text("2 prikker · 7 rangpoint")
        expect(rows.nth(1)).to_contain_text(f"2. {LINES[0]}")
        expect(rows.nth(1)).to_contain_text("Lige mange prikker som nr. 1 – færre rangpoint.")
        expect(rows.nth(2)).to_contain_text(f"3. {LINES[2]}")
        expect(rows.nth(2)).to_contain_text("0 prikker · 8 rangpoint")
        axe(chair, name="ideas-09-results")
        chair.get_by_role("link", name="Vælg årets temaer").click()
        for n in range(5):
            row = chair.get_by_test_id("choose-row").nth(n)  # in result order: LINES[1], LINES[0], …
            row.locator("label", has_text="som tema").click()
            row.get_by_label("Tovholder").select_option(label="Sune Dahl" if n % 2 else "Nanna Berg")
        axe(chair, name="ideas-10-choose")
        chair.get_by_role("button", name="Gem temaerne").click()
        expect(chair.get_by_text("5 temaer er valgt for året.")).to_be_visible()
        expect(chair.get_by_test_id("theme-count-warning")).to_have_count(0)
        expect(chair.get_by_test_id("theme")).to_have_count(5)
        axe(chair, name="ideas-11-themes")
        chair.get_by_role("link", name=LINES[0]).click()
        expect(chair.get_by_test_id("theme-owner")).to_have_text("Sune Dahl")
        chair.get_by_label("Status over året").fill("Folder om frikortet sendt til væresteder i april.")
        chair.get_by_role("button", name="Gem temaet").click()
        expect(chair.get_by_text("Temaet er gemt.")).to_be_visible()
        expect(chair.get_by_test_id("status-note")).to_contain_text("Folder om frikortet")
        axe(chair, name="ideas-12-theme")
        assert Theme.objects.filter(council=world.council).count() == 5
    finally:
        for context in contexts:
            context.close()
