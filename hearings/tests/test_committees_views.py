"""The committee pages through the Django test client: the list (followed first, "Følg" for the
others), committee and follow forms with Danish errors and typed values kept, committee
meetings and items by hand, commenting (working group yes, other members no, the version
conflict shown with both texts, CPR refused with the text kept), tenancy (another
municipality's ids are 404) and query counts that stay flat as data grows."""

import pytest
from django.urls import NoReverseMatch, reverse

from hearings.models import Committee, CommitteeAgendaItem, CommitteeFollow, CommitteeMeeting, ItemComment
from hearings.services import committees as services
from hearings.tests.committees_builders import WORKING_GROUP, add_items, local, meeting_day

pytestmark = [pytest.mark.django_db, pytest.mark.world("committee")]


def as_user(client, world, key):
    client.force_login(world.users[key])
    return client


def comment_post(item, text, *, version=0, relevant=True):
    data = {f"c{item.pk}-text": text, f"c{item.pk}-version": str(version)}
    if relevant:
        data[f"c{item.pk}-relevant"] = "on"
    return data


# --- The list ---------------------------------------------------------------------------------------

def test_list_shows_followed_first_and_follow_action_for_the_secretariat(client, world):
    services.committee_create(council=world.council, name="Børne- og Skoleudvalget", abbreviation="BSU")
    response = as_user(client, world, "secretariat").get(world.url())
    assert response.status_code == 200
    html = response.content.decode()
    followed = html[html.index('data-testid="followed-committees"'):html.index('data-testid="other-committees"')]
    assert "Social- og Sundhedsudvalget" in followed and "Sune Dahl" in followed and "Mads Lund" in followed
    assert reverse("hearings:committee_meeting", args=[world.slug, world.meeting.pk]) in followed
    others = html[html.index('data-testid="other-committees"'):]
    assert "Børne- og Skoleudvalget" in others and ">Følg<" in others
    assert 'scope="col"' in html and 'scope="row"' in html
    try:
        import_url = reverse("hearings:import", args=[world.slug])
    except NoReverseMatch:
        import_url = None
    if import_url:
        assert import_url in html


def test_list_for_a_member_has_no_manage_actions(client, world):
    services.committee_create(council=world.council, name="Børne- og Skoleudvalget", abbreviation="BSU")
    html = as_user(client, world, "member").get(world.url()).content.decode()
    assert "Børne- og Skoleudvalget" in html
    assert ">Følg<" not in html and "Nyt udvalg" not in html


def test_list_query_count_is_flat(client, world, django_assert_max_num_queries):
    as_user(client, world, "secretariat")
    with django_assert_max_num_queries(14) as baseline:
        assert client.get(world.url()).status_code == 200
    count = len(baseline.captured_queries)
    seed = world.seed
    for n in range(10):
        committee = services.committee_create(council=world.council, name=f"Udvalg nr. {n}", abbreviation=f"U{n}")
        if n % 2:
            services.committee_follow_save(council=world.council, committee=committee,
                                           members=[seed["Helle Bøgh"], seed["Janni Friis"], seed["Ulrik Mose"]])
            services.committee_meeting_create(council=world.council, committee=committee,
                                              starts_at=local(meeting_day(n + 2), 9))
    with django_assert_max_num_queries(count):
        response = client.get(world.url())
    assert "Udvalg nr. 9" in response.content.decode()


# --- Committee and follow ---------------------------------------------------------------------------------

def test_create_committee_and_duplicate_abbreviation_error_keeps_input(client, world):
    as_user(client, world, "secretariat")
    response = client.post(world.url("nyt/"), {"name": "Sundhedsudvalget", "abbreviation": "sus"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kommunen har allerede et udvalg med forkortelsen SUS" in html
    assert 'value="Sundhedsudvalget"' in html
    response = client.post(world.url("nyt/"), {"name": "Økonomiudvalget", "abbreviation": "øu"})
    committee = Committee.objects.get(abbreviation="ØU")
    assert response.status_code == 302 and response["Location"] == world.url(f"{committee.pk}/")
    response = client.post(world.url("nyt/"), {"name": "", "abbreviation": ""})
    assert "Skriv udvalgets navn." in response.content.decode()


def test_committee_page_and_edit(client, world):
    as_user(client, world, "secretariat")
    html = client.get(world.url(f"{world.committee.pk}/")).content.decode()
    assert "sus@kommune.example" in html and "3 dage før udvalgets møde" in html
    assert 'data-testid="committee-meetings"' in html and ">4</td>" in html
    response = client.post(world.url(f"{world.committee.pk}/rediger/"),
                           {"name": "Social- og Sundhedsudvalget", "abbreviation": "SSU"})
    assert response.status_code == 302
    world.committee.refresh_from_db()
    assert (world.committee.abbreviation, world.committee.is_active) == ("SSU", False)


def test_follow_form_creates_follow_with_working_group(client, world):
    seed = world.seed
    bsu = services.committee_create(council=world.council, name="Børne- og Skoleudvalget", abbreviation="BSU")
    as_user(client, world, "secretariat")
    page = client.get(world.url(f"{bsu.pk}/foelg/")).content.decode()
    assert "Jytte Holm" in page and "Tove Ravn" in page
    response = client.post(world.url(f"{bsu.pk}/foelg/"), {
        "members": [seed["Helle Bøgh"].pk, seed["Sanna Lind"].pk], "recipient_name": "BSU's formand",
        "recipient_email": "bsu@kommune.example", "comment_days_before": "4"})
    assert response.status_code == 302
    follow = CommitteeFollow.objects.get(council=world.council, committee=bsu)
    assert sorted(p.name for p in follow.members.all()) == ["Helle Bøgh", "Sanna Lind"]
    assert follow.comment_days_before == 4


def test_follow_form_refuses_another_councils_person_and_bad_email(client, world, other, add_member):
    stranger = add_member(other.council, "Fremmed Andetbo").person
    as_user(client, world, "secretariat")
    response = client.post(world.url(f"{world.committee.pk}/foelg/"), {
        "members": [stranger.pk], "recipient_name": "Formanden", "recipient_email": "ikke-en-adresse",
        "comment_days_before": "2"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Marker en gyldig valgmulighed" in html and "Skriv en gyldig e-mailadresse" in html
    assert "Fremmed Andetbo" not in html and 'value="Formanden"' in html
    assert sorted(p.name for p in world.follow.members.all()) == sorted(WORKING_GROUP)


def test_unfollow(client, world):
    as_user(client, world, "secretariat")
    response = client.post(world.url(f"{world.committee.pk}/foelg/stop/"))
    assert response.status_code == 302
    assert not CommitteeFollow.objects.filter(council=world.council).exists()
    assert client.get(world.url(f"{world.committee.pk}/foelg/stop/")).status_code == 405


def test_only_the_secretariat_manages(client, world):
    as_user(client, world, "chair")
    for suffix in ("nyt/", f"{world.committee.pk}/rediger/", f"{world.committee.pk}/foelg/",
                   f"{world.committee.pk}/udvalgsmoede/nyt/", f"udvalgsmoeder/{world.meeting.pk}/rediger/",
                   f"udvalgsmoeder/{world.meeting.pk}/punkter-nyt/", f"udvalgspunkter/{world.items[3].pk}/"):
        response = client.get(world.url(suffix))
        assert response.status_code == 403, suffix
        assert "Ingen adgang" in response.content.decode()
    assert client.post(world.url(f"{world.committee.pk}/foelg/stop/")).status_code == 403
    assert CommitteeFollow.objects.filter(council=world.council).exists()


# --- Meetings and items -------------------------------------------------------------------------------------

def test_create_and_edit_committee_meeting(client, world):
    as_user(client, world, "secretariat")
    day = meeting_day(21)
    response = client.post(world.url(f"{world.committee.pk}/udvalgsmoede/nyt/"), {
        "date": day.isoformat(), "time": "17:00", "location": "Byrådssalen", "url": "kommune.example/sus-2"})
    meeting = CommitteeMeeting.objects.exclude(pk=world.meeting.pk).get()
    assert response.status_code == 302 and response["Location"] == world.url(f"udvalgsmoeder/{meeting.pk}/")
    assert meeting.starts_at == local(day, 17) and meeting.url == "https://kommune.example/sus-2"
    # The same time again: a Danish error at the date, the typed place kept.
    response = client.post(world.url(f"{world.committee.pk}/udvalgsmoede/nyt/"), {
        "date": day.isoformat(), "time": "17:00", "location": "Et andet lokale"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "har allerede et møde på det tidspunkt" in html and 'value="Et andet lokale"' in html
    response = client.post(world.url(f"udvalgsmoeder/{meeting.pk}/rediger/"), {
        "date": day.isoformat(), "time": "18:30", "location": "Byrådssalen", "url": ""})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == local(day, 18, 30)
    response = client.post(world.url(f"udvalgsmoeder/{meeting.pk}/rediger/"), {"date": "i morgen", "time": ""})
    assert "Skriv en dato, fx 01.04.2026." in response.content.decode()


def test_add_item_with_duplicate_number_is_refused_in_danish(client, world):
    as_user(client, world, "secretariat")
    page = client.get(world.url(f"udvalgsmoeder/{world.meeting.pk}/punkter-nyt/")).content.decode()
    assert 'name="number" value="5"' in page
    response = client.post(world.url(f"udvalgsmoeder/{world.meeting.pk}/punkter-nyt/"), {
        "number": "3", "case_code": "SUS", "title": "Nyt punkt om misbrug", "case_text": "Lang tekst."})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Punkt 3 findes allerede på dagsordenen" in html
    assert 'value="Nyt punkt om misbrug"' in html and "Lang tekst.</textarea>" in html
    response = client.post(world.url(f"udvalgsmoeder/{world.meeting.pk}/punkter-nyt/"), {
        "number": "5", "case_code": "sus", "title": "Nyt punkt om misbrug", "next": "another"})
    assert response.status_code == 302
    assert response["Location"] == world.url(f"udvalgsmoeder/{world.meeting.pk}/punkter-nyt/")
    assert CommitteeAgendaItem.objects.get(meeting=world.meeting, number=5).case_code == "SUS"


def test_edit_item(client, world):
    item = world.items[3]
    as_user(client, world, "secretariat")
    response = client.post(world.url(f"udvalgspunkter/{item.pk}/"), {
        "number": "3", "case_code": "SUS/ØU/KB", "title": "Ny Sundhedspolitik", "url": "", "case_text": "",
        "closed": "on"})
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert (item.title, item.closed) == ("Ny Sundhedspolitik", True)


# --- The committee meeting page and commenting -----------------------------------------------------------------

def test_meeting_page_lists_items_with_case_text_collapsed(client, world):
    html = as_user(client, world, "member").get(world.url(f"udvalgsmoeder/{world.meeting.pk}/")).content.decode()
    assert "Punkt 3.</span>" not in html  # headings are plain text
    assert "Punkt 3. SUS/ØU/KB – Udarbejdelse af ny Sundhedspolitik 2018" in " ".join(html.split())
    assert '<details class="details">' in html and "Sagsfremstilling til punkt 3." in html
    assert "https://kommune.example/punkt-3" in html
    # A member outside the working group reads but gets no comment form.
    assert f'name="c{world.items[3].pk}-text"' not in html
    assert "Kommentarerne skrives af udvalgets arbejdsgruppe" in html


@pytest.mark.parametrize("key", ["group", "chair", "secretariat"])
def test_working_group_formandskab_and_secretariat_comment(client, world, key):
    item = world.items[3]
    as_user(client, world, key)
    html = client.get(world.url(f"udvalgsmoeder/{world.meeting.pk}/")).content.decode()
    assert f'name="c{item.pk}-text"' in html
    response = client.post(world.url(f"udvalgspunkter/{item.pk}/kommentar/"),
                           comment_post(item, "Husk de hjemløse."))
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    comment = ItemComment.objects.get(council=world.council, item=item)
    assert (comment.text, comment.relevant, comment.version) == ("Husk de hjemløse.", True, 1)
    assert comment.updated_by == world.users[key]


def test_member_outside_the_working_group_cannot_comment(client, world):
    item = world.items[3]
    response = as_user(client, world, "member").post(world.url(f"udvalgspunkter/{item.pk}/kommentar/"),
                                                     comment_post(item, "Min mening."))
    assert response.status_code == 403 and "Ingen adgang" in response.content.decode()
    assert not ItemComment.objects.exists()
    # GET is not a way in either.
    assert client.get(world.url(f"udvalgspunkter/{item.pk}/kommentar/")).status_code == 405


def test_comment_with_cpr_is_refused_and_the_text_kept(client, world):
    item = world.items[3]
    text = "Borgeren med CPR 010190-1234 har brug for hjælp.\nResten af teksten er vigtig."
    response = as_user(client, world, "group").post(world.url(f"udvalgspunkter/{item.pk}/kommentar/"),
                                                    comment_post(item, text))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Teksten ser ud til at indeholde et CPR-nummer" in html
    assert "Resten af teksten er vigtig.</textarea>" in html
    assert not ItemComment.objects.exists()


def test_comment_conflict_is_409_with_both_texts(client, world):
    item = world.items[3]
    services.item_comment_save(council=world.council, item=item, relevant=True, text="Formandens tekst.",
                               expected_version=0, actor=world.users["chair"])
    response = as_user(client, world, "group").post(world.url(f"udvalgspunkter/{item.pk}/kommentar/"),
                                                    comment_post(item, "Suneses tekst.", version=0))
    assert response.status_code == 409
    html = response.content.decode()
    assert "To har skrevet i kommentaren samtidig" in html
    assert 'data-testid="stored-comment">Formandens tekst.' in html
    assert 'data-testid="submitted-comment">Suneses tekst.' in html
    assert "Suneses tekst.</textarea>" in html  # the user's text stays in the field
    assert f'name="c{item.pk}-version" value="1"' in html  # saving again merges onto version 1
    assert ItemComment.objects.get(item=item).text == "Formandens tekst."
    response = client.post(world.url(f"udvalgspunkter/{item.pk}/kommentar/"),
                           comment_post(item, "Formandens tekst. Suneses tekst.", version=1))
    assert response.status_code == 302
    assert ItemComment.objects.get(item=item).text == "Formandens tekst. Suneses tekst."


def test_unmarking_relevant_keeps_the_text(client, world):
    item = world.items[2]
    as_user(client, world, "group")
    client.post(world.url(f"udvalgspunkter/{item.pk}/kommentar/"), comment_post(item, "Udkast."))
    client.post(world.url(f"udvalgspunkter/{item.pk}/kommentar/"), comment_post(item, "Udkast.", version=1,
                                                                                 relevant=False))
    comment = ItemComment.objects.get(item=item)
    assert (comment.relevant, comment.text) == (False, "Udkast.")


def test_meeting_page_query_count_is_flat(client, world, django_assert_max_num_queries):
    as_user(client, world, "group")
    url = world.url(f"udvalgsmoeder/{world.meeting.pk}/")
    services.item_comment_save(council=world.council, item=world.items[3], relevant=True, text="K",
                               expected_version=0)
    with django_assert_max_num_queries(14) as baseline:
        assert client.get(url).status_code == 200
    count = len(baseline.captured_queries)
    more = add_items(world.council, world.meeting, [(n, "SUS/ØU", f"Ekstra punkt {n}") for n in range(5, 45)])
    for item in list(more.values())[::2]:
        services.item_comment_save(council=world.council, item=item, relevant=True, text="Kommentar",
                                   expected_version=0, actor=world.users["group"])
    with django_assert_max_num_queries(count):
        response = client.get(url)
    assert "Ekstra punkt 44" in response.content.decode()


# --- Tenancy ----------------------------------------------------------------------------------------------------

def test_another_municipalitys_ids_are_404(client, world, other):
    as_user(client, world, "secretariat")
    gets = [f"{other.committee.pk}/", f"{other.committee.pk}/rediger/", f"{other.committee.pk}/foelg/",
            f"{other.committee.pk}/udvalgsmoede/nyt/", f"udvalgsmoeder/{other.meeting.pk}/",
            f"udvalgsmoeder/{other.meeting.pk}/rediger/", f"udvalgsmoeder/{other.meeting.pk}/punkter-nyt/",
            f"udvalgspunkter/{other.item.pk}/", f"udvalgsmoeder/{other.meeting.pk}/brev/"]
    for suffix in gets:
        response = client.get(world.url(suffix))
        assert response.status_code == 404, suffix
        assert "Andetby" not in response.content.decode()
    posts = [f"{other.committee.pk}/foelg/stop/", f"udvalgspunkter/{other.item.pk}/kommentar/",
             f"udvalgsmoeder/{other.meeting.pk}/brev/godkend/", f"udvalgsmoeder/{other.meeting.pk}/brev/send/"]
    for suffix in posts:
        assert client.post(world.url(suffix), {}).status_code == 404, suffix
    assert CommitteeFollow.objects.filter(council=other.council).exists()
    html = client.get(world.url()).content.decode()
    assert "Andetby" not in html


def test_committee_page_query_count_is_flat(client, world, django_assert_max_num_queries):
    as_user(client, world, "member")
    url = world.url(f"{world.committee.pk}/")
    with django_assert_max_num_queries(14) as baseline:
        assert client.get(url).status_code == 200
    count = len(baseline.captured_queries)
    for n in range(12):
        meeting = services.committee_meeting_create(council=world.council, committee=world.committee,
                                                    starts_at=local(meeting_day(20 + n), 16))
        items = add_items(world.council, meeting, [(1, "SUS", "Et"), (2, "SUS", "To")])
        services.item_comment_save(council=world.council, item=items[1], relevant=True, text="K",
                                   expected_version=0)
    services.committee_follow_save(council=world.council, committee=world.committee,
                                   members=[world.seed[name] for name in ("Helle Bøgh", "Janni Friis", "Ulrik Mose")])
    with django_assert_max_num_queries(count):
        response = client.get(url)
    assert response.content.decode().count("<tr>") == 1 + 13
