"""A citizen without a login stands for the council from the public call – on a phone."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CALL_TITLE = "Bliv medlem af Udsatterådet 2026–2029"


@pytest.fixture
def council(make_council):
    from councils.models import Municipality

    Municipality.objects.create(slug="kommune-albertslund", name="Albertslund")
    return make_council("albertslund", name="Udsatterådet i Albertslund")


def make_call(council, *, deadline):
    from councils import services
    from councils.models import Term

    return services.call_save(
        council=council, term=Term.objects.get(council=council), title=CALL_TITLE,
        text="Vi søger borgere, der vil være talerør for socialt udsatte.",
        deadline=deadline, selection_criteria="Erfaring som udsat vægtes højt.", published=True)


def test_citizen_stands_for_the_council_on_a_phone(phone_page, axe, council):
    from councils.models import Candidacy

    make_call(council, deadline=timezone.now() + dt.timedelta(days=14))
    page = phone_page
    page.goto("/")
    axe(page, name="citizen-01-forside-mobil")
    page.get_by_role("link", name="Udsatterådet i Albertslund").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Udsatterådet i Albertslund")
    axe(page, name="citizen-02-raadets-side-mobil")

    page.get_by_role("region", name="Bliv medlem af rådet").get_by_role("link", name=CALL_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CALL_TITLE)
    axe(page, name="citizen-03-opslag-mobil")

    # Only the seats a citizen can apply for: not the municipal board's.
    seats = page.get_by_label("Ønsket plads").locator("option")
    expect(seats).to_have_text(["---------", "Borgere med erfaring som socialt udsat", "Sagkyndige",
                                "Personligt udpeget med særlig indsigt"])
    page.get_by_label("Dit navn (eller kandidatens navn)").fill("Karin Kandidat")
    page.get_by_role("textbox", name="E-mail").fill("karin@example.org")
    page.get_by_role("radio", name="Medlem").check()
    motivation = page.get_by_label("Hvorfor vil du være med?")
    motivation.fill("Jeg har boet på gaden i to år. Mit CPR-nummer er 010190-1234.")
    page.get_by_label("Jeg har selv erfaring med at være socialt udsat").check()
    page.get_by_role("button", name="Send kandidatur").click()

    # Refused with the Danish CPR message; nothing typed is lost.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Der er fejl i formularen")
    expect(summary.get_by_role("link")).to_contain_text("CPR-nummer")
    expect(page.locator("#id_motivation_error")).to_contain_text(
        "Teksten ser ud til at indeholde et CPR-nummer")
    expect(motivation).to_have_value("Jeg har boet på gaden i to år. Mit CPR-nummer er 010190-1234.")
    expect(motivation).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Dit navn (eller kandidatens navn)")).to_have_value("Karin Kandidat")
    expect(page.get_by_role("textbox", name="E-mail")).to_have_value("karin@example.org")
    expect(page.get_by_role("radio", name="Medlem")).to_be_checked()
    expect(page.get_by_label("Jeg har selv erfaring med at være socialt udsat")).to_be_checked()
    assert Candidacy.objects.count() == 0
    axe(page, name="citizen-04-cpr-fejl-mobil")

    # Following the link in the summary lands on the field.
    summary.get_by_role("link").click()
    expect(motivation).to_be_focused()
    motivation.fill("Jeg har boet på gaden i to år og vil gerne hjælpe andre.")
    page.get_by_role("button", name="Send kandidatur").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tak for dit kandidatur")
    expect(page.get_by_text(f"Vi har modtaget dit kandidatur til “{CALL_TITLE}”.")).to_be_visible()
    axe(page, name="citizen-05-tak-mobil")
    candidacy = Candidacy.objects.get()
    assert (candidacy.name, candidacy.wish, candidacy.lived_experience) == ("Karin Kandidat", "member", True)


def test_after_the_deadline_the_form_is_gone(page, axe, council):
    call = make_call(council, deadline=timezone.now() - dt.timedelta(days=1))
    page.goto("/albertslund/")
    expect(page.get_by_role("region", name="Bliv medlem af rådet")).to_have_count(0)
    axe(page)

    # An old link from a poster or an e-mail still opens the call, but without the form.
    page.goto(f"/albertslund/opslag/{call.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(CALL_TITLE)
    expect(page.get_by_role("status")).to_contain_text("Fristen er overskredet")
    expect(page.get_by_role("button", name="Send kandidatur")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    axe(page, name="citizen-06-frist-overskredet")


def test_deadline_passes_while_the_citizen_types(page, axe, council):
    from councils.models import Candidacy, RecruitmentCall

    call = make_call(council, deadline=timezone.now() + dt.timedelta(hours=1))
    page.goto(f"/albertslund/opslag/{call.pk}/")
    page.get_by_label("Dit navn (eller kandidatens navn)").fill("Sen Svendsen")
    page.get_by_role("textbox", name="E-mail").fill("sen@example.org")
    page.get_by_label("Hvorfor vil du være med?").fill("Jeg vil gerne være med.")
    RecruitmentCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    page.get_by_role("button", name="Send kandidatur").click()

    expect(page.get_by_role("alert")).to_contain_text("Fristen for at stille op var")
    expect(page.get_by_role("button", name="Send kandidatur")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    # What the citizen wrote is given back to copy.
    expect(page.get_by_role("blockquote")).to_have_text("Jeg vil gerne være med.")
    assert Candidacy.objects.count() == 0
    axe(page, name="citizen-07-frist-overskredet-under-udfyldning")


def test_a_citizens_idea_too_long_then_too_often_keeps_the_text(phone_page, axe, council, settings):
    """Public free text has a maximum length and the form a rate limit: both refusals are Danish,
    readable on a phone, and the citizen's text is still in the form."""
    from activities.models import Idea

    settings.STEMME_RATE_LIMITS = {"public.idea": "1/h"}
    page = phone_page
    page.goto("/albertslund/ideer/")
    page.get_by_label("Hvad skal rådet arbejde med?").fill("Varme stuer om vinteren")
    long_text = "Mange fryser om natten, og der er for få pladser. " * 110  # 5,500 characters
    page.get_by_label("Fortæl gerne mere").fill(long_text)
    page.get_by_role("button", name="Send idéen").click()

    expect(page.get_by_role("alert")).to_contain_text("Teksten er for lang: højst 5000 tegn")
    expect(page.get_by_label("Fortæl gerne mere")).to_have_value(long_text)
    axe(page, name="citizen-08-ide-for-lang-mobil")

    page.get_by_label("Fortæl gerne mere").fill("Mange fryser om natten.")
    page.get_by_role("button", name="Send idéen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tak")

    page.goto("/albertslund/ideer/")
    page.get_by_label("Hvad skal rådet arbejde med?").fill("Flere bænke i byen")
    page.get_by_role("button", name="Send idéen").click()

    expect(page.get_by_role("alert")).to_contain_text("Der er sendt mange henvendelser herfra på kort tid")
    expect(page.get_by_label("Hvad skal rådet arbejde med?")).to_have_value("Flere bænke i byen")
    axe(page, name="citizen-09-ide-for-mange-mobil")
    assert list(Idea.objects.values_list("title", flat=True)) == ["Varme stuer om vinteren"]
