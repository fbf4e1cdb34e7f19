"""Public pages: the landing page, the accessibility statement, the login page, the
language switch, the public members page (consent, never lived experience) and the public
minutes (attendance and action items through the disclosure policy, links to the PDFs)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _municipalities(db):
    from councils.models import Municipality

    Municipality.objects.create(slug="kommune-albertslund", name="Albertslund")
    Municipality.objects.create(slug="kommune-ishoej", name="Ishøj")


def test_landing_accessibility_statement_login_and_language(page, axe, make_council, make_user):
    make_council("albertslund", name="Udsatterådet i Albertslund")
    make_council("ishoej", preset="ishoej2015", name="Udsatterådet i Ishøj")
    user = make_user("medlem@example.org")

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokale råd, der giver borgerne en stemme")
    expect(page.get_by_test_id("councils").get_by_role("link")).to_have_text(
        ["Udsatterådet i Albertslund", "Udsatterådet i Ishøj"])
    axe(page, name="public-01-forside")

    page.get_by_role("contentinfo").get_by_role("link", name="Tilgængelighedserklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgængelighedserklæring")
    expect(page.get_by_role("main")).to_contain_text("WCAG 2.1 niveau AA")
    axe(page, name="public-02-tilgaengelighed")

    page.get_by_role("banner").get_by_role("link", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    axe(page, name="public-03-log-ind")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Adgangskode").fill("forkert-adgangskode")
    page.get_by_role("main").get_by_role("button", name="Log ind", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("E-mail eller adgangskode er forkert")
    expect(page.get_by_label("E-mail")).to_have_value(user.email)
    axe(page, name="public-04-log-ind-fejl")
    page.get_by_label("Adgangskode").fill("korrekt-hest-batteri")
    page.get_by_role("main").get_by_role("button", name="Log ind", exact=True).click()
    # Back where the person was, now with a way to their councils in the header.
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgængelighedserklæring")
    page.get_by_role("banner").get_by_role("link", name="Mine råd").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine råd")
    expect(page.get_by_role("main")).to_contain_text("Du er ikke knyttet til et råd endnu")
    axe(page)

    # Switch to English in the footer, and back.
    footer = page.get_by_role("contentinfo")
    languages = footer.get_by_role("navigation", name="Sprog (Language)")
    expect(languages.get_by_role("link", name="Dansk")).to_have_attribute("aria-current", "true")
    languages.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My councils")
    expect(page.get_by_role("main")).to_contain_text("You are not linked to a council yet")
    languages = footer.get_by_role("navigation", name="Language")
    expect(languages.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    axe(page, name="public-05-english")
    languages.get_by_role("link", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine råd")
    axe(page)


def test_public_members_page_shows_only_consenting_people_and_no_lived_experience(
        page, axe, make_council, add_member):
    council = make_council("albertslund", name="Udsatterådet i Albertslund")
    lise = add_member(council, "Lise Larsen", seat="Borgere med erfaring som socialt udsat", lived=True,
                      public_title="Brugerrepræsentant")
    add_member(council, "Hemmelig Hansen", seat="Borgere med erfaring som socialt udsat", lived=True,
               publish=False)
    add_member(council, "Peter Politiker", seat="Medlemmer af kommunalbestyrelsen", lived=True,
               public_title="Kommunalbestyrelsesmedlem")
    add_member(council, "Søren Suppleant", role="substitute", substitute_for=lise, lived=True,
               email="soeren@example.org")

    page.goto("/albertslund/")
    axe(page, name="public-06-raadets-side")
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Medlemmer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rådets medlemmer")
    cards = page.get_by_test_id("public-members")
    expect(cards.get_by_role("heading")).to_have_text(["Lise Larsen", "Peter Politiker", "Søren Suppleant"])
    expect(cards).to_contain_text("Kommunalbestyrelsesmedlem")
    text = page.content().lower()
    assert "hemmelig hansen" not in text
    for hidden in ("erfaring", "udsat ", "borgere med", "medlemmer af kommunalbestyrelsen", "sagkyndige"):
        assert hidden not in text, hidden
    expect(page.get_by_test_id("public-members-others")).to_have_text(
        "Desuden sidder et medlem i rådet uden navn på listen.")
    axe(page, name="public-07-medlemmer")


def test_public_minutes_name_only_those_who_consented(page, axe, make_council, add_member, make_user):
    """The published minutes: attendance and afbud by role where not consented, decisions, action
    items with owners through the policy, and the PDFs of the agenda and the minutes."""
    from public.tests.test_public_minutes import held_meeting, make_board, publish

    council, people, secretary = make_board(make_council, add_member, make_user)
    meeting = publish(held_meeting(council, people, secretary, title="Forårsmøde"), secretary)

    page.goto("/nordby/moeder/")
    page.get_by_role("link", name="Forårsmøde").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Forårsmøde")
    attendance = page.get_by_test_id("public-attendance")
    expect(attendance).to_contain_text("Anne Åben, formanden og et medlem")
    expect(attendance).to_contain_text("Et medlem")  # afbud
    expect(page.get_by_test_id("decision").first).to_have_text("Et medlem fremlagde punkt 0.")
    actions = page.get_by_test_id("public-actions")
    expect(actions.get_by_role("row").nth(1)).to_contain_text("Skrive til udvalget")
    expect(actions.get_by_role("row").nth(1)).to_contain_text("Anne Åben og et medlem")
    for hidden in ("Finn Formand", "Erik Skjult", "Hanne Hemmelig"):
        assert hidden not in page.content()
    documents = page.get_by_test_id("public-documents")
    for name, path in (("Hent dagsordenen som PDF", "dagsorden.pdf"), ("Hent referatet som PDF", "referat.pdf")):
        link = documents.get_by_role("link", name=name)
        expect(link).to_have_attribute("href", f"/nordby/moeder/{meeting.pk}/{path}")
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    axe(page, name="public-08-referat")


def test_the_content_security_policy_is_enforced_and_the_page_still_works(page, axe, make_council):
    """The browser obeys the policy: an inline script is refused and reported; Stemme's own
    scripts (htmx, core/stemme.js) load as files, and htmx adds no inline style."""
    make_council("albertslund", name="Udsatterådet i Albertslund")
    page.goto("/albertslund/")
    axe(page, name="public-csp")  # no violations on a real page

    ran = page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__inlineRan = true";
        document.head.appendChild(script);
        return window.__inlineRan === true;
    }""")

    assert ran is False
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert "script-src" in page.evaluate("() => window.__cspViolations[0]")
    assert page.evaluate("() => typeof htmx === 'object' && htmx.config.includeIndicatorStyles === false")
    assert page.evaluate("() => document.querySelectorAll('style').length") == 0
