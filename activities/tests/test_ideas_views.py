"""Idea catalogue pages through the Django test client: the catalogue, a member's idea, the
brainstorm, the ballot (dots and ranks, Danish errors with the input kept), the results as a
numbered list with text values, permissions (the secretariat has no vote; a substitute has),
tenancy (another council's idea is a 404) and constant query counts."""

import re

import pytest

from activities.models import Idea, IdeaStatus, IdeaVote, Theme
from activities.services import ideas as services
from activities.tests.ideas_builders import YEAR, brainstorm

pytestmark = [pytest.mark.django_db, pytest.mark.world("idea")]


def html(response) -> str:
    return response.content.decode()


def test_catalogue_lists_the_years_ideas_numbered_with_source(client, world):
    ideas = brainstorm(world)
    services.idea_create(council=world.council, year=YEAR, title="Fra Mads", proposed_by=world.seed["Mads Lund"])
    services.idea_create(council=world.council, year=YEAR - 1, title="Sidste år")
    brainstorm(world, "Andebys idé", council=world.other)
    client.force_login(world.user("Mads Lund"))
    page = html(client.get(world.url("idekatalog/"), {"aar": YEAR}))
    assert page.index(ideas[0].title) < page.index(ideas[-1].title) < page.index("Fra Mads")
    assert "Fra et medlem – Mads Lund" in page and "Brainstorm på møde" in page
    assert "Sidste år" not in page and "Andebys idé" not in page
    assert "Prioritér idéerne" in page and "Skriv idéer fra brainstorm" not in page
    assert f'href="/{world.council.slug}/ideer/"' in page


def test_member_proposes_an_idea_cpr_kept(client, world):
    client.force_login(world.user("Mads Lund"))
    response = client.post(world.url("idekatalog/ny/"), {"title": "Tandpleje", "description": "Cpr 010190-1234"})
    assert response.status_code == 400
    page = html(response)
    assert "CPR-nummer" in page and "Cpr 010190-1234" in page and 'value="Tandpleje"' in page
    response = client.post(world.url("idekatalog/ny/"), {"title": "Tandpleje", "description": "Billigere"})
    assert response.status_code == 302
    idea = Idea.objects.get(council=world.council)
    assert (idea.proposed_by, idea.source) == (world.seed["Mads Lund"], "member")
    assert idea.created_by == world.user("Mads Lund")


def test_brainstorm_page_for_the_formandskab_and_secretariat_only(client, world):
    client.force_login(world.user("Mads Lund"))
    assert client.get(world.url("idekatalog/brainstorm/")).status_code == 403
    client.force_login(world.user("Jytte Holm"))
    response = client.post(world.url("idekatalog/brainstorm/"), {"year": YEAR, "text": "A\nB\nC"})
    assert response.status_code == 302 and response["Location"].endswith(f"idekatalog/?aar={YEAR}")
    assert Idea.objects.filter(council=world.council, source="brainstorm").count() == 3
    response = client.post(world.url("idekatalog/brainstorm/"), {"year": YEAR, "text": "D\nE 010190-1234"})
    assert response.status_code == 400
    assert "Linje 2:" in html(response) and "E 010190-1234" in html(response)


def test_the_secretariat_cannot_vote_a_substitute_can(client, world):
    a, b = brainstorm(world, "A\nB")
    client.force_login(world.secretary)
    assert client.get(world.url("idekatalog/prioriter/")).status_code == 403
    assert client.post(world.url("idekatalog/prioriter/"), {f"dots_{a.pk}": 1, "aar": YEAR}).status_code == 403
    assert "Prioritér idéerne" not in html(client.get(world.url("idekatalog/"), {"aar": YEAR}))
    client.force_login(world.user("Tove Ravn"))  # a substitute
    page = html(client.get(world.url("idekatalog/prioriter/"), {"aar": YEAR}))
    assert "Du har 5 prikker. Giv højst 3 til én idé." in page
    response = client.post(world.url("idekatalog/prioriter/"), {f"dots_{a.pk}": 3, f"dots_{b.pk}": 2, "aar": YEAR})
    assert response.status_code == 302
    assert {v.idea_id: v.dots for v in IdeaVote.objects.filter(person=world.seed["Tove Ravn"])} == {a.pk: 3, b.pk: 2}


def test_ballot_errors_are_danish_and_keep_the_input(client, world):
    a, b, c = brainstorm(world, "A\nB\nC")
    client.force_login(world.user("Mads Lund"))
    response = client.post(world.url("idekatalog/prioriter/"),
                           {f"dots_{a.pk}": 3, f"dots_{b.pk}": 3, "aar": YEAR, "maade": "prikker"})
    assert response.status_code == 400
    page = html(response)
    assert "Du har fordelt 6 prikker, men har kun 5. Tag 1 af." in page
    assert re.search(rf'name="dots_{a.pk}"[^>]* value="3"', page)
    response = client.post(world.url("idekatalog/prioriter/"),
                           {f"rank_{a.pk}": 1, f"rank_{b.pk}": 3, "aar": YEAR, "maade": "rang"})
    assert response.status_code == 400 and "nummer 2 mangler" in html(response)
    response = client.post(world.url("idekatalog/prioriter/"),
                           {f"rank_{a.pk}": 2, f"rank_{b.pk}": 1, f"rank_{c.pk}": "", "aar": YEAR, "maade": "rang"})
    assert response.status_code == 302
    page = html(client.get(world.url("idekatalog/prioriter/"), {"aar": YEAR, "maade": "rang"}))
    assert re.search(rf'name="rank_{a.pk}"[^>]* value="2"', page) and "Du har prioriteret før" in page


def test_results_numbered_with_text_values_and_tie_explained(client, world):
    a, b, c = brainstorm(world, "Socialt frikort\nVæresteder\nTandpleje")
    s = world.seed
    services.dots_cast(council=world.council, year=YEAR, person=s["Mads Lund"], dots={b.pk: 3, a.pk: 2})
    services.dots_cast(council=world.council, year=YEAR, person=s["Sune Dahl"], dots={a.pk: 1, c.pk: 1})
    services.ranking_cast(council=world.council, year=YEAR, person=s["Helle Bøgh"], ranks={a.pk: 1, b.pk: 2})
    client.force_login(world.secretary)  # the secretariat sees the result and chooses themes
    page = html(client.get(world.url("idekatalog/resultat/"), {"aar": YEAR}))
    assert "3 medlemmer har prioriteret." in page
    assert page.index("Socialt frikort") < page.index("Væresteder") < page.index("Tandpleje")
    assert '<span data-testid="result-position">1.</span>' in page
    assert "3 prikker</span>" in page and "3 rangpoint" in page and "2 rangpoint" in page
    assert "Lige mange prikker som nr. 1 – færre rangpoint." in page
    assert '<meter min="0" max="3" value="3"' in page
    assert "Vælg årets temaer" in page


def test_another_councils_idea_is_a_404(client, world):
    theirs = brainstorm(world, "Andebys idé", council=world.other)[0]
    client.force_login(world.secretary)
    for suffix in (f"idekatalog/{theirs.pk}/", f"idekatalog/{theirs.pk}/udsaet/"):
        assert client.get(world.url(suffix)).status_code == 404
        assert client.post(world.url(suffix), {"title": "x", "status": "open"}).status_code == 404
    assert client.get(world.url(f"idekatalog/{theirs.pk}/", council=world.other)).status_code == 403


def test_idea_page_edit_and_postpone(client, world):
    idea = brainstorm(world, "Tandpleje")[0]
    client.force_login(world.user("Mads Lund"))
    page = html(client.get(world.url(f"idekatalog/{idea.pk}/")))
    assert "Tandpleje" in page and "Ret idéen" not in page
    assert client.post(world.url(f"idekatalog/{idea.pk}/"), {"title": "x", "status": "open"}).status_code == 403
    client.force_login(world.user("Nanna Berg"))
    response = client.post(world.url(f"idekatalog/{idea.pk}/"), {"title": "Tandpleje for alle", "status": "set_aside"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.title, idea.status) == ("Tandpleje for alle", IdeaStatus.SET_ASIDE)
    response = client.post(world.url(f"idekatalog/{idea.pk}/udsaet/"), {"udsaet-until": "2000-01-01",
                                                                        "udsaet-owner": world.seed["Mads Lund"].pk})
    assert response.status_code == 400 and "Datoen skal ligge efter i dag." in html(response)
    response = client.post(world.url(f"idekatalog/{idea.pk}/udsaet/"), {
        "udsaet-until": "2099-09-01", "udsaet-owner": world.seed["Mads Lund"].pk, "udsaet-note": "Til efteråret"})
    theme = Theme.objects.get(idea=idea)
    assert response.status_code == 302 and response["Location"].endswith(f"/temaer/{theme.pk}/")
    assert theme.status == "postponed" and theme.owner == world.seed["Mads Lund"]


def test_catalogue_and_results_query_counts_are_constant(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.user("Mads Lund"))
    people = [world.seed[n] for n in ("Mads Lund", "Sune Dahl", "Helle Bøgh", "Tove Ravn")]

    def grow(n):
        ideas = brainstorm(world, "\n".join(f"Idé {Idea.objects.count()}-{i}" for i in range(n)))
        services.idea_create(council=world.council, year=YEAR, title=f"Medlem {Idea.objects.count()}",
                             proposed_by=world.seed["Sune Dahl"])
        for p in people:
            services.dots_cast(council=world.council, year=YEAR, person=p, dots={ideas[0].pk: 3, ideas[-1].pk: 2})
            services.ranking_cast(council=world.council, year=YEAR, person=p,
                                  ranks={i.pk: r for r, i in enumerate(ideas, start=1)})

    grow(2)
    for path in ("idekatalog/", "idekatalog/resultat/", "idekatalog/prioriter/"):
        client.get(world.url(path), {"aar": YEAR})  # warm caches
    counts = {}
    for path in ("idekatalog/", "idekatalog/resultat/", "idekatalog/prioriter/"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(world.url(path), {"aar": YEAR}).status_code == 200
        counts[path] = len(ctx)
    grow(20)
    for path, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(world.url(path), {"aar": YEAR}).status_code == 200
