"""Library reads: search by title and source (case-insensitive, Danish letters included), by tag,
the order (newest year first, then title), the tag chips, and one council only.

The properties: for simple ASCII/Danish titles every result matches the query and nothing that
matches is missed."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from library import selectors, services
from library.models import Document, Tag
from library.tests.conftest import REPORT_SOURCE, REPORT_TITLE

pytestmark = pytest.mark.django_db

LETTERS = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ"
WORDS = st.text(alphabet=LETTERS, min_size=1, max_size=8)
TITLES = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)


def titles_of(queryset) -> list[str]:
    return [d.title for d in queryset]


def matches(query: str, *texts: str) -> bool:
    key = selectors.search_key(query)
    return any(key in selectors.search_key(text) for text in texts)


def test_search_by_title_and_source_case_insensitively_with_danish_letters(lib):
    lib.add(REPORT_TITLE, source=REPORT_SOURCE, year=2018)
    lib.add("Ældrepolitik for Albertslund", source="Albertslund Kommune", year=2020)
    lib.add("Boligsociale indsatser", source="Socialstyrelsen", year=2019)
    council = lib.council
    assert titles_of(selectors.document_list(council=council, query="bisidder")) == [REPORT_TITLE]
    assert titles_of(selectors.document_list(council=council, query="  BISIDDERORDNINGER ")) == [REPORT_TITLE]
    assert titles_of(selectors.document_list(council=council, query="ældre")) == ["Ældrepolitik for Albertslund"]
    assert titles_of(selectors.document_list(council=council, query="RÅDET FOR")) == [REPORT_TITLE]
    assert titles_of(selectors.document_list(council=council, query="albertslund")) == [
        "Ældrepolitik for Albertslund"]
    assert titles_of(selectors.document_list(council=council, query="udsatte rådet")) == []  # not across fields
    assert titles_of(selectors.document_list(council=council, query="kommunen")) == []


def test_search_by_tag_and_both(lib):
    bisidder = lib.add(REPORT_TITLE, tags=["Bisidder", "rapport"], year=2018)
    lib.add("Bisidderkorps i Aarhus", tags=["Bisidder"], year=2021)
    lib.add("Årsrapport 2020", tags=["rapport"], year=2020)
    tag = Tag.objects.get(council=lib.council, name="Bisidder")
    assert titles_of(selectors.document_list(council=lib.council, tag=tag)) == [
        "Bisidderkorps i Aarhus", REPORT_TITLE]
    assert titles_of(selectors.document_list(council=lib.council, tag=tag, query="rapport")) == [bisidder.title]


def test_order_newest_year_first_then_title_no_year_last(lib):
    lib.add("B-rapport", year=2018)
    lib.add("A-rapport", year=2018)
    lib.add("Uden år")
    lib.add("Ny politik", year=2024)
    assert titles_of(selectors.document_list(council=lib.council)) == [
        "Ny politik", "A-rapport", "B-rapport", "Uden år"]


def test_listing_tag_chips_only_tags_in_use_with_counts_and_unknown_tag_ignored(lib):
    lib.add("Et", tags=["bolig", "bisidder"])
    lib.add("To", tags=["bolig"])
    Tag.objects.create(council=lib.council, name="ubrugt")
    lib.add("Fremmed", council=lib.other, tags=["fremmed"])
    listing = selectors.document_listing(council=lib.council)
    assert [(t.name, t.n_documents) for t in listing.tags] == [("bisidder", 1), ("bolig", 2)]
    assert listing.tag is None and not listing.filtered
    foreign = Tag.objects.get(name="fremmed")
    listing = selectors.document_listing(council=lib.council, tag_id=foreign.pk)
    assert listing.tag is None and listing.page.paginator.count == 2
    bolig = Tag.objects.get(name="bolig")
    listing = selectors.document_listing(council=lib.council, tag_id=bolig.pk, query=" to ")
    assert listing.tag == bolig and listing.query == "to" and titles_of(listing.page) == ["To"]


def test_one_council_only(lib):
    lib.add(REPORT_TITLE)
    lib.add(REPORT_TITLE + " i Tredjeby", council=lib.other)
    assert titles_of(selectors.document_list(council=lib.council, query="bisidder")) == [REPORT_TITLE]
    other_doc = Document.objects.get(council=lib.other)
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.document_get(council=lib.council, pk=other_doc.pk)


def test_rows_written_without_the_services_are_still_found(lib):
    Document.objects.create(council=lib.council, title="Rapport om bisidderordninger", year=2018)
    assert titles_of(selectors.document_list(council=lib.council, query="Bisidder")) == [
        "Rapport om bisidderordninger"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(TITLES, min_size=1, max_size=5), data=st.data())
def test_property_every_result_matches_and_nothing_matching_is_missed(lib, titles, data):
    Document.objects.filter(council=lib.council).delete()
    for title in titles:
        services.document_create(council=lib.council, title=title, source="Rådet for Socialt Udsatte",
                                 url="https://udsatte.dk")
    # Half the time a piece of one of the titles in another case, else any short text.
    title = data.draw(st.sampled_from(titles))
    start = data.draw(st.integers(0, len(title) - 1))
    piece = title[start:start + data.draw(st.integers(1, 6))]
    query = data.draw(st.one_of(st.just(piece.swapcase()), st.just(piece.upper()), WORDS))
    found = list(selectors.document_list(council=lib.council, query=query))
    everything = list(Document.objects.filter(council=lib.council))
    assert all(matches(query, d.title, d.source) for d in found), query
    expected = {d.pk for d in everything if matches(query, d.title, d.source)}
    assert {d.pk for d in found} == expected, query


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tagsets=st.lists(st.lists(st.sampled_from(["bolig", "Bolig", "bisidder", "Æbler", "æbler", "rapport"]),
                                 max_size=3), min_size=1, max_size=4), choice=st.integers(0, 10))
def test_property_tag_filter_finds_exactly_the_tagged(lib, tagsets, choice):
    Document.objects.filter(council=lib.council).delete()
    Tag.objects.filter(council=lib.council).delete()
    for i, names in enumerate(tagsets):
        services.document_create(council=lib.council, title=f"Dokument {i}", url="https://udsatte.dk", tags=names)
    tags = list(Tag.objects.filter(council=lib.council))
    assert len({t.name.casefold() for t in tags}) == len(tags)  # reused whatever the case
    if not tags:
        return
    tag = tags[choice % len(tags)]
    found = {d.title for d in selectors.document_list(council=lib.council, tag=tag)}
    expected = {f"Dokument {i}" for i, names in enumerate(tagsets)
                if tag.name.casefold() in {n.casefold() for n in names}}
    assert found == expected
