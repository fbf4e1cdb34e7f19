"""The public form "Hvad skal rådet arbejde med?": no login, name optional, the idea lands in
this year's catalogue as a citizen's idea, CPR refused in Danish with the text kept, a honeypot
against spam robots, a thank-you page, and an unknown council is a 404."""

import pytest

from activities.models import Idea, IdeaSource
from activities.selectors.ideas import current_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(make_council):
    return make_council("borgerraad")


def html(response) -> str:
    return response.content.decode()


def test_form_without_login(client, council):
    response = client.get(f"/{council.slug}/ideer/")
    assert response.status_code == 200
    page = html(response)
    assert "<h1>Hvad skal rådet arbejde med?</h1>" in page
    assert 'name="website"' in page and "<div hidden>" in page


def test_a_citizens_idea_lands_in_the_catalogue_and_thanks(client, council):
    response = client.post(f"/{council.slug}/ideer/", {"title": "Varme stuer om vinteren",
                                                       "description": "Mange fryser.", "name": ""})
    assert response.status_code == 302 and response["Location"] == f"/{council.slug}/ideer/tak/"
    idea = Idea.objects.get(council=council)
    assert (idea.title, idea.source, idea.citizen_name, idea.year, idea.created_by) == (
        "Varme stuer om vinteren", IdeaSource.CITIZEN, "", current_year(), None)
    page = html(client.get(response["Location"]))
    assert "Tak for din idé" in page and council.name in page
    client.post(f"/{council.slug}/ideer/", {"title": "Bænke", "name": "Bo Borger"})
    assert Idea.objects.get(title="Bænke").citizen_name == "Bo Borger"


def test_cpr_is_refused_in_danish_and_the_text_kept(client, council):
    response = client.post(f"/{council.slug}/ideer/", {"title": "Hjælp til min nabo",
                                                       "description": "Han hedder Ole, 010190-1234, og mangler mad."})
    assert response.status_code == 400
    page = html(response)
    assert "Teksten ser ud til at indeholde et CPR-nummer" in page
    assert "Han hedder Ole, 010190-1234, og mangler mad." in page and 'value="Hjælp til min nabo"' in page
    assert not Idea.objects.exists()


def test_missing_idea_is_a_danish_error(client, council):
    response = client.post(f"/{council.slug}/ideer/", {"title": "  ", "description": "Noget"})
    assert response.status_code == 400 and "Der er fejl i formularen" in html(response)
    assert not Idea.objects.exists()


def test_honeypot_spam_is_thanked_but_not_saved(client, council):
    response = client.post(f"/{council.slug}/ideer/", {"title": "Cheap pills", "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"].endswith("/ideer/tak/")
    assert not Idea.objects.exists()


def test_unknown_council_is_a_404(client, council):
    assert client.get("/findes-ikke/ideer/").status_code == 404
    assert client.get("/findes-ikke/ideer/tak/").status_code == 404
