"""The committee pages in Chromium with axe-core: a working-group member comments on item 3,
the chair approves the letter, the secretariat sends it; every page (and the error and conflict
states) has no axe violations."""

import pytest
from playwright.sync_api import expect

from hearings.services import committees as committee_services

pytestmark = [pytest.mark.browser, pytest.mark.world("committee")]


def test_comment_letter_path(page, login, axe, world):
    w = world
    committee_services.committee_create(council=w.council, name="Børne- og Skoleudvalget", abbreviation="BSU")
    base = f"/{w.slug}/intern/udvalg/"
    item = w.items[3]

    # A working-group member marks item 3 as relevant and writes the comment.
    login(page, w.users["group"])
    page.goto(base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Politiske udvalg")
    axe(page, name="committees-01-list")
    page.get_by_role("link", name="Social- og Sundhedsudvalget").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Social- og Sundhedsudvalget")
    axe(page, name="committees-02-committee")
    page.goto(f"{base}udvalgsmoeder/{w.meeting.pk}/")
    section = page.locator(f"#item-{item.pk}")
    section.locator("summary").click()
    expect(section.get_by_text("Sagsfremstilling til punkt 3.")).to_be_visible()
    section.get_by_label("Punktet er relevant for rådet").check()
    section.get_by_label("Kommentar til punktet").fill("Borgeren 010190-1234 mangler en læge.")
    section.get_by_role("button", name="Gem kommentaren til punkt 3").click()
    expect(page.locator("[data-error-summary]").first).to_be_focused()
    axe(page, name="committees-03-comment-cpr-error")
    section = page.locator(f"#item-{item.pk}")
    expect(section.get_by_label("Kommentar til punktet")).to_have_value("Borgeren 010190-1234 mangler en læge.")
    section.get_by_label("Kommentar til punktet").fill("Rådet ønsker et afsnit om hjemløses adgang til læge.")
    section.get_by_label("Punktet er relevant for rådet").check()
    section.get_by_role("button", name="Gem kommentaren til punkt 3").click()
    expect(page.get_by_text("Rådets kommentar til punkt 3 er gemt.")).to_be_visible()
    axe(page, name="committees-04-meeting")

    # Someone else saves meanwhile: the conflict shows both texts.
    committee_services.item_comment_save(council=w.council, item=item, relevant=True, text="Formandens udgave.",
                                         expected_version=1)
    section = page.locator(f"#item-{item.pk}")
    section.get_by_label("Kommentar til punktet").fill("Sunes nye udgave.")
    section.get_by_role("button", name="Gem kommentaren til punkt 3").click()
    expect(page.locator("[data-testid=comment-conflict]")).to_be_visible()
    expect(page.locator("[data-testid=stored-comment]")).to_have_text("Formandens udgave.")
    axe(page, name="committees-05-comment-conflict")

    # The letter page, for the group: preview and the edit form.
    page.goto(f"{base}udvalgsmoeder/{w.meeting.pk}/brev/")
    expect(page.get_by_test_id("letter-preview")).to_contain_text(
        "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018")
    axe(page, name="committees-06-letter")

    # The chair approves; the secretariat sends.
    page.context.clear_cookies()
    login(page, w.users["chair"])
    page.goto(f"{base}udvalgsmoeder/{w.meeting.pk}/brev/")
    page.get_by_role("button", name="Godkend brevet").click()
    expect(page.get_by_text("Brevet er godkendt.")).to_be_visible()
    page.context.clear_cookies()
    login(page, w.seed.secretary)
    page.goto(f"{base}udvalgsmoeder/{w.meeting.pk}/brev/")
    page.get_by_role("button", name="Send brevet").click()
    expect(page.get_by_text("Brevet er lagt i udbakken")).to_be_visible()
    axe(page, name="committees-07-letter-sent")

    # The secretariat's forms, with an error.
    page.goto(f"{base}{w.committee.pk}/foelg/")
    axe(page, name="committees-08-follow")
    page.goto(f"{base}udvalgsmoeder/{w.meeting.pk}/punkter-nyt/")
    page.get_by_label("Punkt nr.").fill("3")
    page.get_by_label("Overskrift").fill("Dublet")
    page.get_by_role("button", name="Tilføj punktet").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    axe(page, name="committees-09-item-error")
    page.goto(f"{base}{w.committee.pk}/udvalgsmoede/nyt/")
    axe(page, name="committees-10-meeting-form")
    page.goto(f"{base}nyt/")
    axe(page, name="committees-11-committee-form")
