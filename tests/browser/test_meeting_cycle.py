"""The meeting cycle as the people do it (first part): the secretariat plans a meeting and
builds its agenda, a member proposes an item which is accepted, the agenda is sent through
the outbox to a real SMTP server, and a member sends afbud from the link in the e-mail –
after which the personal substitute's invitation arrives."""

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications.tests.smtp import smtp_server  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def cycle(make_user, make_council, add_member):
    from councils import services

    secretary = make_user("sek@ex.org", name="Sara Sekretær")
    member_user = make_user("maja@ex.org", name="Maja Medlem")
    council = make_council("cyklus", preset="ishoej2015", secretary=secretary, name="Udsatterådet i Cyklus")
    services.rules_update(council=council, updated_by=secretary, valid_from=dt.date(2026, 1, 1),
                          substitute_attendance="when_needed", substitute_mode="personal")
    maja = add_member(council, "Maja Medlem", user=member_user, email="maja@ex.org")
    add_member(council, "Bent Bach", email="bent@ex.org")
    add_member(council, "Carla Dam", email="carla@ex.org")
    add_member(council, "Sofus Suppleant", role="substitute", substitute_for=maja, email="sofus@ex.org")
    return {"secretary": secretary, "member": member_user, "council": council}


def _text(message) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part else ""


def test_plan_agenda_proposal_publish_and_afbud(page, browser, live_server, login, axe, cycle, smtp_server):  # noqa: F811
    from notifications.services import outbox_send_pending

    slug = cycle["council"].slug
    day = timezone.localdate() + dt.timedelta(days=30)

    # The secretariat creates the meeting in the plan.
    login(page, cycle["secretary"])
    page.goto(f"/{slug}/intern/moeder/")
    axe(page, name="cycle-01-plan")
    page.get_by_role("link", name="Nyt møde").click()
    axe(page, name="cycle-02-new-meeting")
    page.get_by_label("Dato").fill(day.isoformat())
    page.get_by_label("Starter kl.").fill("16:00")
    page.get_by_label("Slutter kl.").fill("18:00")
    page.get_by_label("Sted").fill("Rådhuset, mødelokale 3")
    page.get_by_role("button", name=re.compile("Opret|Gem")).last.click()
    axe(page, name="cycle-03-meeting")

    # Agenda: standard items and the council's own items, one of them closed.
    page.get_by_role("link", name="Dagsorden", exact=True).first.click()
    page.get_by_role("button", name="Tilføj standardpunkter").click()
    axe(page, name="cycle-04-agenda")
    for title, closed in (("Fokus på det sociale frikort", False),
                          ("Udkast til årsberetning", False),
                          ("Mødet med Social- og Sundhedsudvalget", False),
                          ("Henvendelse om en enkelt borger", True)):
        page.get_by_role("link", name="Tilføj punkt").first.click()
        page.get_by_label("Overskrift", exact=True).fill(title)
        if closed:
            page.get_by_label("Lukket punkt").check()
        page.get_by_role("button", name="Gem punkt").click()
    axe(page, name="cycle-05-agenda-items")
    from meetings.models import Meeting

    meeting = Meeting.objects.get(council=cycle["council"])
    agenda_url = f"/{slug}/intern/moeder/{meeting.pk}/dagsorden/"

    # A member proposes an item before the deadline.
    member_page = browser.new_context(base_url=live_server.url, locale="da-DK").new_page()
    login(member_page, cycle["member"])
    member_page.goto(agenda_url + "foreslaa/")
    axe(member_page, name="cycle-06-propose")
    member_page.get_by_label("Hvad skal rådet tale om?").fill("Tandlægebesøg for udsatte")
    member_page.get_by_label("Beskriv punktet").fill("Mange kender ikke muligheden for støtte.")
    member_page.get_by_role("button", name="Send forslaget").click()
    axe(member_page, name="cycle-07-proposed")

    # The secretariat accepts it and publishes the agenda (with a confirmation step).
    page.goto(agenda_url)
    page.get_by_role("button", name="Sæt på dagsordenen").first.click()
    axe(page, name="cycle-08-accepted")
    page.get_by_role("link", name="Udsend dagsorden").first.click()
    axe(page, name="cycle-09-publish-confirm")
    page.get_by_role("button", name="Udsend dagsorden og indkaldelser").click()
    axe(page, name="cycle-10-published")

    counts = outbox_send_pending()
    assert counts.get("sent", 0) >= 3, counts
    mail = smtp_server.wait_for(3)
    maja_mail = next(m for m in mail if "maja@ex.org" in m.get("To", ""))
    assert not [m for m in smtp_server.messages() if "sofus@ex.org" in m.get("To", "")]
    link = re.search(r"https?://\S+/afbud/\S+", _text(maja_mail)).group(0)

    # Afbud from the link, without logging in.
    anon = browser.new_context(base_url=live_server.url, locale="da-DK").new_page()
    anon.goto(urlparse(link).path)
    axe(anon, name="cycle-11-afbud")
    anon.get_by_role("button", name=re.compile("Send afbud|Meld afbud")).click()
    expect(anon.get_by_role("heading", level=1)).to_contain_text("afbud")
    axe(anon, name="cycle-12-afbud-done")

    outbox_send_pending()
    sofus = smtp_server.wait_for(4)
    assert any("sofus@ex.org" in m.get("To", "") for m in sofus)
