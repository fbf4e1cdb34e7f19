"""The public forms are protected the same way (core.forms.PublicFormMixin): the candidacy form
and the citizens' idea form have a honeypot and a rate limit, and their free text has a
maximum length with a Danish message that keeps the text."""

import datetime as dt

import pytest
from django.utils import timezone

from activities.models import Idea
from councils import services
from councils.models import Candidacy, Term

pytestmark = pytest.mark.django_db

CANDIDACY = {"kind": "citizen", "name": "Frida Frivillig", "organisation_name": "", "email": "frida@example.org",
             "phone": "", "address": "", "preferred_channel": "email", "wish": "either", "seat_category": "",
             "motivation": "Jeg har selv boet på gaden og vil gerne hjælpe andre."}


@pytest.fixture
def council(make_council):
    return make_council("nordby")


@pytest.fixture
def call(council):
    return services.call_save(council=council, term=Term.objects.get(council=council), title="Bliv medlem",
                              text="Vi søger nye medlemmer.", deadline=timezone.now() + dt.timedelta(days=14),
                              published=True)


def test_the_candidacy_form_has_a_hidden_honeypot(client, call):
    page = client.get(f"/nordby/opslag/{call.pk}/").content.decode()

    assert '<div hidden><div class="form-group">' in page and 'name="website"' in page


def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_saved(client, call):
    response = client.post(f"/nordby/opslag/{call.pk}/", {**CANDIDACY, "website": "http://spam.example"})

    assert response.status_code == 302 and response["Location"] == f"/nordby/opslag/{call.pk}/tak/"
    assert not Candidacy.objects.exists()


def test_the_candidacy_form_is_rate_limited_and_keeps_what_was_typed(client, call, settings):
    settings.STEMME_RATE_LIMITS = {"public.candidacy": "2/h"}
    for n in range(2):
        assert client.post(f"/nordby/opslag/{call.pk}/", {**CANDIDACY, "name": f"Kandidat {n}"}).status_code == 302

    response = client.post(f"/nordby/opslag/{call.pk}/", CANDIDACY)

    page = response.content.decode()
    assert response.status_code == 429
    assert "så formularen er ikke sendt" in page and "Jeg har selv boet på gaden" in page
    assert Candidacy.objects.count() == 2


def test_a_very_long_motivation_is_refused_in_danish_and_kept(client, call):
    motivation = "Jeg vil gerne være med. " * 4200  # 100,800 characters

    response = client.post(f"/nordby/opslag/{call.pk}/", {**CANDIDACY, "motivation": motivation})

    page = response.content.decode()
    assert response.status_code == 400
    assert f"Teksten er for lang: højst 5000 tegn, og du har skrevet {len(motivation.strip())}." in page
    assert motivation.strip() in page  # kept in the text area to shorten
    assert 'maxlength="5000"' not in page  # the browser would cut a pasted text silently
    assert not Candidacy.objects.exists()


def test_a_very_long_idea_is_refused_in_danish_and_kept(client, council):
    description = "Flere varme stuer. " * 5300

    response = client.post("/nordby/ideer/", {"title": "Varme stuer", "description": description})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Teksten er for lang: højst 5000 tegn" in page and description.strip() in page
    assert not Idea.objects.exists()


@pytest.mark.parametrize("field,limit", [("address", 300), ("name", 150)])
def test_the_other_candidacy_texts_have_limits(client, call, field, limit):
    response = client.post(f"/nordby/opslag/{call.pk}/", {**CANDIDACY, field: "x" * (limit + 1)})

    assert response.status_code == 400
    assert f"højst {limit} tegn" in response.content.decode()
