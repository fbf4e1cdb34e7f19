"""The import page: who may use it (the secretariat only), the report it renders after an upload
(Danish, counts, lists, reasons, links to the committee meetings), and bad uploads – too large,
empty, broken, unsafe – with Danish errors and nothing written."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from hearings.importers import base
from hearings.models import Committee, CommitteeAgendaItem, CommitteeMeeting

FIXTURES = Path(__file__).parent / "fixtures"


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (FIXTURES / name).read_bytes(),
                              content_type="application/octet-stream")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def rows():
    return Committee.objects.count(), CommitteeMeeting.objects.count(), CommitteeAgendaItem.objects.count()


@pytest.fixture
def secretary(make_user):
    return make_user("sekretariat@example.org", name="Sara Sekretær")


@pytest.fixture
def council(make_council, secretary):
    return make_council("nordby", name="Udsatterådet Nordby", secretary=secretary)


@pytest.fixture
def url(council):
    return reverse("hearings:import", args=[council.slug])


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


def test_the_upload_page_explains_the_formats(secretary_client, url):
    response = secretary_client.get(url)
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Importér udvalgsmøder</h1>" in page
    assert 'enctype="multipart/form-data"' in page
    assert '<label class="form-label" for="id_file">Fil med udvalgsmøder</label>' in page
    assert "SBSYS eller Acadre" in page and "kalenderfil (.ics)" in page
    assert 'aria-current="page"' in page  # nav and breadcrumb
    assert "højst fylde 5 MB og have 2.000 punkter" in page


@pytest.mark.parametrize("role", ["member", "chair", "anonymous", "other_secretary"])
def test_only_the_secretariat_may_import(client, council, url, role, make_user, add_member, make_council):
    from councils import services as council_services

    if role in ("member", "chair"):
        user = make_user(f"{role}@example.org")
        membership = add_member(council, f"{role.title()} Hansen", user=user)
        if role == "chair":
            council_services.position_assign(council=council, person=membership.person, kind="chair",
                                             start=membership.start)
        client.force_login(user)
    elif role == "other_secretary":
        other = make_user("sydby@example.org")
        make_council("sydby", secretary=other)
        client.force_login(other)
    get = client.get(url)
    post = client.post(url, {"file": upload("sbsys_sus_2018-03-14.xml")})
    if role == "anonymous":
        assert get.status_code == 302 and "/konto/" in get["Location"]
        assert post.status_code == 302
    else:
        assert get.status_code == 403 and post.status_code == 403
    assert rows() == (0, 0, 0)


def test_unknown_council_is_404(secretary_client):
    assert secretary_client.get(reverse("hearings:import", args=["findes-ikke"])).status_code == 404


def test_upload_renders_the_report_in_danish(secretary_client, url, council):
    response = secretary_client.post(url, {"file": upload("sbsys_sus_2018-03-14.xml")})
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Rapport over importen</h1>" in page
    assert "Filen “sbsys_sus_2018-03-14.xml” er læst som SBSYS-dagsorden (XML)." in page
    assert "Importen er gemt." in page
    assert '<td data-count="added">8</td>' in page and '<td data-count="refused">0</td>' in page
    assert "SUS 14.03.2018 kl. 16.00, punkt 3: Udarbejdelse af ny Sundhedspolitik 2018" in page
    meeting = CommitteeMeeting.objects.get()
    try:
        meeting_url = reverse("hearings:committee_meeting", args=[council.slug, meeting.pk])
    except NoReverseMatch:
        meeting_url = None
    if meeting_url:
        assert f'<a href="{meeting_url}">SUS 14.03.2018 kl. 16.00</a>' in page
    assert "Importér en fil mere" in page
    assert '<th scope="row">Tilføjet</th>' in page

    again = text(secretary_client.post(url, {"file": upload("sbsys_sus_2018-03-14.xml")}))
    assert "Der var intet nyt i filen" in again and '<td data-count="unchanged">7</td>' in again
    assert rows() == (1, 1, 6)


def test_partial_file_report_lists_refused_lines_with_reasons(secretary_client, url):
    page = text(secretary_client.post(url, {"file": upload("sbsys_partial.xml")}))
    assert "Afvist (6)" in page
    assert "<li>Linje 12: punkt 2 mangler en overskrift</li>" in page
    assert "Linje 22: punkt 4 “Klage over afgørelse om hjemmehjælp” er afvist: sagsfremstilling: Teksten ser ud til " \
           "at indeholde et CPR-nummer" in page
    assert "010190-1234" not in page
    assert CommitteeAgendaItem.objects.count() == 2


def test_calendar_upload(secretary_client, url):
    page = text(secretary_client.post(url, {"file": upload("moedeplan_2018.ics")}))
    assert "er læst som Kalenderfil (iCalendar)" in page and '<td data-count="added">7</td>' in page
    assert CommitteeMeeting.objects.count() == 4


@pytest.mark.parametrize(("name", "content", "message"), [
    ("sbsys_broken.xml", None, "Filen er ikke gyldig XML: et slutmærke passer ikke til startmærket (linje 16, "
                               "kolonne 7)."),
    ("xxe.xml", None, "Filen er afvist af sikkerhedshensyn (linje 2)"),
    ("billion_laughs.xml", None, "Filen er afvist af sikkerhedshensyn"),
    ("moedeplan_broken.ics", None, "linje 7 er ikke en gyldig kalenderlinje"),
    ("tom.xml", b"", "Filen er tom."),
    ("referat.pdf", b"%PDF-1.4\n...", "Filen er hverken et XML-manifest fra et sagssystem eller en kalenderfil"),
])
def test_bad_files_give_a_danish_error_and_write_nothing(secretary_client, url, name, content, message):
    response = secretary_client.post(url, {"file": upload(name, content)})
    assert response.status_code == 400
    page = text(response)
    assert "Der er fejl i formularen. Intet er gemt endnu" in page
    assert message.replace("<", "&lt;").replace(">", "&gt;") in page
    assert rows() == (0, 0, 0)


def test_missing_file(secretary_client, url):
    response = secretary_client.post(url, {})
    assert response.status_code == 400 and "Vælg en fil." in text(response)


def test_oversized_file_is_refused_before_it_is_read(secretary_client, url, monkeypatch):
    from hearings.forms import imports as forms_imports

    monkeypatch.setattr(forms_imports, "MAX_IMPORT_BYTES", 1024)
    response = secretary_client.post(url, {"file": upload("stor.xml", b"<Dagsorden>" + b" " * 2048 + b"</Dagsorden>")})
    assert response.status_code == 400
    assert "Filen “stor.xml” er for stor" in text(response) and rows() == (0, 0, 0)


def test_real_size_limit_message(secretary_client, url):
    data = b"<Dagsorden>" + b" " * base.MAX_IMPORT_BYTES + b"</Dagsorden>"
    response = secretary_client.post(url, {"file": upload("kaempe.xml", data)})
    assert response.status_code == 400
    assert ("Filen “kaempe.xml” er for stor (5,0 MB). En importfil må højst fylde 5 MB – del den op i flere "
            "filer.") in text(response)
    assert rows() == (0, 0, 0)


def test_get_and_post_query_counts_are_small(secretary_client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        secretary_client.get(url)
    secretary_client.post(url, {"file": upload("sbsys_sus_2018-03-14.xml")})
    with django_assert_max_num_queries(25):
        secretary_client.post(url, {"file": upload("sbsys_sus_2018-03-14.xml")})
