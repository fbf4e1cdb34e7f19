"""The readability meter's endpoint and the council's plain words: who may use them, tenancy,
the CPR guard, the query budget, and the services that add and remove a council's words."""

import pytest
from django.urls import reverse

from core.audit import AuditEvent
from core.errors import ApplicationError
from core.readability import analyse
from councils import selectors, services
from councils.models import PlainWord

pytestmark = pytest.mark.django_db

HARD = ("Forvaltningen indstiller, at rådet tager sagsfremstillingen til efterretning og fremsender et høringssvar "
        "vedrørende bevillingen til implementeringen af handleplanen inden udløbet af høringsfristen i marts.")


@pytest.fixture
def secretary(make_user):
    return make_user("sek@nordby.example", name="Sanne Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def member_user(make_user, add_member, council):
    user = make_user("mads@nordby.example", name="Mads Medlem")
    add_member(council, "Mads Medlem", user=user)
    return user


def _meter(client, council, text):
    return client.post(reverse("councils:readability", args=[council.slug]), {"text": text})


def test_the_meter_answers_the_lix_band_counts_and_suggestions(client, council, member_user,
                                                              django_assert_max_num_queries):
    client.force_login(member_user)
    services.plain_word_add(council=council, word="handleplan", plain="plan for hvad vi gør")
    with django_assert_max_num_queries(8):  # session, user, council, roles, the council's words
        response = _meter(client, council, HARD)
    page = response.content.decode()
    assert response.status_code == 200
    assert "LIX 74 – Meget svær" in page  # counted in the next test
    assert "sagsfremstillingen → hvad sagen handler om" in page
    assert "handleplanen → plan for hvad vi gør" in page  # the council's own word wins
    assert "Lange sætninger" in page and "“Forvaltningen indstiller, at rådet tager" in page
    assert "<mark>implementeringen</mark>" in page


def test_the_meter_figure_matches_the_counting():
    # 24 words, one sentence; 12 long: Forvaltningen, indstiller, sagsfremstillingen, efterretning, fremsender,
    # høringssvar, vedrørende, bevillingen, implementeringen, handleplanen, udløbet, høringsfristen
    result = analyse(HARD)
    assert (result.words, result.sentences, result.long_word_count) == (24, 1, 12)
    assert result.lix == 74  # 24 + 100·12/24 = 24 + 50


def test_the_meter_keeps_its_queries_as_the_word_list_grows(client, council, member_user,
                                                           django_assert_max_num_queries):
    client.force_login(member_user)
    for n in range(30):
        services.plain_word_add(council=council, word=f"kommunalord{n}", plain="ord")
    with django_assert_max_num_queries(8):
        assert _meter(client, council, HARD).status_code == 200


def test_a_cpr_number_is_never_echoed_back(client, council, member_user):
    client.force_login(member_user)
    text = "Borgeren med cpr 010190-1234 har " + " ".join(["skrevet"] * 25) + "."
    page = _meter(client, council, text).content.decode()
    assert "010190-1234" not in page and "0101901234" not in page
    assert "cpr-nummer" in page


def test_the_meter_is_for_council_people_only(client, council, make_user, make_council):
    assert _meter(client, council, HARD).status_code == 302  # to the login page
    client.force_login(make_user("udenfor@example.org"))
    assert _meter(client, council, HARD).status_code == 403


def test_another_councils_meter_is_refused(client, make_council, make_user, member_user):
    other = make_council("sydby", secretary=make_user("sek@sydby.example"))
    client.force_login(member_user)
    assert _meter(client, other, HARD).status_code == 403
    assert client.post("/findes-ikke/intern/laesbarhed/", {"text": HARD}).status_code == 404


def test_the_meter_takes_only_post(client, council, member_user):
    client.force_login(member_user)
    assert client.get(reverse("councils:readability", args=[council.slug])).status_code == 405


def test_the_meter_script_is_on_council_pages_for_council_people(client, council, member_user):
    client.force_login(member_user)
    page = client.get(reverse("councils:dashboard", args=[council.slug])).content.decode()
    assert 'name="stemme-readability"' in page and "core/readability" in page
    client.logout()
    public = client.get(reverse("public:council_home", args=[council.slug])).content.decode()
    assert "stemme-readability" not in public


# --- The council's plain words -------------------------------------------------------------------

def test_the_secretariat_adds_changes_and_removes_a_word(client, council, secretary):
    client.force_login(secretary)
    url = reverse("councils:plain_words", args=[council.slug])
    response = client.post(url, {"word": "  Borgerrådgiver ", "plain": "en, der hjælper dig med kommunen"})
    assert response.status_code == 302
    entry = PlainWord.objects.get(council=council)
    assert (entry.word, entry.plain, entry.created_by) == ("borgerrådgiver", "en, der hjælper dig med kommunen",
                                                           secretary)
    client.post(url, {"word": "borgerrådgiver", "plain": "hjælper"})
    assert PlainWord.objects.get(council=council).plain == "hjælper"
    page = client.get(url).content.decode()
    assert "borgerrådgiver → hjælper" in page and "sagsfremstilling → hvad sagen handler om" in page
    response = client.post(reverse("councils:plain_word_delete", args=[council.slug, entry.pk]))
    assert response.status_code == 302 and not PlainWord.objects.exists()
    actions = list(AuditEvent.objects.filter(council=council, action__startswith="councils.plain_word")
                   .values_list("action", flat=True).order_by("pk"))
    assert actions == ["councils.plain_word.added", "councils.plain_word.changed", "councils.plain_word.deleted"]


def test_the_list_page_keeps_its_queries_as_the_council_adds_words(client, council, secretary,
                                                                  django_assert_max_num_queries):
    client.force_login(secretary)
    url = reverse("councils:plain_words", args=[council.slug])
    for n in range(3):
        services.plain_word_add(council=council, word=f"ord{n}", plain="ord")
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for n in range(3, 40):
        services.plain_word_add(council=council, word=f"ord{n}", plain="ord")
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert "ord39 → ord" in page


def test_bad_input_is_refused_in_danish_and_kept(client, council, secretary):
    client.force_login(secretary)
    response = client.post(reverse("councils:plain_words", args=[council.slug]),
                           {"word": "aktindsigt", "plain": "se 010190-1234"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "cpr" in page.lower() and 'value="aktindsigt"' in page
    assert not PlainWord.objects.exists()
    response = client.post(reverse("councils:plain_words", args=[council.slug]), {"word": "", "plain": ""})
    assert response.status_code == 400


def test_members_see_the_list_but_cannot_change_it(client, council, member_user):
    entry = services.plain_word_add(council=council, word="visitation", plain="vurdering")
    client.force_login(member_user)
    url = reverse("councils:plain_words", args=[council.slug])
    page = client.get(url).content.decode()
    assert "visitation → vurdering" in page and "Tilføj et ord" not in page and "Fjern" not in page
    assert client.post(url, {"word": "x", "plain": "y"}).status_code == 403
    assert client.post(reverse("councils:plain_word_delete", args=[council.slug, entry.pk])).status_code == 403
    assert PlainWord.objects.count() == 1


def test_another_councils_word_is_not_found(client, make_council, make_user, council, secretary):
    other = make_council("sydby", secretary=make_user("sek@sydby.example"))
    entry = services.plain_word_add(council=other, word="visitation", plain="vurdering")
    client.force_login(secretary)
    assert client.post(reverse("councils:plain_word_delete", args=[council.slug, entry.pk])).status_code == 404
    with pytest.raises(ApplicationError):
        services.plain_word_delete(council=council, plain_word=entry)
    # the other council's word does not reach this council: the shared list's word stands
    assert selectors.plain_words(council=council).lookup("visitationen") == ("visitation", "vurdering af hjælp")
    assert selectors.plain_words(council=other).lookup("visitationen") == ("visitation", "vurdering")
