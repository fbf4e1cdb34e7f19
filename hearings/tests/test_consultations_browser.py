"""The consultation pages in Chromium with axe-core (WCAG 2.1 AA): every page of the path from
intake to outcome, with errors shown, on a desktop and on a phone."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from hearings.models import DraftVersion
from hearings.services import consultations as services
from hearings.tests.consultations_builders import (
    approve_by_formandskab,
    drafted,
    make_consultation,
    today,
    upcoming_meeting,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.world("consultation")]


def test_consultation_pages_are_accessible(page, login, axe, world):
    late = make_consultation(world, title="Budgetkatalog 2020", received_on=today() - dt.timedelta(days=40),
                             deadline=today() - dt.timedelta(days=2))
    services.partner_add(consultation=late, partner=world.partner)
    c = make_consultation(world)
    drafted(world, c)
    services.draft_save(consultation=c, text=c.draft + "\n\nEt afsnit mere om boliger.", expected_version=1,
                        note="Boliger")
    services.comment_add(consultation=c, council=world.council, text="Godt udkast.", actor=world.user("Mads Lund"))
    upcoming_meeting(world)
    done = make_consultation(world, title="Sundhedspolitik 2018")
    drafted(world, done)
    approve_by_formandskab(world, done)
    services.consultation_send(consultation=done, actor=world.secretary)
    services.outcome_record(consultation=done, outcome="Førte til et ekstra mål.")
    version = DraftVersion.objects.get(consultation=c, number=2)

    login(page, world.secretary)
    base = f"/{world.council.slug}/intern/hoeringer/"
    for name, path in [("list", ""), ("create", "ny/"), ("detail", f"{c.pk}/"), ("draft", f"{c.pk}/udkast/"),
                       ("version", f"{c.pk}/udkast/versioner/{version.pk}/"), ("owners", f"{c.pk}/status/"),
                       ("partners", f"{c.pk}/partnere/"), ("send", f"{c.pk}/send/"), ("edit", f"{c.pk}/rediger/"),
                       ("sent", f"{done.pk}/"), ("joint", f"{late.pk}/")]:
        page.goto(base + path)
        axe(page, name=f"consultations-{name}")
    # Errors shown on the form are accessible too.
    page.goto(base + "ny/")
    page.get_by_role("button", name="Registrér høringen").click()
    expect(page.get_by_text("Skriv høringens titel.").first).to_be_visible()
    axe(page)
    # The chair sees the approval button.
    page.context.clear_cookies()
    login(page, world.user("Jytte Holm"))
    page.goto(base + f"{c.pk}/")
    page.get_by_role("button", name="Godkend version 2 af udkastet").click()
    expect(page.get_by_text("Din godkendelse af version 2 er registreret.")).to_be_visible()
    axe(page, name="consultations-approval")


def test_list_on_a_phone(phone_page, login, axe, world):
    make_consultation(world, title="Budgetkatalog 2020", received_on=today() - dt.timedelta(days=40),
                      deadline=today() - dt.timedelta(days=2))
    login(phone_page, world.secretary)
    phone_page.goto(f"/{world.council.slug}/intern/hoeringer/")
    expect(phone_page.get_by_text("Fristen er overskredet")).to_be_visible()
    axe(phone_page, name="consultations-list-phone")
