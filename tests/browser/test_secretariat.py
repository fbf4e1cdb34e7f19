"""The secretariat's day: create a council from a preset, fill its seats, fix what the
composition check warns about, look back in time, change the rules and open recruitment."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def secretary(make_user):
    from councils.models import Municipality

    user = make_user("sekretariat@albertslund.dk", name="Sara Sekretær")
    municipality = Municipality.objects.create(name="Albertslund", slug="albertslund-kommune")
    municipality.staff.add(user)
    return user


def log_in(page, axe, user):
    page.goto("/")
    page.get_by_role("link", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Adgangskode").fill("korrekt-hest-batteri")
    page.get_by_role("main").get_by_role("button", name="Log ind", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine råd")
    axe(page, name="secretariat-01-mine-raad")


def add_person(page, axe, *, name, email, seat=None, lived=False, shot=None):
    """On "Tilføj medlem eller suppleant": fill the person and the seat, submit."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilføj medlem eller suppleant")
    axe(page, name=shot)
    page.get_by_label("Navn", exact=True).fill(name)
    page.get_by_role("textbox", name="E-mail").fill(email)
    if lived:
        page.get_by_label("Erfaring som socialt udsat").check()
    if seat:
        page.get_by_label("Pladskategori").select_option(label=seat)
    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.get_by_role("status").filter(has_text=f"{name} er tilføjet")).to_be_visible()


def test_secretariat_sets_up_a_council_and_resolves_warnings(page, axe, secretary):
    log_in(page, axe, secretary)

    # Create a council from the Albertslund 2018 preset.
    page.get_by_role("link", name="Opret et råd").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opret et råd")
    axe(page, name="secretariat-02-opret-raad")
    page.get_by_label("Kommune", exact=True).select_option(label="Albertslund")
    page.get_by_role("radio", name=re.compile(r"^Albertslund 2018")).check()
    page.get_by_label("Rådets navn").fill("Udsatterådet i Albertslund")
    page.get_by_label("Adresse").fill("albertslund")
    page.get_by_role("button", name="Opret rådet").click()

    # Lands on the composition page with warnings for an empty council.
    expect(page.get_by_role("heading", level=1)).to_have_text("Rådets sammensætning")
    warnings = page.get_by_test_id("composition-warnings")
    expect(warnings.locator('[data-code="vacant"]')).to_have_count(4)
    expect(warnings.locator('[data-code="too_few"]')).to_contain_text("Rådet har 0 medlemmer, men skal have mindst 10")
    axe(page, name="secretariat-03-sammensaetning-tom")

    # A politician first: nobody with lived experience, nobody with a substitute.
    page.get_by_role("link", name="Tilføj medlem eller suppleant").click()
    add_person(page, axe, name="Peter Politiker", email="peter@albertslund.dk",
               seat="Medlemmer af kommunalbestyrelsen", shot="secretariat-04-tilfoej-medlem")
    expect(warnings.locator('[data-code="lived_experience"]')).to_contain_text("Kun 0 af 1 medlem")
    expect(warnings.locator('[data-code="no_substitute"]')).to_contain_text("1 medlem har ingen personlig suppleant")
    axe(page, name="secretariat-05-advarsler")

    # A personal substitute through the "tilføj suppleant" link resolves the missing substitute.
    without = page.get_by_test_id("without-substitute")
    without.get_by_role("link", name="tilføj suppleant for Peter Politiker").click()
    expect(page.get_by_role("radio", name="Suppleant")).to_be_checked()
    expect(page.get_by_label("Personlig suppleant for")).to_have_value(re.compile(r"\d+"))
    add_person(page, axe, name="Susanne Suppleant", email="susanne@example.org",
               shot="secretariat-06-tilfoej-suppleant")
    expect(warnings.locator('[data-code="no_substitute"]')).to_have_count(0)
    expect(page.get_by_test_id("without-substitute")).to_have_count(0)
    expect(warnings.locator('[data-code="lived_experience"]')).to_be_visible()
    axe(page, name="secretariat-07-suppleant-tilfoejet")

    # A member with lived experience resolves the lived-experience share (1 of 2 = 50 %);
    # she has no substitute yet, and the page says so.
    page.get_by_role("link", name="Tilføj medlem eller suppleant").click()
    add_person(page, axe, name="Lise Larsen", email="lise@example.org", lived=True,
               seat="Borgere med erfaring som socialt udsat")
    expect(warnings.locator('[data-code="lived_experience"]')).to_have_count(0)
    expect(page.get_by_test_id("without-substitute").get_by_role("listitem")).to_have_text(
        ["Lise Larsen – tilføj suppleant for Lise Larsen"])
    expect(page.get_by_role("listitem").filter(has_text="suppleant").locator("strong")).to_have_text("1")
    axe(page, name="secretariat-08-erfaring-ok")

    # The roster today, and on a past date before anyone joined.
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Medlemsliste").click()
    expect(page.get_by_test_id("roster-summary")).to_contain_text("havde rådet 2 medlemmer og 1 suppleant.")
    expect(page.get_by_role("table", name="Medlemmer")).to_contain_text("Susanne Suppleant")
    axe(page, name="secretariat-09-medlemsliste")
    page.get_by_label("Per dato").fill("2026-01-15")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_test_id("roster-summary")).to_have_text(
        "Per 15. januar 2026 havde rådet 0 medlemmer og 0 suppleanter.")
    axe(page, name="secretariat-10-medlemsliste-dato")
    # Another day's roster is history: it offers no actions, only the way back to today.
    expect(page.get_by_test_id("roster-history")).to_contain_text("Du ser rådet, som det var sammensat")
    expect(page.get_by_role("link", name=re.compile("Registrér udtræden"))).to_have_count(0)
    page.get_by_role("link", name="Vis medlemslisten i dag").click()

    # Peter leaves today; his personal substitute moves up and takes the seat from tomorrow.
    page.get_by_role("link", name="Registrér udtræden Peter Politiker").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peter Politiker træder ud")
    page.get_by_label("Suppleanten rykker op som medlem på pladsen").check()
    axe(page, name="secretariat-10b-udtraeden-med-suppleant")
    page.get_by_role("button", name="Registrér udtræden").click()
    expect(page.get_by_role("status")).to_contain_text("Udtrædelsen er registreret")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page.goto(f"/albertslund/intern/medlemmer/?dato={tomorrow.isoformat()}")
    expect(page.get_by_test_id("roster-summary")).to_contain_text("havde rådet 2 medlemmer og 0 suppleanter.")
    expect(page.get_by_role("table", name="Medlemmer")).to_contain_text("Susanne Suppleant")

    # The rules, and a new version of the rules of procedure.
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Regler").click()
    rules = page.get_by_test_id("rules")
    expect(rules).to_contain_text("Møder pr. år4")
    expect(page.get_by_text("Forretningsorden version 1")).to_be_visible()
    axe(page, name="secretariat-11-regler")
    page.get_by_role("link", name="Ret forretningsorden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ret forretningsorden")
    axe(page, name="secretariat-12-ret-regler")
    page.get_by_label("Møder pr. år").fill("6")
    page.get_by_role("button", name="Gem ny version").click()
    expect(page.get_by_role("status")).to_contain_text("En ny version af forretningsordenen er gemt")
    expect(rules).to_contain_text("Møder pr. år6")
    expect(page.get_by_text("Forretningsorden version 2")).to_be_visible()
    axe(page)

    # Recruitment: a new public call, listed afterwards.
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Rekruttering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rekruttering")
    axe(page, name="secretariat-13-rekruttering")
    page.get_by_role("link", name="Nyt opslag").click()
    axe(page, name="secretariat-14-nyt-opslag")
    deadline = timezone.localtime() + dt.timedelta(days=30)
    page.get_by_label("Overskrift").fill("Bliv medlem af Udsatterådet 2026–2029")
    page.get_by_label("Tekst").fill("Vi søger borgere, der vil være talerør for socialt udsatte.")
    page.get_by_label("Frist").fill(deadline.strftime("%Y-%m-%dT12:00"))
    page.get_by_label("Udvælgelseskriterier").fill("Erfaring som udsat vægtes højt.")
    page.get_by_label("Offentliggjort").check()
    page.get_by_role("button", name="Gem opslag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bliv medlem af Udsatterådet 2026–2029")
    expect(page.get_by_role("link", name="Se det offentlige opslag")).to_be_visible()
    axe(page, name="secretariat-15-opslag")
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Rekruttering").click()
    expect(page.get_by_role("table", name="Opslag")).to_contain_text("Bliv medlem af Udsatterådet 2026–2029")
    axe(page)


def test_secretariat_pages_on_a_phone(phone_page, axe, login, make_user, make_council, add_member):
    """The nav is in the menu, tables scroll inside their box, nothing is cut off on a small screen."""
    from councils.models import Municipality

    Municipality.objects.create(slug="kommune-ishoej", name="Ishøj")
    user = make_user("sekretariat@ishoej.dk", name="Ida Sekretær")
    council = make_council("ishoej", preset="ishoej2015", name="Udsatterådet i Ishøj", secretary=user)
    pia = add_member(council, "Pia Politiker", seat="Politisk niveau", email="pia@ishoej.dk")
    add_member(council, "Bent Bruger", seat="Brugere", lived=True, email="bent@example.org")
    add_member(council, "Sofie Suppleant", role="substitute", substitute_for=pia, email="sofie@example.org")
    page = phone_page
    login(page, user)
    page.get_by_role("link", name="Udsatterådet i Ishøj").click()
    axe(page, name="secretariat-20-arbejdsrum-mobil")

    nav = page.get_by_role("navigation", name="Rådets sider")
    expect(nav).to_be_hidden()  # folded into DKFDS' menu on a phone: the page's content comes first
    page.get_by_role("button", name="Menu").click()
    for link in nav.get_by_role("link").all():  # every item of the menu can be reached
        link.scroll_into_view_if_needed()
        expect(link).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    nav.get_by_role("link", name="Sammensætning").click()
    expect(page.get_by_test_id("composition-warnings")).to_contain_text("mangler")
    axe(page, name="secretariat-21-sammensaetning-mobil")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Menu").click()
    nav.get_by_role("link", name="Medlemsliste").click()
    expect(page.get_by_test_id("roster-summary")).to_contain_text("2 medlemmer og 1 suppleant.")
    axe(page, name="secretariat-22-medlemsliste-mobil")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_ishoej_rules_lived_experience_and_seats_that_give_no_per_diem(page, axe, login, make_user, make_council,
                                                                        add_member):
    """Ishøj's preset: 2 of 10 with lived experience warns against the national recommendation and
    shows the council's own lower minimum with its reason; the employees' seats give no per diem and
    cannot be applied for, and the seat form says so."""
    from councils.models import Municipality, SeatCategory

    Municipality.objects.create(slug="kommune-ishoej", name="Ishøj")
    user = make_user("sekretariat@ishoej.dk", name="Ida Sekretær")
    council = make_council("ishoej", preset="ishoej2015", name="Udsatterådet i Ishøj", secretary=user)
    n = 0
    for category in SeatCategory.objects.filter(council=council).order_by("position"):
        for _ in range(category.min_seats):
            n += 1
            add_member(council, f"Medlem {n} Jensen", seat=category.name, lived=category.lived_experience,
                       email=f"medlem{n}@example.org")
    login(page, user)
    page.goto("/ishoej/intern/")
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Sammensætning").click()
    warnings = page.get_by_test_id("composition-warnings")
    expect(warnings.locator('[data-code="lived_experience"]')).to_have_text(
        "Kun 2 af 10 medlemmer (20 %) har erfaring som socialt udsat. Den nationale anbefaling er mindst en "
        "tredjedel.")
    lived = page.get_by_test_id("lived-experience")
    expect(lived.get_by_test_id("national-recommendation")).to_contain_text("Mindst en tredjedel")
    expect(lived.get_by_test_id("own-minimum")).to_have_text("20 % af medlemmerne – lavere end den nationale "
                                                             "anbefaling")
    expect(lived.get_by_test_id("own-minimum-reason")).to_contain_text("Rammerne fra 2015")
    axe(page, name="secretariat-30-sammensaetning-ishoej")

    # The seats: who gets per diem and who can apply, and the form for one seat.
    page.goto("/ishoej/intern/")
    page.get_by_role("link", name="Valgperioder og pladser").click()
    staff_row = page.get_by_role("row").filter(has_text="Medarbejdere")
    expect(staff_row.get_by_role("cell").nth(4)).to_have_text("Nej")  # per diem
    expect(staff_row.get_by_role("cell").nth(5)).to_have_text("Nej")  # can be applied for
    axe(page, name="secretariat-31-pladser-ishoej")
    staff_row.get_by_role("link", name="Ret Medarbejdere").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ret pladskategori")
    per_diem = page.get_by_label("Giver ret til diæter")
    expect(per_diem).not_to_be_checked()
    expect(page.get_by_label("Kan søges i offentlige opslag")).not_to_be_checked()
    expect(page.get_by_text("Nej for kommunens medarbejdere, der deltager i deres arbejdstid.")).to_be_visible()
    axe(page, name="secretariat-32-plads-diaeter")
    per_diem.check()  # the council decides that meetings after hours give the employees per diem too
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status").filter(has_text="Pladskategorien er gemt")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Medarbejdere").get_by_role("cell").nth(4)).to_have_text("Ja")
