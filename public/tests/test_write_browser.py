"""Journey 5 of step 8 in Chromium, axe-core on every page and the reflow check (200 % zoom on a
390 px phone) on each page a person uses: a citizen on a phone writes to the council with an
e-mail address (a CPR number is refused first, the text kept); the secretariat opens the
message under "Henvendelser" and turns it into an idea in this year's catalogue; the council
chooses it as a theme; the outbox worker's periodic job tells the citizen, and the mail crosses
a real SMTP server; the public idea page shows what became of the idea, without a name."""

import pytest
from playwright.sync_api import expect

from activities.selectors.ideas import current_year
from activities.services.themes import ThemePick, themes_choose
from notifications.services import outbox_send_pending
from public.models import CitizenMessage
from public.services.messages import citizens_tell

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITIZEN_MAIL = "kirsten@example.org"
TEXT = ("Om aftenen er der koldt i værestedet, fordi varmen bliver skruet ned kl. 17. Kan rådet tale med "
        "kommunen om det?")


def test_citizen_writes_the_secretariat_makes_an_idea_and_the_citizen_is_told(
        phone_page, page, axe, reflow, login, make_user, make_council, smtp_server):
    secretary = make_user("sekretariat@example.org", name="Sara Sekretær")
    council = make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)
    slug = council.slug

    # --- A citizen on a phone --------------------------------------------------------------------
    citizen = phone_page
    citizen.goto(f"/{slug}/")
    citizen.get_by_role("link", name="Skriv til rådet – et forslag eller en bekymring").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Skriv til rådet")
    expect(citizen.get_by_test_id("own-case")).to_contain_text("borgerservice")
    axe(citizen, name="write-01-form-phone")
    citizen.get_by_label("Bekymring").check()
    citizen.get_by_label("Din besked til rådet").fill("Min nabo 010190-1234 fryser. " + TEXT)
    citizen.get_by_label("Din e-mail eller dit mobilnummer").fill(CITIZEN_MAIL)
    citizen.get_by_role("button", name="Send til rådet").click()
    expect(citizen.get_by_text("Teksten ser ud til at indeholde et CPR-nummer").first).to_be_visible()
    expect(citizen.get_by_label("Din besked til rådet")).to_have_value("Min nabo 010190-1234 fryser. " + TEXT)
    axe(citizen, name="write-02-cpr-refused-phone")
    citizen.get_by_label("Din besked til rådet").fill(TEXT)
    citizen.get_by_role("button", name="Send til rådet").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Tak for din besked")
    expect(citizen.get_by_text("Du får svar på den e-mail")).to_be_visible()
    axe(citizen, name="write-03-thanks-phone")
    reflow(f"/{slug}/skriv/", name="write-04-form-reflow")
    reflow(f"/{slug}/skriv/tak/?svar=1", name="write-05-thanks-reflow")

    # --- The secretariat turns it into an idea ------------------------------------------------------
    login(page, secretary)
    page.goto(f"/{slug}/intern/")
    expect(page.get_by_test_id("new-messages-panel")).to_contain_text("1 ny henvendelse venter")
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Henvendelser", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henvendelser fra borgere")
    axe(page, name="write-06-messages")
    page.get_by_test_id("message-row").get_by_role("link").click()
    expect(page.get_by_test_id("message-text")).to_have_text(TEXT)
    axe(page, name="write-07-message")
    message = CitizenMessage.objects.get(council=council)
    cookies = page.context.cookies()
    reflow(f"/{slug}/intern/henvendelser/", name="write-08-messages-reflow", cookies=cookies)
    reflow(f"/{slug}/intern/henvendelser/{message.pk}/", name="write-09-message-reflow", cookies=cookies)
    page.get_by_label("Idéens titel").fill("Varme i værestedet om aftenen")
    page.get_by_role("button", name="Gør til idé").click()
    expect(page.get_by_text("Henvendelsen er sat i årets idékatalog.")).to_be_visible()
    expect(page.get_by_test_id("message-status")).to_contain_text("Gjort til idé")
    axe(page, name="write-10-made-an-idea")

    # --- The council chooses it as a theme (the themes' own pages are tested in activities) -------
    message.refresh_from_db()
    themes_choose(council=council, year=current_year(), actor=secretary,
                  picks=[ThemePick(idea=message.idea, owner=None, priority=1)])

    # --- The outbox worker's periodic job tells the citizen --------------------------------------------
    assert citizens_tell() == 1
    counts = outbox_send_pending()
    assert counts.get("sent", 0) == 1, counts
    [mail] = smtp_server.wait_for(1)
    assert CITIZEN_MAIL in mail["To"]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "Rådet har valgt din idé som et af sine temaer" in body and f"/{slug}/ideer/#hvad-skete-der" in body
    assert citizens_tell() == 0  # told once for this outcome

    # --- The citizen reads what happened -------------------------------------------------------------
    citizen.goto(f"/{slug}/ideer/#hvad-skete-der")
    outcomes = citizen.get_by_test_id("idea-outcomes")
    expect(outcomes.get_by_test_id("idea-outcome")).to_have_text(
        "Varme i værestedet om aftenen – Valgt som et af rådets temaer")
    axe(citizen, name="write-11-what-happened-phone")
    reflow(f"/{slug}/ideer/", name="write-12-ideas-reflow")
