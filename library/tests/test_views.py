"""Library pages through the Django test client: the search form and tag chips, the document page,
the file download (content type, safe name), adding/editing/deleting with Danish errors and
nothing lost, permissions and tenancy (another council's document is a 404, its file too), and
constant query counts on the list and the document page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from library.models import Document, Tag
from library.tests.conftest import EXE_BYTES, REPORT_SOURCE, REPORT_TITLE, make_theme, pdf_bytes, upload

pytestmark = pytest.mark.django_db

EXE = EXE_BYTES


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def sec(lib, client_for):
    return client_for(lib.secretary)


@pytest.fixture
def member(lib, client_for):
    return client_for(lib.member)


# --- The list -----------------------------------------------------------------------------------

def test_list_search_form_with_labels_and_results_sorted(member, lib):
    lib.add(REPORT_TITLE, source=REPORT_SOURCE, year=2018, tags=["bisidder", "rapport"])
    lib.add("Ældrepolitik", source="Albertslund Kommune", year=2020, tags=["politik"])
    response = member.get(lib.url())
    assert response.status_code == 200
    page = html(response)
    assert '<form method="get" class="stemme-filter" role="search"' in page
    assert re.search(r'<label class="form-label" for="id_q">Søg i titel og kilde', page)
    assert '<input type="search" name="q"' in page
    assert page.index("Ældrepolitik") < page.index(REPORT_TITLE)
    assert "2 dokumenter" in page
    assert "Tilføj et dokument" not in page  # a member does not manage the library


def test_list_free_text_search(member, lib):
    lib.add(REPORT_TITLE, source=REPORT_SOURCE, year=2018)
    lib.add("Ældrepolitik", source="Albertslund Kommune", year=2020)
    page = html(member.get(lib.url(), {"q": "BISIDDER"}))
    assert REPORT_TITLE in page and "Ældrepolitik" not in page
    assert "1 dokument fundet" in page
    assert 'value="BISIDDER"' in page
    page = html(member.get(lib.url(), {"q": "rådet for socialt"}))
    assert REPORT_TITLE in page
    page = html(member.get(lib.url(), {"q": "ingenting her"}))
    assert "Ingen dokumenter passer til søgningen." in page


def test_list_tag_chips_with_aria_current_and_filter(member, lib):
    lib.add(REPORT_TITLE, year=2018, tags=["bisidder", "rapport"])
    lib.add("Ældrepolitik", year=2020, tags=["politik"])
    page = html(member.get(lib.url()))
    bisidder = Tag.objects.get(council=lib.council, name="bisidder")
    url = lib.url()
    assert f'<a class="library-chip" href="{url}" aria-current="true">Alle</a>' in page
    assert f'href="{url}?emne={bisidder.pk}"' in page
    page = html(member.get(lib.url(), {"emne": bisidder.pk}))
    assert REPORT_TITLE in page and "Ældrepolitik" not in page
    assert f'<a class="library-chip" href="{url}?emne={bisidder.pk}" aria-current="true"' in page
    assert f'<a class="library-chip" href="{url}">Alle</a>' in page
    # The search keeps the tag (hidden field) and the chips keep the text.
    assert f'<input type="hidden" name="emne" value="{bisidder.pk}">' in page
    page = html(member.get(lib.url(), {"emne": bisidder.pk, "q": "rapport"}))
    assert f'<a class="library-chip" href="{url}?q=rapport">Alle</a>' in page
    rapport = Tag.objects.get(council=lib.council, name="rapport")
    assert f'href="{url}?emne={rapport.pk}&amp;q=rapport"' in page


def test_list_bad_parameters_are_ignored(member, lib):
    lib.add(REPORT_TITLE)
    response = member.get(lib.url(), {"emne": "abc", "side": "99"})
    assert response.status_code == 200 and REPORT_TITLE in html(response)


def test_list_paginates_and_keeps_the_search(member, lib):
    for i in range(25):
        lib.add(f"Rapport {i:02d}", year=2000 + i, tags=())
    page = html(member.get(lib.url(), {"q": "rapport"}))
    assert "Side 1 af 2" in page and 'href="?q=rapport&amp;side=2"' in page
    assert "Rapport 24" in page and "Rapport 00" not in page
    page = html(member.get(lib.url(), {"q": "rapport", "side": 2}))
    assert "Rapport 00" in page and "Rapport 24" not in page


# --- The document page and the file -------------------------------------------------------------

def test_document_page_shows_everything(member, lib):
    theme = make_theme(lib.council, "Bisidderordning")
    document = lib.add(REPORT_TITLE, source=REPORT_SOURCE, year=2018, tags=["bisidder"], file=upload(),
                       description="Erfaringer fra fem kommuner.", themes=[theme], url="https://udsatte.dk/r")
    page = html(member.get(lib.url(document)))
    assert f"<h1>{REPORT_TITLE}</h1>" in page
    for text in (REPORT_SOURCE, "2018", "bisidder", "Bisidderordning", "Erfaringer fra fem kommuner.",
                 "https://udsatte.dk/r", "rapport-om-bisidderordninger-for-socialt-udsatte.pdf"):
        assert text in page
    assert f'href="{lib.url(document, "fil/")}"' in page
    assert "Ret dokumentet" not in page


def test_file_download_content_type_and_safe_name(member, lib):
    document = lib.add('Rapport: "bisidder" ../../etc/passwd\r\nX-Evil: 1', file=upload("x.pdf"))
    response = member.get(lib.url(document, "fil/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert disposition == 'inline; filename="rapport-bisidder-etcpasswd-x-evil-1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_word_file_is_a_download_with_danish_name(member, lib):
    from library.tests.conftest import docx_bytes

    document = lib.add("Rådets forretningsorden", file=upload("fo.docx", docx_bytes()))
    response = member.get(lib.url(document, "fil/"))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "r%C3%A5dets-forretningsorden.docx" in response["Content-Disposition"]


def test_link_only_document_file_url_redirects_to_the_link(member, lib):
    document = lib.add("Socialpolitik", url="https://kommune.dk/socialpolitik.pdf")
    response = member.get(lib.url(document, "fil/"))
    assert response.status_code == 302 and response["Location"] == "https://kommune.dk/socialpolitik.pdf"


# --- Permissions and tenancy --------------------------------------------------------------------

def test_member_may_read_but_not_manage(member, lib):
    document = lib.add(file=upload())
    for suffix in ("ny/",):
        assert member.get(lib.url(suffix=suffix)).status_code == 403
    for suffix in ("rediger/", "slet/"):
        assert member.get(lib.url(document, suffix)).status_code == 403
        assert member.post(lib.url(document, suffix), {"title": "Hacket"}).status_code == 403
    assert member.post(lib.url(suffix="ny/"), {"title": "X", "url": "https://x.dk"}).status_code == 403
    assert Document.objects.get().title == REPORT_TITLE


def test_anonymous_is_sent_to_login(client, lib):
    document = lib.add(file=upload())
    for path in (lib.url(), lib.url(document), lib.url(document, "fil/")):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/konto/log-ind/")


def test_another_councils_document_is_a_404_also_for_the_file(lib, client_for):
    theirs = lib.add("Tredjebys hemmelige rapport", council=lib.other, file=upload())
    ours = lib.add(file=upload())
    for user in (lib.secretary, lib.member):
        browser = client_for(user)
        for suffix in ("", "fil/", "rediger/", "slet/"):
            response = browser.get(lib.url(theirs, suffix))
            if user == lib.member and suffix in ("rediger/", "slet/"):
                assert response.status_code == 403
            else:
                assert response.status_code == 404, (user, suffix)
        assert "Tredjebys" not in html(browser.get(lib.url()))
    # The other council's secretary cannot reach ours through their own slug, nor ours at all.
    other = client_for(lib.other_secretary)
    assert other.get(lib.url(ours, "fil/", council=lib.other)).status_code == 404
    assert other.get(lib.url(ours, "fil/")).status_code == 403
    assert other.post(lib.url(ours, "slet/", council=lib.other)).status_code == 404
    assert Document.objects.filter(pk=ours.pk).exists()


# --- Add, edit, delete --------------------------------------------------------------------------

def test_secretary_adds_a_document_with_file_tags_and_theme(sec, lib):
    theme = make_theme(lib.council, "Bisidderordning")
    make_theme(lib.other, "Fremmed tema")
    Tag.objects.create(council=lib.council, name="Bisidder")
    form = html(sec.get(lib.url(suffix="ny/")))
    assert 'enctype="multipart/form-data"' in form
    assert "Bisidderordning (2026)" in form and "Fremmed tema" not in form
    response = sec.post(lib.url(suffix="ny/"), {
        "title": REPORT_TITLE, "source": REPORT_SOURCE, "year": "2018", "description": "Til inspiration.",
        "url": "", "tags": "bisidder, rapport", "themes": [theme.pk], "file": upload("rapport.pdf")})
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == lib.url(document)
    assert sorted(t.name for t in document.tags.all()) == ["Bisidder", "rapport"]
    assert Tag.objects.filter(council=lib.council).count() == 2
    assert list(document.themes.all()) == [theme]
    assert document.content_type == "application/pdf"
    assert AuditEvent.objects.filter(action="library.document.created", actor=lib.secretary).exists()
    page = html(sec.get(response["Location"]))
    assert "er lagt i biblioteket" in page and "Ret dokumentet" in page


def test_another_councils_theme_is_refused_by_the_form(sec, lib):
    foreign = make_theme(lib.other, "Fremmed tema")
    make_theme(lib.council, "Eget tema")
    response = sec.post(lib.url(suffix="ny/"), {"title": "Rapport", "url": "https://udsatte.dk",
                                                "themes": [foreign.pk]})
    assert response.status_code == 400
    assert "Vælg blandt rådets egne temaer." in html(response)
    assert not Document.objects.exists()


def test_disguised_and_oversized_uploads_are_refused_in_danish_with_nothing_lost(sec, lib, settings):
    response = sec.post(lib.url(suffix="ny/"), {"title": REPORT_TITLE, "source": REPORT_SOURCE, "year": "2018",
                                                "tags": "bisidder", "file": upload("rapport.pdf", EXE)})
    assert response.status_code == 400
    page = html(response)
    assert "kan ikke bruges som dokument" in page and "uanset hvad filnavnet siger" in page
    assert f'value="{REPORT_TITLE}"' in page and f'value="{REPORT_SOURCE}"' in page and 'value="bisidder"' in page
    assert 'aria-invalid="true"' in page or "form-error" in page
    settings.STEMME_MAX_UPLOAD_BYTES = 1024
    response = sec.post(lib.url(suffix="ny/"), {"title": REPORT_TITLE, "file": upload("stor.pdf",
                                                                                      pdf_bytes() + b"0" * 2048)})
    assert response.status_code == 400 and "er for stor" in html(response)
    response = sec.post(lib.url(suffix="ny/"), {"title": REPORT_TITLE})
    assert response.status_code == 400 and "Vælg en fil, eller skriv et link til dokumentet." in html(response)
    assert not Document.objects.exists()


def test_cpr_number_is_refused_in_the_form(sec, lib):
    response = sec.post(lib.url(suffix="ny/"), {"title": "Sag om 010190-1234", "url": "https://udsatte.dk"})
    assert response.status_code == 400 and "CPR-nummer" in html(response)
    assert not Document.objects.exists()


def test_secretary_edits_and_deletes(sec, lib, django_capture_on_commit_callbacks):
    document = lib.add(file=upload(), tags=["bisidder", "Rapport"], year=2018)
    form = html(sec.get(lib.url(document, "rediger/")))
    assert f'value="{REPORT_TITLE}"' in form and 'value="Rapport, bisidder"' in form
    assert "Fjern den nuværende fil" in form
    response = sec.post(lib.url(document, "rediger/"), {"title": "Ny titel", "year": "2019",
                                                        "tags": "RAPPORT, bolig", "url": ""})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Ny titel" and document.file
    assert sorted(t.name for t in document.tags.all()) == ["Rapport", "bolig"]
    assert "Vil du slette" in html(sec.get(lib.url(document, "slet/")))
    with django_capture_on_commit_callbacks(execute=True):
        response = sec.post(lib.url(document, "slet/"))
    assert response.status_code == 302 and response["Location"] == lib.url()
    assert not Document.objects.exists()
    assert AuditEvent.objects.filter(action="library.document.deleted").exists()


# --- Query counts -------------------------------------------------------------------------------

def _fill(lib, n: int):
    themes = [make_theme(lib.council, f"Tema {i}") for i in range(n)]
    for i in range(3 * n):
        lib.add(f"Rapport {i}", year=2000 + i % 20, tags=[f"emne{i % (2 * n)}", f"fælles{i % n}"],
                themes=themes[i % n:i % n + 1], source="Rådet for Socialt Udsatte")


@pytest.mark.parametrize("params", [{}, {"q": "rapport"}, {"emne": "first"}])
def test_list_query_count_is_constant(member, lib, django_assert_max_num_queries, params):
    def get():
        query = dict(params)
        if query.get("emne") == "first":
            query["emne"] = Tag.objects.filter(council=lib.council).order_by("pk").first().pk
        return query

    _fill(lib, 1)
    query = get()
    member.get(lib.url(), query)  # warm the session
    with CaptureQueriesContext(connection) as once:
        assert member.get(lib.url(), query).status_code == 200
    _fill(lib, 10)
    query = get()
    with django_assert_max_num_queries(len(once)):
        response = member.get(lib.url(), query)
    assert response.status_code == 200 and html(response).count('data-testid="document-row"') >= 2


def test_document_page_query_count_is_constant(member, lib, django_assert_max_num_queries):
    few = lib.add("Få", tags=["a"], themes=[make_theme(lib.council)], file=upload())
    many = lib.add("Mange", tags=[f"emne{i}" for i in range(10)],
                   themes=[make_theme(lib.council, f"Tema {i}") for i in range(10)], file=upload())
    member.get(lib.url(few))
    with CaptureQueriesContext(connection) as once:
        member.get(lib.url(few))
    with django_assert_max_num_queries(len(once)):
        assert member.get(lib.url(many)).status_code == 200
