"""The secretariat in the browser: from the menu to the retention rules' preview (what the next
run deletes), then anonymises a former member after reading what will happen; the public minutes
still read. axe finds nothing on any page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from privacy.tests.test_erasure import DECISION, NAME, build_world
from privacy.tests.test_retention import citizen_message

pytestmark = pytest.mark.browser


def test_the_secretariat_previews_retention_and_anonymises_a_former_member(
        page, login, axe, make_council, add_member, make_user):
    world = build_world(make_council, add_member, make_user)
    council = world["council"]
    citizen_message(council, at=timezone.now() - dt.timedelta(days=500))
    slug = council.slug

    login(page, world["secretary"])
    page.goto(f"/{slug}/intern/")
    page.get_by_role("link", name="Persondata").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anonymisering af tidligere medlemmer")
    axe(page, name="privacy-01-erasure-list")

    page.get_by_role("link", name="Se sletteregler og hvad næste kørsel sletter").click()
    expect(page.get_by_test_id("retention-citizen_messages")).to_contain_text("Næste kørsel sletter 1 post")
    expect(page.get_by_test_id("retention-outbox_bodies")).to_contain_text("Slettes 90 dage efter afsendelsen.")
    axe(page, name="privacy-02-retention-preview")

    page.get_by_role("link", name="Anonymisér et tidligere medlem").click()
    page.get_by_role("link", name=f"Anonymisér {NAME}").click()
    expect(page.get_by_test_id("erasure-kept")).to_contain_text("Personen står fremover som “Et tidligere medlem”.")
    expect(page.get_by_test_id("erasure-deleted")).to_contain_text("Brugerkontoen lukkes")
    axe(page, name="privacy-03-erasure-confirm")

    page.get_by_role("button", name="Anonymisér personen").click()  # without the tick first
    expect(page.locator("#id_confirmed_error")).to_contain_text(
        "Sæt flueben for at bekræfte, at personen har bedt om det.")
    axe(page, name="privacy-04-erasure-not-ticked")

    page.get_by_role("checkbox", name=re.compile("Personen har bedt om at blive slettet")).check()
    page.get_by_role("button", name="Anonymisér personen").click()
    expect(page.get_by_text("Personen er anonymiseret og står nu som “Et tidligere medlem”.")).to_be_visible()
    expect(page.get_by_test_id("erasures-done")).to_contain_text("Et tidligere medlem")
    axe(page, name="privacy-05-erasure-done")

    page.goto(f"/{slug}/moeder/{world['meeting'].pk}/")
    expect(page.get_by_text(DECISION.replace(NAME, "Et medlem"))).to_be_visible()
    assert NAME not in page.content()
    axe(page, name="privacy-06-public-minutes")
