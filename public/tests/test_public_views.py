"""The public site: no login, only what is public by the council's rules and each person's
consent, never lived-experience status; recruitment with a deadline; health check, sitemap,
accessibility statement and language switch."""

import datetime as dt
import json
import re
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from core.formats import long_datetime
from core.validators import CPR_MESSAGE
from councils import services
from councils.models import Candidacy, Council, Term

LIVED_SEAT = "Borgere med erfaring som socialt udsat"  # albertslund2018: lived_experience=True


@pytest.fixture
def council(make_council):
    return make_council("nordby", name="Udsatterådet Nordby")


@pytest.fixture
def other_council(make_council):
    return make_council("sydby", name="Udsatterådet Sydby", preset="odense333")


def make_call(council, *, deadline=None, published=True, title="Bliv medlem af Udsatterådet"):
    term = Term.objects.get(council=council)
    return services.call_save(council=council, term=term, title=title, text="Vi søger nye medlemmer.",
                              deadline=deadline or timezone.now() + dt.timedelta(days=14), published=published)


def text(response) -> str:
    return response.content.decode()


def footer(response) -> str:
    body = text(response)
    return body[body.index("<footer"):]


# --- Landing and members ---------------------------------------------------------------------

def test_landing_lists_active_councils_only(client, council, other_council, make_council):
    closed = make_council("lukket", name="Udsatterådet Lukket")
    closed.is_active = False
    closed.save(update_fields=["is_active"])

    response = client.get("/")

    assert response.status_code == 200
    body = text(response)
    assert 'href="/nordby/">Udsatterådet Nordby</a>' in body
    assert 'href="/sydby/">Udsatterådet Sydby</a>' in body
    assert "Udsatterådet Lukket" not in body
    assert "· Udsatteråd</p>" in body  # the kind of council


def test_landing_without_councils_says_so(client, db):
    assert "Der er ingen råd endnu." in text(client.get("/"))


@pytest.fixture
def populated(council, add_member):
    """Members in every kind of seat, some with consent to publication, some without."""
    lived = add_member(council, "Lone Levet", seat=LIVED_SEAT, lived=True, publish=True)
    add_member(council, "Lars Levet", seat=LIVED_SEAT, publish=True)  # lived experience only via the seat
    expert = add_member(council, "Erik Ekspert", seat="Sagkyndige", publish=True, public_title="Socialrådgiver")
    add_member(council, "Hanne Hemmelig", seat="Sagkyndige", publish=False)
    add_member(council, "Sofie Suppleant", role="substitute", substitute_for=lived, publish=True, lived=True)
    add_member(council, "Sune Skjult", role="substitute", substitute_for=expert, publish=False)
    services.position_assign(council=council, person=lived.person, kind="chair", start=dt.date(2026, 3, 1))
    return council


def test_public_members_shows_only_consenting_people(client, populated):
    response = client.get("/nordby/medlemmer/")

    assert response.status_code == 200
    body = text(response)
    for name in ("Lone Levet", "Lars Levet", "Erik Ekspert", "Sofie Suppleant"):
        assert name in body
    for name in ("Hanne Hemmelig", "Sune Skjult"):
        assert name not in body
    assert "Socialrådgiver" in body
    # The chair comes first, with the post.
    names = re.findall(r'<h2 class="h4">([^<]+)</h2>', body)
    assert names[0] == "Lone Levet"
    assert "<strong>Formand</strong>" in body


def test_public_members_never_reveals_lived_experience(client, populated):
    body = text(client.get("/nordby/medlemmer/"))
    main = body[body.index("<main"):body.index("</main>")]

    assert LIVED_SEAT not in body
    for category in ("Sagkyndige", "Medlemmer af kommunalbestyrelsen", "Personligt udpeget"):
        assert category not in main  # no seat category at all: it could tell who sits on a lived seat
    assert "erfaring som" not in body.lower()
    assert "udsat" not in main.lower()


def test_public_members_hides_people_whose_membership_ended(client, populated):
    from councils.models import Membership

    expert = Membership.objects.get(person__name="Erik Ekspert")
    services.membership_end(membership=expert, end=timezone.localdate() - dt.timedelta(days=1), reason="withdrew")

    body = text(client.get("/nordby/medlemmer/"))

    assert "Erik Ekspert" not in body
    assert "Lone Levet" in body


def test_council_home_shows_open_calls_only(client, council):
    make_call(council, title="Opslag der er åbent")
    make_call(council, title="Opslag der er lukket", deadline=timezone.now() - dt.timedelta(days=1))
    make_call(council, title="Opslag der er kladde", published=False)

    body = text(client.get("/nordby/"))

    assert "Opslag der er åbent" in body
    assert "Opslag der er lukket" not in body
    assert "Opslag der er kladde" not in body


# --- Recruitment -------------------------------------------------------------------------------

CANDIDACY = {"kind": "citizen", "name": "Frida Frivillig", "organisation_name": "", "email": "frida@example.org",
             "phone": "", "address": "", "preferred_channel": "email", "wish": "either", "seat_category": "",
             "motivation": "Jeg har selv boet på gaden og vil gerne hjælpe andre.", "publish_name": "on"}


def test_candidacy_before_deadline_is_saved_and_thanked(client, council):
    call = make_call(council)

    page = client.get(f"/nordby/opslag/{call.pk}/")
    assert "Send kandidatur" in text(page)

    response = client.post(f"/nordby/opslag/{call.pk}/", {**CANDIDACY, "lived_experience": "on"})

    assert response.status_code == 302
    assert response["Location"] == f"/nordby/opslag/{call.pk}/tak/"
    candidacy = Candidacy.objects.get(call=call)
    assert (candidacy.council, candidacy.name, candidacy.email, candidacy.status) == (
        council, "Frida Frivillig", "frida@example.org", "received")
    assert candidacy.lived_experience is True
    assert candidacy.publish_name is True
    thanks = client.get(response["Location"])
    assert "Tak for dit kandidatur" in text(thanks)
    assert "Tak! Dit kandidatur er modtaget." in text(thanks)


def test_candidacy_after_deadline_is_refused_with_the_deadline(client, council):
    deadline = timezone.now() - dt.timedelta(hours=2)
    call = make_call(council, deadline=deadline)

    page = client.get(f"/nordby/opslag/{call.pk}/")
    assert "Fristen er overskredet, så der kan ikke længere stilles op via siden." in text(page)
    assert "Send kandidatur" not in text(page)

    response = client.post(f"/nordby/opslag/{call.pk}/", CANDIDACY)

    assert response.status_code == 400
    assert f"Fristen for at stille op var {long_datetime(call.deadline)}." in text(response)
    assert not Candidacy.objects.exists()


def test_candidacy_with_cpr_keeps_the_other_values(client, council):
    call = make_call(council)

    response = client.post(f"/nordby/opslag/{call.pk}/",
                           {**CANDIDACY, "motivation": "Mit CPR-nummer er 010190-1234, hvis I skal bruge det."})

    assert response.status_code == 400
    body = text(response)
    assert str(CPR_MESSAGE) in body
    assert 'value="Frida Frivillig"' in body
    assert 'value="frida@example.org"' in body
    assert not Candidacy.objects.exists()


def test_nomination_without_organisation_is_refused(client, council):
    call = make_call(council)

    response = client.post(f"/nordby/opslag/{call.pk}/", {**CANDIDACY, "kind": "nomination"})

    assert response.status_code == 400
    assert "Skriv navnet på den organisation, der indstiller." in text(response)
    assert 'value="Frida Frivillig"' in text(response)
    assert not Candidacy.objects.exists()


def test_unpublished_call_is_404(client, council):
    call = make_call(council, published=False, title="Hemmeligt kladdeopslag")

    for path in (f"/nordby/opslag/{call.pk}/", f"/nordby/opslag/{call.pk}/tak/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Hemmeligt kladdeopslag" not in text(response)
    assert client.post(f"/nordby/opslag/{call.pk}/", CANDIDACY).status_code == 404
    assert not Candidacy.objects.exists()


def test_other_councils_call_under_this_slug_is_404(client, council, other_council):
    call = make_call(other_council, title="Sydbys opslag")

    for path in (f"/nordby/opslag/{call.pk}/", f"/nordby/opslag/{call.pk}/tak/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Siden findes ikke" in text(response)
        assert "Sydbys opslag" not in text(response)
    assert client.post(f"/nordby/opslag/{call.pk}/", CANDIDACY).status_code == 404
    assert not Candidacy.objects.exists()
    assert client.get(f"/sydby/opslag/{call.pk}/").status_code == 200


def test_seat_from_another_council_cannot_be_chosen(client, council, other_council):
    from councils.models import SeatCategory

    call = make_call(council)
    foreign_seat = SeatCategory.objects.filter(council=other_council).first()

    response = client.post(f"/nordby/opslag/{call.pk}/", {**CANDIDACY, "seat_category": str(foreign_seat.pk)})

    assert response.status_code == 400
    assert "Vælg en af de pladser på listen" in text(response)
    assert not Candidacy.objects.exists()


# --- Health, sitemap ----------------------------------------------------------------------------

def test_healthz_ok(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "vendor": connection.vendor}


def test_healthz_503_when_the_database_is_down(client, db):
    with mock.patch("django.db.connection.cursor", side_effect=OperationalError("database is locked")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "unavailable", "vendor": connection.vendor,
                                            "error": "OperationalError"}
    # The database works again after the patch: the check recovers.
    assert client.get("/healthz").status_code == 200


def test_sitemap_lists_every_active_council_and_open_calls(client, council, other_council, make_council):
    closed = make_council("lukket")
    closed.is_active = False
    closed.save(update_fields=["is_active"])
    open_call = make_call(council)
    past_call = make_call(council, deadline=timezone.now() - dt.timedelta(days=1))
    draft_call = make_call(other_council, published=False)
    closed_council_call = make_call(closed)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", text(response)))
    base = "http://testserver"
    for slug in ("nordby", "sydby"):
        assert f"{base}/{slug}/" in locations
        assert f"{base}/{slug}/medlemmer/" in locations
    assert f"{base}/nordby/opslag/{open_call.pk}/" in locations
    assert {f"{base}/", f"{base}/tilgaengelighed/"} <= locations
    assert not any("/lukket/" in loc for loc in locations)
    for call in (past_call, draft_call, closed_council_call):
        assert not any(f"/opslag/{call.pk}/" in loc for loc in locations)
    assert not any("/intern/" in loc for loc in locations)


# --- Footer and language -------------------------------------------------------------------------

def test_accessibility_statement_page(client, db):
    response = client.get("/tilgaengelighed/")
    assert response.status_code == 200
    assert "WCAG 2.1" in text(response)
    assert "EN 301 549" in text(response)


def test_accessibility_statement_is_linked_from_the_footer_of_every_page(client, council, add_member, make_user):
    """Public pages, account pages, error pages and every internal page of a council."""
    from councils.models import SeatCategory

    secretary = make_user("sekretaer@example.org")
    services.council_secretary_add(council=council, user=secretary)
    member = add_member(council, "Bent Medlem", seat="Sagkyndige")
    call = make_call(council)
    candidacy = services.candidacy_submit(call=call, name="Frida", email="f@example.org", motivation="Ja")
    term = Term.objects.get(council=council)
    ids = {"person": member.person_id, "membership": member.pk, "term": term.pk, "call": call.pk,
           "candidacy": candidacy.pk, "seat_category": SeatCategory.objects.filter(term=term).first().pk,
           "plain_word": services.plain_word_add(council=council, word="bevilling", plain="penge").pk}

    anonymous_pages = ["/", "/tilgaengelighed/", "/nordby/", "/nordby/medlemmer/", f"/nordby/opslag/{call.pk}/",
                       f"/nordby/opslag/{call.pk}/tak/", "/konto/log-ind/", "/konto/glemt-adgangskode/",
                       "/konto/glemt-adgangskode/sendt/", "/findes-ikke/", "/nordby/opslag/999999/"]
    checked = []
    for path in anonymous_pages:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        checked.append((path, response))

    # 403 page: a logged-in stranger on an internal page.
    client.force_login(make_user())
    response = client.get("/nordby/intern/")
    assert response.status_code == 403
    checked.append(("403 /nordby/intern/", response))

    council.municipality.staff.add(secretary)  # so the "create a council" page opens too
    client.force_login(secretary)
    internal = list(_internal_paths(council.slug, ids))
    assert len(internal) >= 24
    for path in [*internal, "/konto/", "/raad/nyt/"]:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        checked.append((path, response))

    missing = [path for path, response in checked
               if 'href="/tilgaengelighed/">Tilgængelighedserklæring</a>' not in footer(response)]
    assert not missing, f"no accessibility link in the footer of: {missing}"


# POST-only endpoints (no page, no footer): the meter's fragment and deleting a plain word.
POST_ONLY_PATTERNS = {"laesbarhed/", "ord/<int:pk>/slet/"}


def _internal_paths(slug, ids):
    """Every URL under <slug>/intern/ from the resolver, with ids filled in by path segment."""
    from django.urls import URLResolver, get_resolver

    segment_kind = {"personer": "person", "medlemskaber": "membership", "valgperioder": "term",
                    "pladser": "seat_category", "rekruttering": "call", "kandidater": "candidacy",
                    "ord": "plain_word"}
    for resolver in get_resolver().url_patterns:
        if isinstance(resolver, URLResolver) and str(resolver.pattern) == "<slug:council_slug>/intern/":
            for pattern in resolver.url_patterns:
                if str(pattern.pattern) in POST_ONLY_PATTERNS:
                    continue
                segments = str(pattern.pattern).split("/")
                filled = [str(ids[segment_kind[segments[i - 1]]]) if seg.startswith("<") else seg
                          for i, seg in enumerate(segments)]
                yield f"/{slug}/intern/" + "/".join(filled)


def test_language_switch_to_english(client, council):
    """The footer's language links are GETs (core.views.choose_language): no form, no CSRF cookie."""
    footer_html = footer(client.get("/nordby/"))
    assert "<form" not in footer_html
    assert 'href="/i18n/sprog/en/?next=/nordby/" lang="en" hreflang="en" rel="nofollow">English</a>' in footer_html
    assert 'aria-current="true" lang="da" hreflang="da">Dansk</a>' in footer_html

    response = client.get("/i18n/sprog/en/", {"next": "/nordby/"})

    assert response.status_code == 302
    assert response["Location"] == "/nordby/"
    assert response.cookies["django_language"].value == "en"
    assert "no-store" in response["Cache-Control"]

    landing = client.get("/")
    body = text(landing)
    assert '<html lang="en">' in body
    assert "Local councils that give citizens a voice" in body
    assert 'href="/tilgaengelighed/">Accessibility statement</a>' in footer(landing)

    back = client.get(reverse("choose_language", args=["da"]), {"next": "/"})
    assert back.cookies["django_language"].value == "da"
    assert '<html lang="da">' in text(client.get("/"))


def test_language_switch_ignores_unknown_languages_and_foreign_next(client, db):
    response = client.get("/i18n/sprog/xx/", {"next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "django_language" not in response.cookies
    assert '<html lang="da">' in text(client.get("/"))
    assert client.get("/i18n/sprog/en/", {"next": "//evil.example/x"})["Location"] == "/"


def test_inactive_council_public_pages_are_404(client, council):
    Council.objects.filter(pk=council.pk).update(is_active=False)
    for path in ("/nordby/", "/nordby/medlemmer/"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Udsatterådet Nordby" not in text(response)


@pytest.mark.django_db
def test_platform_admin_does_not_see_candidates_lived_experience(make_council, make_user, client):
    import datetime as dt

    from django.utils import timezone

    from councils import services
    from councils.models import Term

    secretary, admin = make_user("sek@k.dk"), make_user("admin@k.dk", superuser=True)
    council = make_council("kandraad", secretary=secretary)
    call = services.call_save(council=council, term=Term.objects.get(council=council), title="Stil op", text="Tekst",
                              deadline=timezone.now() + dt.timedelta(days=5), published=True)
    services.candidacy_submit(call=call, name="Kaj Kandidat", email="kaj@ex.org", motivation="Vil gerne",
                              lived_experience=True)
    url = f"/{council.slug}/intern/rekruttering/{call.pk}/"
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert "Kaj Kandidat" in page and "Erfaring som udsat" not in page
    client.force_login(secretary)
    assert "Erfaring som udsat" in client.get(url).content.decode()
