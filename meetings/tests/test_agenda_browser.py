"""The agenda builder in Chromium: swap items 3 and 4 with the keyboard (htmx keeps focus on
the moved item's button), and axe-core finds nothing on the agenda pages."""

import pytest
from playwright.sync_api import expect

from meetings.services import agenda as services
from meetings.tests.agenda_builders import at, own_items, pdf_bytes, upload

pytestmark = pytest.mark.browser


@pytest.fixture
def agenda(april, council, people, media_root):
    items = own_items(april)
    services.attachment_add(item=items[1], file=upload("aarsberetning.pdf", pdf_bytes()))
    services.item_update(item=items[3], closed=True, responsible=people["Jette"])
    services.standard_items_create(meeting=april)
    services.item_propose(council=council, meeting=april, proposed_by=people["Søren"], title="Tandlægebesøg",
                          case_text="Mange kender ikke støtten.", now=at("2026-03-20"))
    return items


def test_swap_items_3_and_4_with_the_keyboard(page, login, axe, april, agenda, secretary):
    login(page, secretary)
    page.goto(f"/{april.council.slug}/intern/moeder/{april.pk}/dagsorden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Byg dagsorden")
    axe(page, name="agenda-01-builder")
    button = page.get_by_role("button", name="Flyt op: punkt 4, Mødet med Social- og Sundhedsudvalget")
    button.focus()
    page.keyboard.press("Enter")
    moved = page.get_by_role("button", name="Flyt op: punkt 3, Mødet med Social- og Sundhedsudvalget")
    expect(moved).to_be_focused()
    expect(page.locator("#agenda-move-status")).to_have_text(
        "“Mødet med Social- og Sundhedsudvalget” er flyttet til nummer 3.")
    titles = page.locator("[data-testid=agenda-item] h3").all_inner_texts()
    assert titles[2:4] == ["3. Mødet med Social- og Sundhedsudvalget", "4. Udkast til årsberetning"]
    # Pressing again moves it on and focus stays on the same item's button.
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Flyt op: punkt 2, Mødet med Social- og Sundhedsudvalget")).to_be_focused()
    axe(page)


def test_agenda_pages_have_no_axe_violations(page, login, axe, april, agenda, secretary, people):
    login(page, secretary)
    base = f"/{april.council.slug}/intern/moeder/{april.pk}/dagsorden/"
    page.goto(base + f"punkter/{agenda[1].pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ret punkt")
    axe(page, name="agenda-02-item-edit")
    page.goto(base + "punkter/nyt/")
    page.get_by_role("button", name="Gem punkt").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    axe(page, name="agenda-03-item-error")
    page.goto(base + "udsend/")
    axe(page, name="agenda-04-publish-blocked")
    from meetings.models import AgendaItem

    services.proposal_accept(item=AgendaItem.objects.get(title="Tandlægebesøg"))
    page.goto(base + "udsend/")
    expect(page.get_by_test_id("invitees")).to_contain_text("Jette Holm")
    axe(page, name="agenda-04-publish")
    page.goto(base + "laes/")
    axe(page, name="agenda-05-read")


def test_member_proposal_page_has_no_axe_violations(page, login, axe, council, people):
    import datetime as dt

    from django.utils import timezone

    from meetings.tests.agenda_builders import make_meeting

    meeting = make_meeting(council, timezone.localdate() + dt.timedelta(days=30))
    login(page, people["Søren"].user)
    page.goto(f"/{council.slug}/intern/moeder/{meeting.pk}/dagsorden/foreslaa/")
    expect(page.get_by_test_id("deadline")).to_contain_text("Frist for forslag")
    axe(page, name="agenda-06-propose")
    page.get_by_label("Hvad skal rådet tale om?").fill("Tandlægebesøg")
    page.get_by_label("Beskriv punktet").fill("Mange kender ikke støtten.")
    page.get_by_role("button", name="Send forslaget").click()
    expect(page.get_by_test_id("my-proposals")).to_contain_text("Tandlægebesøg")
    axe(page, name="agenda-07-proposed")
