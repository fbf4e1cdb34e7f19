"""The words of the search index (core/search/text.py): Danish stems shared by index and query,
FTS5 syntax never reaching the MATCH expression, snippets escaped before they are marked."""

import re

from hypothesis import given
from hypothesis import strategies as st

from core.search import text


def test_a_danish_word_and_its_inflections_share_a_stem():
    assert text.stem("høringssvarene") == text.stem("høringssvar") == text.stem("Høringssvaret")
    assert text.stem("møderne") == text.stem("mødet")


def test_function_words_are_left_out_of_queries_and_the_index():
    wanted = [text.stem("møde"), text.stem("rådet"), text.stem("budget")]
    assert text.query_terms("møde i rådet og budget") == (wanted, [])
    assert text.index_text("Rådet og kommunen") == f"{text.stem('rådet')} {text.stem('kommunen')}"


def test_fts5_syntax_is_read_as_spaces_and_every_term_is_quoted():
    expression = text.fts5_query('"budget" NEAR(a b) * title:x ^start ( OR ) -bolig')
    assert expression == ('("budg" AND "near" AND "a" AND "b" AND "titl" AND "x" AND "start") '
                          f'NOT ("{text.stem("bolig")}")')
    assert text.fts5_query("-kun -udelukket") == ""   # nothing wanted: nothing is searched
    assert text.fts5_query("og i på") == ""


@given(st.text(max_size=300))
def test_any_query_becomes_a_list_of_quoted_stems(query):
    expression = text.fts5_query(query)
    without_terms = re.sub(r'"[^"]*"', "", expression)
    assert set(without_terms.replace("AND", "").replace("NOT", "").replace("OR", "")) <= set(" ()")


def test_snippets_escape_before_they_mark():
    snippet = text.snippet("<script>alert('høringssvar')</script> Rådets høringssvarene & mere", ["høringssvar"])
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>høringssvarene</mark>" in snippet and "&amp; mere" in snippet
    assert text.highlight("<b>Høringssvar</b>", ["høringssvar"]) == "&lt;b&gt;<mark>Høringssvar</mark>&lt;/b&gt;"


def test_a_long_text_shows_the_passage_with_the_matches():
    body = " ".join(["fyld"] * 200 + ["bostøtte", "til", "unge"] + ["fyld"] * 200)
    snippet = text.snippet(body, [text.stem("bostøtte")])
    assert snippet.startswith("… ") and snippet.endswith(" …") and "<mark>bostøtte</mark>" in snippet
    assert len(snippet.split()) < 40


@given(st.text(max_size=200), st.text(max_size=50))
def test_snippets_never_leak_markup(body, query):
    snippet = text.snippet(body, text.query_terms(query)[0])
    assert "<" not in snippet.replace("<mark>", "").replace("</mark>", "")
