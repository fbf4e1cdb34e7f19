"""Library services: a document with a file or a link, tags created on the fly and reused whatever
their case, themes of the council's own only, uploads refused in Danish, the CPR guard, editing,
deleting and the audit trail."""

import pytest
from django.core.files.storage import default_storage

from core.errors import ApplicationError
from core.models import AuditEvent
from library import services
from library.models import Document, Tag
from library.tests.conftest import EXE_BYTES, REPORT_SOURCE, REPORT_TITLE, docx_bytes, make_theme, upload

pytestmark = pytest.mark.django_db

EXE = EXE_BYTES


def test_create_with_pdf_sniffs_type_stores_under_random_name_and_audits(lib):
    theme = make_theme(lib.council)
    document = services.document_create(
        council=lib.council, title=f"  {REPORT_TITLE} ", source=REPORT_SOURCE, year=2018,
        description="Erfaringer fra bisidderordninger i fem kommuner.", file=upload("Bisidder rapport.pdf"),
        tags=["Bisidder", "rapport"], themes=[theme], actor=lib.secretary)
    document.refresh_from_db()
    assert document.title == REPORT_TITLE
    assert document.content_type == "application/pdf"
    assert document.size > 0
    assert document.file.name.startswith("library/") and "Bisidder" not in document.file.name
    assert default_storage.exists(document.file.name)
    assert document.search == "rapport om bisidderordninger for socialt udsatte\nrådet for socialt udsatte"
    assert sorted(t.name for t in document.tags.all()) == ["Bisidder", "rapport"]
    assert list(document.themes.all()) == [theme]
    assert document.added_by == lib.secretary
    event = AuditEvent.objects.get(action="library.document.created")
    assert event.actor == lib.secretary and event.council == lib.council
    assert event.after["tags"] == ["Bisidder", "rapport"] and event.after["themes"] == [theme.pk]
    assert event.after["year"] == 2018


def test_link_only_document_and_word_file(lib):
    link = lib.add("Socialpolitik 2022", url="https://kommune.dk/socialpolitik.pdf", tags=())
    assert not link.file and link.url == "https://kommune.dk/socialpolitik.pdf"
    word = lib.add("Rådets forretningsorden", file=upload("forretningsorden.docx", docx_bytes()))
    assert word.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_file_or_a_link_is_needed(lib):
    with pytest.raises(ApplicationError) as error:
        services.document_create(council=lib.council, title="Uden indhold", actor=lib.secretary)
    assert error.value.field == "file"
    assert str(error.value) == "Vælg en fil, eller skriv et link til dokumentet."
    assert not Document.objects.exists()


def test_title_required_and_year_checked(lib):
    with pytest.raises(ApplicationError, match="Skriv dokumentets titel."):
        lib.add("   ")
    with pytest.raises(ApplicationError, match="Skriv et årstal mellem 1900 og") as error:
        lib.add("Gammel rapport", year=1850)
    assert error.value.field == "year"


# --- Tags ---------------------------------------------------------------------------------------

def test_tag_names_parse_trims_dedupes_case_insensitively():
    assert services.tag_names_parse(" Bisidder,bolig ,, BISIDDER; hjemløshed  i  byen ,") == [
        "Bisidder", "bolig", "hjemløshed i byen"]
    assert services.tag_names_parse("") == []
    assert services.tag_names_parse(None) == []


def test_tag_too_long_or_with_cpr_is_refused_in_danish():
    with pytest.raises(ApplicationError, match="for langt") as error:
        services.tag_names_parse("x" * 61)
    assert error.value.field == "tags"
    with pytest.raises(ApplicationError, match="CPR-nummer"):
        services.tag_names_parse("bolig, 010190-1234")


def test_tags_are_reused_case_insensitively_and_created_on_the_fly(lib):
    first = lib.add("Første rapport", tags=["Bisidder", "Æblehaven"])
    second = lib.add("Anden rapport", tags=["bisidder", "æblehaven", "bolig"])
    assert Tag.objects.filter(council=lib.council).count() == 3
    assert {t.pk for t in second.tags.all()} >= {t.pk for t in first.tags.all()}
    assert sorted(t.name for t in second.tags.all()) == ["Bisidder", "bolig", "Æblehaven"]


def test_tags_are_per_council(lib):
    lib.add(tags=["bisidder"])
    lib.add(council=lib.other, tags=["Bisidder"])
    assert Tag.objects.filter(name__iexact="bisidder").count() == 2
    assert {t.council_id for t in Tag.objects.all()} == {lib.council.pk, lib.other.pk}


# --- Themes: the council's own only -------------------------------------------------------------

def test_theme_of_another_council_is_refused(lib):
    own = make_theme(lib.council, "Bolig")
    foreign = make_theme(lib.other, "Fremmed tema")
    with pytest.raises(ApplicationError) as error:
        lib.add(themes=[own, foreign])
    assert error.value.field == "themes"
    assert str(error.value) == "Et dokument kan kun knyttes til rådets egne temaer."
    assert not Document.objects.exists()
    document = lib.add(themes=[own])
    with pytest.raises(ApplicationError):
        services.document_update(document=document, title=document.title, url=document.url, themes=[foreign])
    assert list(Document.objects.get(pk=document.pk).themes.all()) == [own]


# --- Uploads refused in Danish -----------------------------------------------------------------

def test_disguised_upload_is_refused_in_danish(lib):
    with pytest.raises(ApplicationError) as error:
        lib.add(file=upload("rapport.pdf", EXE))
    assert error.value.field == "file" and error.value.code == "disguised"
    assert "kan ikke bruges som dokument" in str(error.value) and "uanset hvad filnavnet siger" in str(error.value)
    with pytest.raises(ApplicationError, match="kan ikke bruges"):
        lib.add(file=upload("side.pdf", b"<html><script>alert(1)</script></html>"))
    assert not Document.objects.exists()


def test_oversized_and_empty_uploads_are_refused_in_danish(lib, settings):
    settings.STEMME_MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(ApplicationError) as error:
        lib.add(file=upload("stor.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)))
    assert error.value.code == "too_large"
    assert str(error.value).startswith("Filen “stor.pdf” er for stor (2,0 MB).")
    assert str(error.value).endswith("Et dokument må højst fylde 1 MB.")
    with pytest.raises(ApplicationError, match="er tom"):
        lib.add(file=upload("tom.pdf", b""))
    assert not Document.objects.exists()


# --- CPR guard ----------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["title", "source", "description"])
def test_cpr_number_is_refused_in_every_free_text(lib, field):
    values = {"title": "Rapport", "source": "", "description": ""}
    values[field] = "Sag om 010190-1234"
    with pytest.raises(ApplicationError, match="CPR-nummer") as error:
        services.document_create(council=lib.council, url="https://udsatte.dk", actor=lib.secretary, **values)
    assert error.value.field == field
    assert not Document.objects.exists()


# --- Edit and delete ----------------------------------------------------------------------------

def test_update_replaces_file_and_deletes_the_old_one(lib, django_capture_on_commit_callbacks):
    document = lib.add(file=upload())
    old = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.document_update(document=document, title="Ny titel", source=REPORT_SOURCE, year=2019,
                                 file=upload("ny.docx", docx_bytes()), tags=["ny"], actor=lib.secretary)
    document.refresh_from_db()
    assert document.title == "Ny titel" and document.year == 2019
    assert document.content_type.endswith("wordprocessingml.document")
    assert not default_storage.exists(old) and default_storage.exists(document.file.name)
    assert [t.name for t in document.tags.all()] == ["ny"]
    event = AuditEvent.objects.get(action="library.document.updated")
    assert event.before["title"] == REPORT_TITLE and event.after["title"] == "Ny titel"
    assert event.before["tags"] == ["bisidder"] and event.after["tags"] == ["ny"]


def test_removing_the_file_needs_a_link(lib, django_capture_on_commit_callbacks):
    document = lib.add(file=upload())
    with pytest.raises(ApplicationError, match="skal have et link") as error:
        services.document_update(document=document, title=document.title, remove_file=True)
    assert error.value.field == "url"
    document = Document.objects.get(pk=document.pk)
    stored = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.document_update(document=document, title=document.title, remove_file=True,
                                 url="https://udsatte.dk/rapport")
    document.refresh_from_db()
    assert not document.file and document.content_type == "" and document.size == 0
    assert not default_storage.exists(stored)


def test_delete_removes_file_keeps_tags_and_audits(lib, django_capture_on_commit_callbacks):
    document = lib.add(file=upload())
    stored = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document, actor=lib.secretary)
    assert not Document.objects.exists()
    assert not default_storage.exists(stored)
    assert Tag.objects.filter(council=lib.council, name="bisidder").exists()
    event = AuditEvent.objects.get(action="library.document.deleted")
    assert event.before["title"] == REPORT_TITLE and event.actor == lib.secretary
