"""The easy-read minutes as people use them (docs/workflows/easy-read.md):

1. the secretariat opens the easy-read editor from the minutes, sees Stemme's starting point and
   the readability meter, saves and publishes;
2. a citizen goes from the full public minutes to the easy-read page, where "Læs op" speaks the
   page's text in Danish (speechSynthesis stubbed by an init script, so the test hears what would
   be spoken);
3. the citizen prints the poster (a PDF).

axe and the reflow check at 200 % zoom on a 390 px phone on every page."""

import pytest
from playwright.sync_api import expect

from meetings.tests.easyread_builders import held_meeting, make_board, publish_minutes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Records what would be spoken instead of speaking (headless Chromium has no voices).
SPEECH_STUB = """
window.__spoken = [];
// speechSynthesis is a read-only accessor on Window: replace it with defineProperty.
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); },
  cancel() {}, pause() { window.__paused = true; }, resume() { window.__paused = false; },
  getVoices() { return []; },
}});
Object.defineProperty(window, "SpeechSynthesisUtterance", {configurable: true, writable: true,
  value: function (text) { this.text = text; this.lang = ""; }});
"""


def test_secretariat_writes_citizen_reads_listens_and_prints(page, browser, live_server, login, axe, reflow,
                                                             make_council, add_member, make_user):
    council, people, secretary = make_board(make_council, add_member, make_user)
    meeting = publish_minutes(held_meeting(council, people, secretary))

    # 1. The secretariat writes the easy-read version from the starting point.
    login(page, secretary)
    page.goto(f"/nordby/intern/moeder/{meeting.pk}/referat/")
    page.get_by_test_id("easy-read-link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Letlæst referat")
    body = page.get_by_label("Letlæst tekst")
    assert body.input_value().startswith("[møde] Rådet holdt møde den 7. april 2026.")
    assert "Erik" not in body.input_value() and "Jens Jensen" not in body.input_value()
    body.focus()
    expect(page.locator("[data-readability-meter]")).to_contain_text("LIX")
    axe(page, name="easy-read-01-editor")
    reflow(page.url.replace(live_server.url, ""), name="easy-read-01-editor-reflow", cookies=page.context.cookies())
    body.fill(body.input_value() + "\n\n[kalender] Næste møde er i juni.")
    page.get_by_role("button", name="Gem teksten").click()
    expect(page.get_by_text("Den letlæste tekst er gemt.")).to_be_visible()
    page.get_by_role("button", name="Offentliggør den letlæste udgave").click()
    expect(page.get_by_test_id("easy-status")).to_contain_text("Offentliggjort")

    # 2. A citizen reads it from the full minutes and has it read aloud.
    citizen = browser.new_context(base_url=live_server.url, locale="da-DK", viewport={"width": 1280, "height": 900})
    citizen.add_init_script(SPEECH_STUB)
    reader = citizen.new_page()
    try:
        reader.goto(f"/nordby/moeder/{meeting.pk}/")
        expect(reader.get_by_role("button", name="Læs op")).to_be_visible()
        axe(reader, name="easy-read-02-full-minutes")
        reader.get_by_role("link", name="Læs en letlæst udgave").click()
        expect(reader.get_by_role("heading", level=1)).to_have_text("Det besluttede rådet den 7. april 2026")
        expect(reader.locator("html")).to_have_attribute("lang", "da")
        expect(reader.get_by_test_id("easy-text")).to_contain_text("Næste møde er i juni.")
        size, height = reader.evaluate("""() => { const s = getComputedStyle(document.querySelector('#easy-text p'));
            return [parseFloat(s.fontSize), parseFloat(s.lineHeight)]; }""")
        assert size >= 20 and height >= 1.5 * size  # large type, generous line height
        axe(reader, name="easy-read-03-page")
        reader.get_by_role("button", name="Læs op").click()
        expect(reader.get_by_role("button", name="Stop")).to_be_visible()
        spoken = reader.evaluate("window.__spoken")
        assert spoken and {s["lang"] for s in spoken} == {"da-DK"}
        text = " ".join(s["text"] for s in spoken)
        assert "Rådet holdt møde den 7. april 2026." in text and "Næste møde er i juni." in text
        assert "Læs op" not in text  # the buttons are not read
        reader.get_by_role("button", name="Pause").click()
        assert reader.evaluate("window.__paused") is True
        reader.get_by_role("button", name="Stop").click()
        expect(reader.get_by_role("button", name="Læs op")).to_be_visible()

        # 3. The citizen prints the poster.
        poster = reader.get_by_test_id("poster-button")
        expect(poster).to_contain_text("Print plakat")
        response = reader.request.get(poster.get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
    finally:
        citizen.close()
    reflow(f"/nordby/moeder/{meeting.pk}/letlaest/", name="easy-read-03-page-reflow")
    reflow(f"/nordby/moeder/{meeting.pk}/", name="easy-read-02-full-minutes-reflow")
