"""A citizen follows the council by e-mail on a phone: from the council's page to "Abonnér", signs
up, confirms through the link in the mail, gets a digest when minutes are published and
unsubscribes from its link. Every page passes axe, and the Abonnér, confirm and unsubscribe pages
reflow at 200 % zoom on a 390 px phone."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications import services
from notifications.models import CitizenSubscription, OutboxMessage
from public import alerts
from public.tests.feeds_builders import minutes_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def path_in(message: OutboxMessage, part: str) -> str:
    """The link's path: absolute in a mail written in a request, after the site's placeholder in
    one written by the alert job (core.links.message_url)."""
    return re.search(rf"(?:https?://[^/\s]+|{{stemme-site}})(/nordby/abonner/{part}/[^/\s]+/)", message.body).group(1)


def test_citizen_subscribes_confirms_and_unsubscribes_on_a_phone(phone_page, axe, reflow, council):
    page = phone_page

    page.goto("/nordby/")
    page.get_by_role("link", name="Abonnér: få nyt fra rådet på mail, i din kalender eller som RSS").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Få nyt fra rådet")
    expect(page.get_by_label("Rådets møder som kalender")).to_have_value(re.compile(r"/nordby/moeder\.ics$"))
    axe(page, name="subscribe-01-abonner-mobil")
    reflow("/nordby/abonner/", name="subscribe-01-abonner-zoom")

    page.get_by_label("Din e-mailadresse").fill("borger@example.org")
    for topic in ("Høringssvar", "Årsberetninger", "Arrangementer"):
        page.get_by_role("checkbox", name=topic).uncheck()
    page.get_by_role("button", name="Tilmeld mig").click()
    expect(page.get_by_test_id("subscribe-sent")).to_contain_text("Vi har sendt dig en mail med et link")
    axe(page, name="subscribe-02-se-din-mail")

    confirm = path_in(OutboxMessage.objects.get(kind=services.CONFIRM_KIND), "bekraeft")
    page.goto(confirm)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft din tilmelding")
    axe(page, name="subscribe-03-bekraeft")
    reflow(confirm, name="subscribe-03-bekraeft-zoom")
    page.get_by_role("button", name="Ja, send mig nyheder").click()
    expect(page.get_by_test_id("subscribe-confirmed")).to_contain_text("lægger nyt ud om: referater.")
    axe(page, name="subscribe-04-tilmeldt")

    minutes_meeting(council, title="Marts-mødet", day=timezone.localdate(),
                    published_at=timezone.now() + dt.timedelta(seconds=1))
    assert alerts.alerts_send(now=timezone.now() + dt.timedelta(minutes=1)) == 1
    digest = OutboxMessage.objects.get(kind=services.ALERT_KIND)
    assert "Marts-mødet" in digest.body

    unsubscribe = path_in(digest, "afmeld")
    page.goto(unsubscribe)
    expect(page.get_by_role("heading", level=1)).to_have_text("Afmeld nyheder")
    axe(page, name="subscribe-05-afmeld")
    reflow(unsubscribe, name="subscribe-05-afmeld-zoom")
    page.get_by_role("button", name="Ja, afmeld mig").click()
    expect(page.get_by_test_id("unsubscribed")).to_contain_text("Du får ikke flere mails med nyheder")
    axe(page, name="subscribe-06-afmeldt")
    assert not CitizenSubscription.objects.exists()
