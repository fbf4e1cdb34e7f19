"""Theme pages through the Django test client: choosing themes from the results (a warning
outside 5–8, never a block), the year's list, the theme page with status, owner and links
(only the council's own objects can be chosen), postponing, permissions, tenancy (another
council's theme is a 404) and constant query counts."""

import datetime as dt

import pytest

from activities.models import Theme
from activities.services import themes as services
from activities.tests.ideas_builders import YEAR, brainstorm

pytestmark = [pytest.mark.django_db, pytest.mark.world("idea")]


def html(response) -> str:
    return response.content.decode()


def test_choose_themes_warns_outside_5_to_8_but_saves(client, world):
    ideas = brainstorm(world)
    client.force_login(world.user("Mads Lund"))
    assert client.get(world.url("temaer/vaelg/"), {"aar": YEAR}).status_code == 403
    client.force_login(world.user("Jytte Holm"))
    page = html(client.get(world.url("temaer/vaelg/"), {"aar": YEAR}))
    assert f'name="pick_{ideas[0].pk}"' in page and "anbefalingen er 5–8" in page
    data = {"aar": YEAR}
    for n, idea in enumerate(ideas[:3], start=1):
        data.update({f"pick_{idea.pk}": "on", f"owner_{idea.pk}": world.seed["Sune Dahl"].pk, f"priority_{idea.pk}": n})
    response = client.post(world.url("temaer/vaelg/"), data, follow=True)
    page = html(response)
    assert "3 temaer er valgt for året." in page
    assert "Rådet har valgt 3 temaer. Anbefalingen er 5–8 hovedtemaer om året." in page
    assert Theme.objects.filter(council=world.council, year=YEAR).count() == 3
    for n, idea in enumerate(ideas[3:6], start=4):
        data.update({f"pick_{idea.pk}": "on", f"priority_{idea.pk}": n})
    page = html(client.post(world.url("temaer/vaelg/"), data, follow=True))
    assert "Anbefalingen er 5–8 hovedtemaer" not in page and "6 temaer er valgt for året." in page
    assert Theme.objects.filter(council=world.council, year=YEAR).count() == 6
    assert page.index(ideas[0].title) < page.index(ideas[5].title)
    # a person of another council as owner is not a choice
    response = client.post(world.url("temaer/vaelg/"), {"aar": YEAR, f"pick_{ideas[6].pk}": "on",
                                                         f"owner_{ideas[6].pk}": 999999})
    assert response.status_code == 400


def test_theme_page_status_links_and_tenancy_of_choices(client, world):
    from hearings.services import consultations as consultation_services
    from meetings.tests.seed import build_meeting

    theme = services.theme_create(council=world.council, year=YEAR, title="Socialt frikort",
                                  owner=world.seed["Jytte Holm"])
    item = build_meeting(world.seed).items["frikort"]
    today = dt.date.today()
    mine = consultation_services.consultation_create(
        council=world.council, title="Høring om frikort", summary="", received_on=today,
        deadline=today + dt.timedelta(days=9), sender="Forvaltningen", actor=world.secretary)
    theirs = consultation_services.consultation_create(
        council=world.other, title="Andebys høring", summary="", received_on=today,
        deadline=today + dt.timedelta(days=9), sender="Forvaltningen", actor=world.other_secretary)
    client.force_login(world.user("Nanna Berg"))
    page = html(client.get(world.url(f"temaer/{theme.pk}/")))
    assert "Høring om frikort" in page and "Andebys høring" not in page  # the choices: own objects only
    response = client.post(world.url(f"temaer/{theme.pk}/koblinger/"), {"consultations": [theirs.pk]})
    assert response.status_code == 400
    response = client.post(world.url(f"temaer/{theme.pk}/koblinger/"),
                           {"consultations": [mine.pk], "agenda_items": [item.pk]})
    assert response.status_code == 302
    response = client.post(world.url(f"temaer/{theme.pk}/"), {
        "title": "Socialt frikort", "owner": world.seed["Mads Lund"].pk, "priority": 2, "status": "active",
        "status_note": "Folder udsendt i april."})
    assert response.status_code == 302
    client.force_login(world.user("Mads Lund"))  # a member reads it, without the forms
    page = html(client.get(world.url(f"temaer/{theme.pk}/")))
    assert 'data-testid="theme-owner">Mads Lund' in page and "Folder udsendt i april." in page
    assert f'href="/{world.council.slug}/intern/hoeringer/{mine.pk}/"' in page
    assert "Fokus på socialt frikort" in page and "Ret temaet" not in page
    assert client.post(world.url(f"temaer/{theme.pk}/"), {"title": "x", "status": "active"}).status_code == 403
    assert client.post(world.url(f"temaer/{theme.pk}/udsaet/"), {}).status_code == 403


def test_postpone_from_the_theme_page_and_the_list(client, world):
    theme = services.theme_create(council=world.council, year=YEAR, title="Tandpleje")
    client.force_login(world.secretary)
    response = client.post(world.url(f"temaer/{theme.pk}/udsaet/"), {"udsaet-until": "2099-09-01"})
    assert response.status_code == 400 and "Vælg en tovholder" in html(response)
    response = client.post(world.url(f"temaer/{theme.pk}/udsaet/"), {
        "udsaet-until": "2099-09-01", "udsaet-owner": world.seed["Helle Bøgh"].pk, "udsaet-note": "Til efteråret"})
    assert response.status_code == 302
    page = html(client.get(world.url("temaer/"), {"aar": YEAR}))
    assert "Udsatte emner" in page and "1. september 2099" in page and "Helle Bøgh" in page


def test_theme_create_and_permissions(client, world):
    client.force_login(world.user("Tove Ravn"))
    assert client.get(world.url("temaer/ny/")).status_code == 403
    assert client.get(world.url("temaer/")).status_code == 200
    client.force_login(world.secretary)
    response = client.post(world.url(f"temaer/ny/?aar={YEAR}"), {"title": "Ensomhed", "priority": 3,
                                                                  "owner": world.seed["Sune Dahl"].pk})
    theme = Theme.objects.get(council=world.council)
    assert response.status_code == 302 and (theme.year, theme.priority) == (YEAR, 3)
    client.logout()
    assert client.get(world.url("temaer/")).status_code == 302


def test_another_councils_theme_is_a_404(client, world):
    theirs = services.theme_create(council=world.other, year=YEAR, title="Andebys tema")
    client.force_login(world.secretary)
    for suffix in ("", "koblinger/", "udsaet/"):
        url = world.url(f"temaer/{theirs.pk}/{suffix}")
        assert client.post(url, {"title": "x"}).status_code == 404
    assert client.get(world.url(f"temaer/{theirs.pk}/")).status_code == 404


def test_theme_list_and_page_query_counts_are_constant(client, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.tests.seed import build_meeting

    items = list(build_meeting(world.seed).items.values())
    client.force_login(world.secretary)
    first = services.theme_create(council=world.council, year=YEAR, title="Første", owner=world.seed["Mads Lund"])

    def grow(n):
        for i in range(n):
            t = services.theme_create(council=world.council, year=YEAR, title=f"Tema {Theme.objects.count()}",
                                      owner=world.seed["Sune Dahl"], priority=i + 1)
            services.theme_links_set(theme=t, agenda_items=items[: 1 + i % 3])
            services.theme_links_set(theme=first, agenda_items=items[: 1 + i % len(items)])
            if i % 3 == 0:
                services.theme_postpone(theme=t, until=dt.date(2099, 1, 1 + i % 20), owner=world.seed["Mads Lund"])

    grow(2)
    paths = ("temaer/", f"temaer/{first.pk}/", "temaer/vaelg/")
    for path in paths:
        client.get(world.url(path), {"aar": YEAR})
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(world.url(path), {"aar": YEAR}).status_code == 200
        counts[path] = len(ctx)
    grow(15)
    for path, count in counts.items():
        with django_assert_max_num_queries(count):
            assert client.get(world.url(path), {"aar": YEAR}).status_code == 200
