"""Tenancy seen from the browser: a person of council A gets "Ingen adgang" in council B's
internal pages, and A's pages with B's object ids say "Siden findes ikke"."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def two_councils(make_user, make_council, add_member):
    from councils import services
    from councils.models import Term

    secretary_a = make_user("sekretariat@a.dk", name="Sekretær A")
    member_a = make_user("medlem@a.dk", name="Medlem A")
    council_a = make_council("raad-a", name="Udsatterådet A", secretary=secretary_a)
    council_b = make_council("raad-b", name="Udsatterådet B", secretary=make_user("sekretariat@b.dk"))
    add_member(council_a, "Medlem A", user=member_a)
    person_b = add_member(council_b, "Berit B").person
    call_b = services.call_save(council=council_b, term=Term.objects.get(council=council_b), title="Opslag B",
                                text="Tekst", deadline=timezone.now() + dt.timedelta(days=5), published=True)
    return dict(secretary_a=secretary_a, member_a=member_a, person_b=person_b, call_b=call_b)


def expect_no_access(page, axe, url, *, shot=None):
    response = page.goto(url)
    assert response.status == 403, url
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen adgang")
    axe(page, name=shot)


def expect_not_found(page, axe, url, *, shot=None):
    response = page.goto(url)
    assert response.status == 404, url
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
    axe(page, name=shot)


def fetch(page, url):
    """The same request with the person's session, without rendering a page (fast)."""
    response = page.request.get(url, max_redirects=0)
    return response.status, response.text()


def test_secretariat_of_a_cannot_reach_b(page, axe, login, two_councils):
    login(page, two_councils["secretary_a"])
    expect(page.get_by_role("main").get_by_role("heading", level=2)).to_have_text(["Udsatterådet A"])
    axe(page)
    page.get_by_role("link", name="Udsatterådet A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbejdsrum")
    axe(page, name="tenancy-01-arbejdsrum")

    # Pasting an address from council B: "Ingen adgang", on every internal page.
    expect_no_access(page, axe, "/raad-b/intern/", shot="tenancy-02-ingen-adgang")
    for path in ("medlemmer/", "sammensaetning/", "regler/", "rekruttering/", "kontaktliste/",
                 "medlemmer/ny/"):
        status, html = fetch(page, f"/raad-b/intern/{path}")
        assert status == 403 and "<h1>Ingen adgang</h1>" in html, path

    # Council A's pages with council B's ids: "Siden findes ikke".
    person_b, call_b = two_councils["person_b"], two_councils["call_b"]
    expect_not_found(page, axe, f"/raad-a/intern/personer/{person_b.pk}/", shot="tenancy-03-findes-ikke")
    for url in (f"/raad-a/intern/rekruttering/{call_b.pk}/", f"/raad-a/intern/rekruttering/{call_b.pk}/ret/",
                f"/raad-a/opslag/{call_b.pk}/"):
        status, html = fetch(page, url)
        assert status == 404 and "<h1>Siden findes ikke</h1>" in html, url
    page.get_by_role("link", name="Til forsiden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokale råd, der giver borgerne en stemme")
    axe(page)


def test_member_of_a_cannot_reach_b_nor_a_secretariat_pages(phone_page, axe, login, two_councils):
    """A member, on a phone as many are."""
    page = phone_page
    login(page, two_councils["member_a"])  # a member of one council lands on its start page
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbejdsrum")
    axe(page, name="tenancy-04-medlem-arbejdsrum-mobil")
    page.get_by_role("button", name="Menu").click()  # on a phone the council's pages are in the menu
    page.get_by_role("navigation", name="Rådets sider").get_by_role("link", name="Kontaktliste").click()
    expect(page.get_by_test_id("directory")).to_contain_text("Medlem A")
    axe(page, name="tenancy-05-kontaktliste-mobil")

    expect_no_access(page, axe, "/raad-b/intern/")
    # Neither B's pages nor A's secretariat pages.
    for url in ("/raad-b/intern/kontaktliste/", "/raad-a/intern/medlemmer/", "/raad-a/intern/sammensaetning/",
                "/raad-a/intern/rekruttering/"):
        status, html = fetch(page, url)
        assert status == 403 and "<h1>Ingen adgang</h1>" in html, url
    expect_no_access(page, axe, "/raad-a/intern/medlemmer/", shot="tenancy-06-ingen-adgang-mobil")
    page.get_by_role("link", name="Gå til dine råd").click()  # /konto/: a member of one council lands on it
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbejdsrum")
    assert page.url.endswith("/raad-a/intern/")
    axe(page)
